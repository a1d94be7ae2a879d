"""Load generation: wrk when it is installed, else a small threaded Python client.

GET by default; with a `Form`, POSTs of a urlencoded form (wrk runs wrk_form.lua), spread
over several paths if given, each request with its own value of a `unique_field` if named
(for forms that refuse a second submission of the same key).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import subprocess
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from lib import BENCH_DIR, HOST, BenchError

WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
WRK_FORM_SCRIPT = BENCH_DIR / "wrk_form.lua"  # POSTs a form; reports like wrk_report.lua
MAX_REQUESTS_PER_CONNECTION = 200_000  # a bound for the Python client, far above what 10 s allow


@dataclass(frozen=True)
class LoadSettings:
    connections: int = 16
    duration: float = 10.0
    warmup: float = 2.0
    threads: int = 2  # wrk threads; the machine has 2 cores and also runs the server


@dataclass(frozen=True)
class Form:
    """A form to POST (urlencoded) instead of GET."""

    body: str  # urlencoded fields, e.g. "csrf_token=…&answer=3"
    paths: tuple[str, ...] = ()  # spread the requests over these paths (else the one given)
    unique_field: str | None = None  # add this field with a fresh value to every request

    def path_for(self, default: str, n: int) -> str:
        return self.paths[n % len(self.paths)] if self.paths else default

    def body_for(self, run: str, slot: int, n: int) -> bytes:
        if self.unique_field is None:
            return self.body.encode()
        return f"{self.body}&{self.unique_field}={run}-{slot}-{n}".encode()


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
    warmup_requests: int = 0  # requests answered during wrk's separate warm-up run

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_load(port: int, path: str, settings: LoadSettings,
             headers: dict[str, str] | None = None,
             meter: AbstractContextManager | None = None, form: Form | None = None) -> LoadResult:
    """Warm up, then measure GET `path` (or POST `form`) at a fixed concurrency.

    With wrk, or else the Python client. `meter` (e.g. a noise.CpuMeter) runs around the
    measured phase with wrk, and around warm-up and measurement with the Python client
    (which counts both in metered_requests).
    """
    headers = headers or {}
    meter = meter or nullcontext()
    if have_wrk():
        warmup = _wrk(port, path, settings, headers, settings.warmup, form)
        with meter:
            result = _wrk(port, path, settings, headers, settings.duration, form)
        result.metered_requests = result.requests
        result.warmup_requests = warmup.requests
        return result
    with meter:
        return _python_load(port, path, settings, headers, form)


def _wrk(port: int, path: str, settings: LoadSettings, headers: dict[str, str],
         seconds: float, form: Form | None = None) -> LoadResult:
    script, env = WRK_SCRIPT, None
    if form is not None:
        script = WRK_FORM_SCRIPT
        env = {**os.environ, "BENCH_WRK_REPORT": str(WRK_SCRIPT), "BENCH_BODY": form.body,
               "BENCH_PATHS": " ".join(form.paths), "BENCH_UNIQUE_FIELD": form.unique_field or "",
               "BENCH_RUN": secrets.token_hex(8)}  # new unique values in every run
    args = ["wrk", f"-t{settings.threads}", f"-c{settings.connections}",
            f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(script)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args.append(f"http://{HOST}:{port}{path}")
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30, check=False,
                         env=env)
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
                 headers: dict[str, str], form: Form | None = None) -> LoadResult:
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
    run = secrets.token_hex(8)
    if form is not None:
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        for n in range(MAX_REQUESTS_PER_CONNECTION):
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            try:
                if form is None:
                    conn.request("GET", path, headers=headers)
                else:
                    conn.request("POST", form.path_for(path, slot + n),
                                 body=form.body_for(run, slot, n), headers=headers)
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
        warmup_requests=total - len(samples),  # and the few cut off at the end
    )


def _percentile(sorted_samples: list[float], pct: float) -> float:
    index = min(len(sorted_samples) - 1, round(pct / 100 * (len(sorted_samples) - 1)))
    return sorted_samples[index]


def warn_without_wrk() -> None:
    """Say so when wrk is missing: the Python fallback is slower, compare only its ratios."""
    import sys

    if not have_wrk():
        print("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk); using the slower"
              " Python load generator instead — compare its ratios, not its absolute numbers.",
              file=sys.stderr)
