"""How busy the machine is with other work: a benchmark on a shared machine needs to know.

CPU time comes from /proc (Linux). "Other" CPU during a measurement is everything the
kernel counted as busy minus the server's process group and the load generator.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
QUIET_SHARE = 0.15  # other work may use at most this share of all CPUs before we measure


def _busy_seconds() -> float | None:
    """CPU seconds all CPUs spent busy since boot (everything but idle and iowait)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    values = [int(x) for x in fields[:8]]
    return (sum(values) - values[3] - values[4]) / TICK


def _group_seconds(pgid: int) -> float:
    """CPU seconds used so far by the living processes of one process group."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            total += (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
    return total


def _own_seconds() -> float:
    """CPU seconds of this process and its finished children (the load generator)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def other_share(seconds: float = 1.0) -> float | None:
    """Share of all CPUs (0–1) used by other processes over the next `seconds`."""
    before = _busy_seconds()
    if before is None:
        return None
    time.sleep(seconds)
    after = _busy_seconds()
    return max(0.0, (after - before) / (seconds * (os.cpu_count() or 1)))


def wait_for_quiet(max_wait: float = 20.0) -> tuple[float | None, float]:
    """Wait (bounded) until other work uses < QUIET_SHARE of the CPUs; (share, seconds waited)."""
    start = time.monotonic()
    share = other_share()
    while share is not None and share > QUIET_SHARE and time.monotonic() - start < max_wait:
        share = other_share()
    return share, time.monotonic() - start


@dataclass
class CpuMeter:
    """Measures other processes' CPU use during a block: `with CpuMeter(pgid) as m: ...`."""

    pgid: int
    other: float | None = None  # share of all CPUs used by other processes
    server: float = 0.0  # share of all CPUs used by the server
    server_seconds: float = 0.0  # CPU seconds the server used

    def __enter__(self) -> CpuMeter:
        self._t = time.monotonic()
        self._busy = _busy_seconds()
        self._server = _group_seconds(self.pgid)
        self._own = _own_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        wall = (time.monotonic() - self._t) * (os.cpu_count() or 1)
        busy = _busy_seconds()
        server = _group_seconds(self.pgid) - self._server
        own = _own_seconds() - self._own
        self.server_seconds = server
        self.server = server / wall if wall else 0.0
        if busy is not None and self._busy is not None and wall:
            self.other = max(0.0, (busy - self._busy - server - own) / wall)
