"""Load generation: wrk when it is installed, else a small threaded Python client."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from lib import BENCH_DIR, HOST, BenchError

WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
MAX_REQUESTS_PER_CONNECTION = 200_000  # a bound for the Python client, far above what 10 s allow


@dataclass(frozen=True)
class LoadSettings:
    connections: int = 16
    duration: float = 10.0
    warmup: float = 2.0
    threads: int = 2  # wrk threads; the machine has 2 cores and also runs the server


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    other_cpu: float | None = None  # share of all CPUs other processes used meanwhile
    server_cpu: float | None = None  # share of all CPUs the server used
    quiet_wait: float = 0.0  # seconds waited for the machine to become quiet first
    metered_requests: int = 0  # requests answered while the CPU meter ran
    server_cpu_ms: float | None = None  # server CPU time per request, in milliseconds

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_load(port: int, path: str, settings: LoadSettings,
             headers: dict[str, str] | None = None,
             meter: AbstractContextManager | None = None) -> LoadResult:
    """Warm up, then measure GET `path` at a fixed concurrency, with wrk or the Python client.

    `meter` (e.g. a noise.CpuMeter) runs around the measured phase with wrk, and around
    warm-up and measurement with the Python client (which counts both in metered_requests).
    """
    headers = headers or {}
    meter = meter or nullcontext()
    if have_wrk():
        _wrk(port, path, settings, headers, settings.warmup)
        with meter:
            result = _wrk(port, path, settings, headers, settings.duration)
        result.metered_requests = result.requests
        return result
    with meter:
        return _python_load(port, path, settings, headers)


def _wrk(port: int, path: str, settings: LoadSettings, headers: dict[str, str],
         seconds: float) -> LoadResult:
    args = ["wrk", f"-t{settings.threads}", f"-c{settings.connections}",
            f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(WRK_SCRIPT)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args.append(f"http://{HOST}:{port}{path}")
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if out.returncode != 0 or line is None:
        raise BenchError(f"wrk failed (exit {out.returncode}): {out.stderr.strip()[:300]}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return LoadResult(
        tool="wrk",
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        errors=sum(data[k] for k in ("status", "connect", "read", "write", "timeout")),
    )


def _python_load(port: int, path: str, settings: LoadSettings,
                 headers: dict[str, str]) -> LoadResult:
    """One thread per connection, keep-alive, requests back to back; warm-up not counted.

    Python threads share one interpreter lock and the server shares the 2 cores, so
    these figures are lower than wrk's: compare ratios, not absolute numbers.
    """
    start = time.monotonic()
    measure_from = start + settings.warmup
    stop_at = measure_from + settings.duration
    latencies: list[list[float]] = [[] for _ in range(settings.connections)]
    errors = [0] * settings.connections
    counts = [0] * settings.connections  # warm-up included

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        for _ in range(MAX_REQUESTS_PER_CONNECTION):
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status < 400
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
            t1 = time.monotonic()
            counts[slot] += 1
            if t0 >= measure_from and t1 <= stop_at:
                latencies[slot].append(t1 - t0)
                errors[slot] += not ok
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(settings.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(counts)
    samples = sorted(x for xs in latencies for x in xs)
    if not samples:
        raise BenchError(f"no successful requests to {path}")
    return LoadResult(
        tool="python",
        requests=len(samples),
        seconds=settings.duration,
        p50_ms=_percentile(samples, 50) * 1000,
        p95_ms=_percentile(samples, 95) * 1000,
        errors=sum(errors),
        metered_requests=total,
    )


def _percentile(sorted_samples: list[float], pct: float) -> float:
    index = min(len(sorted_samples) - 1, round(pct / 100 * (len(sorted_samples) - 1)))
    return sorted_samples[index]
