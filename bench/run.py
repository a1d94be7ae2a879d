"""Stem's foundation benchmark: throughput against bare Flask, and first-page weight.

Run with the project's Python:  .venv/bin/python bench/run.py
See bench/README.md for what it measures; results go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from datetime import UTC, datetime

from lib import (
    BENCH_DIR,
    REPO_DIR,
    BenchError,
    check_signed_in,
    gunicorn,
    prepare_demo_db,
    sign_in,
    stem_env,
)
from load import LoadResult, LoadSettings, have_wrk, run_load
from results import kb, machine, table, write_section
from weight import GZIP_LEVEL, PageWeight, page_weight

WORKERS = 4
MEMBER_TARGET = 0.50  # the member page should reach half the bare-Flask throughput
WEIGHT_TARGET = 60 * 1024  # first page, compressed
COMMAND = ".venv/bin/python bench/run.py"


def _stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(143)  # unwinds through the `finally` that stops gunicorn


def measure(settings: LoadSettings) -> tuple[dict[str, LoadResult], list[PageWeight]]:
    """Stem (public and member page), then bare Flask: one server at a time."""
    env = stem_env()
    print("Preparing the demo database in bench/.work/ …", flush=True)
    prepare_demo_db(env)
    loads: dict[str, LoadResult] = {}
    with gunicorn("stem", "stem:create_app()", env, workers=WORKERS) as server:
        print(f"Stem on 127.0.0.1:{server.port} ({WORKERS} sync workers)", flush=True)
        weights = [page_weight(server.port, "/"), page_weight(server.port, "/sign-in")]
        print("  load: GET / (public) …", flush=True)
        loads["public"] = run_load(server.port, "/", settings)
        cookie = sign_in(server.port)
        print("  load: GET /home (signed in as the demo member) …", flush=True)
        loads["member"] = run_load(server.port, "/home", settings, {"Cookie": cookie})
        check_signed_in(server.port, cookie)  # the cookie still worked at the end
    bare_env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    with gunicorn("bare", "bare_app:create_app()", bare_env, workers=WORKERS,
                  pythonpath=BENCH_DIR) as server:
        print(f"Bare Flask on 127.0.0.1:{server.port} ({WORKERS} sync workers)", flush=True)
        print("  load: GET / …", flush=True)
        loads["bare"] = run_load(server.port, "/", settings)
    return loads, weights


def _met(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def report(loads: dict[str, LoadResult], weights: list[PageWeight], settings: LoadSettings,
           started: datetime, took: float) -> str:
    """The Markdown section for RESULTS.md (also printed)."""
    bare = loads["bare"].rps
    labels = {"public": "Stem `/` (public start page)",
              "member": "Stem `/home` (signed-in member)",
              "bare": "Bare Flask `/` (bench/bare_app.py)"}
    rows = [[labels[k], f"{r.rps:,.0f}", f"{r.p50_ms:.1f} ms", f"{r.p95_ms:.1f} ms",
             f"{r.rps / bare:.0%}" if bare else "–", f"{r.requests:,}", str(r.errors)]
            for k, r in loads.items()]
    tool = loads["bare"].tool
    member_ratio = loads["member"].rps / bare if bare else 0.0
    first = weights[0]
    out = [
        "## Foundation: throughput and page weight",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC (took {took:.0f} s)",
        f"- Machine: {machine()}",
        f"- Command: `{COMMAND}`",
        f"- Servers: gunicorn, {WORKERS} sync workers each, on 127.0.0.1, one after the other;"
        " Stem with STEM_ENV=production on a fresh `stem demo` SQLite database",
        f"- Load: {'wrk' if tool == 'wrk' else 'Python fallback client (wrk not installed)'},"
        f" {settings.connections} keep-alive connections, {settings.warmup:.0f} s warm-up"
        f" then {settings.duration:.0f} s measured, GET only",
        "",
        table(["Target", "Requests/s", "p50", "p95", "vs bare", "Requests", "Errors"], rows),
        "",
        f"- Stem public / bare: {loads['public'].rps / bare:.0%}" if bare else "",
        f"- Stem member / bare: {member_ratio:.0%} — target ≥ {MEMBER_TARGET:.0%}:"
        f" {_met(member_ratio >= MEMBER_TARGET)}",
        "",
        f"### Page weight (first visit, gzip level {GZIP_LEVEL} as a reverse proxy would send)",
    ]
    for weight in weights:
        out += ["", f"`{weight.path}`:", ""]
        rows = [[f"`{a.path.split('?')[0]}`", a.kind, f"{a.raw:,}", f"{a.compressed:,}"]
                for a in weight.assets]
        rows.append(["**total**", "", f"**{weight.raw:,}** ({kb(weight.raw)})",
                     f"**{weight.compressed:,}** ({kb(weight.compressed)})"])
        out.append(table(["File", "Kind", "Raw bytes", "Gzip bytes"], rows))
    out += ["", f"- First page `/`: {kb(first.compressed)} compressed — target ≤"
                f" {kb(WEIGHT_TARGET)}: {_met(first.compressed <= WEIGHT_TARGET)}"]
    return "\n".join(line for line in out if line is not None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    if not 1 <= args.connections <= 256 or not 1 <= args.duration <= 60 or args.warmup > 30:
        parser.error("keep it bounded: 1–256 connections, 1–60 s measured, ≤ 30 s warm-up")
    settings = LoadSettings(args.connections, args.duration, args.warmup)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    if not have_wrk():
        print("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk); using the slower"
              " Python load generator instead — compare its ratios, not its absolute numbers.",
              file=sys.stderr)
    os.chdir(REPO_DIR)
    started, t0 = datetime.now(UTC), time.monotonic()
    try:
        loads, weights = measure(settings)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    section = report(loads, weights, settings, started, time.monotonic() - t0)
    print("\n" + section)
    if not args.no_write:
        write_section("foundation", section)
        print("\nWritten to bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
