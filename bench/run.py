"""Stem's foundation benchmark: throughput against bare Flask, and first-page weight.

Run with the project's Python:  .venv/bin/python bench/run.py
See bench/README.md for what it measures; results go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from floor_app import FLOOR, FORM, SIGNED_IN
from lib import (
    BENCH_DIR,
    DB_PATH,
    REPO_DIR,
    BenchError,
    Browser,
    Server,
    check_signed_in,
    csrf_token,
    framework_server,
    gunicorn,
    prepare_demo_db,
    sign_in,
    stem_env,
)
from load import Form, LoadResult, LoadSettings, run_load, warn_without_wrk
from noise import QUIET_SHARE, CpuMeter, wait_for_quiet
from results import kb, machine, table, write_section
from weight import GZIP_LEVEL, PageWeight, page_weight

WORKERS = 4
MEMBER_TARGET = 0.50  # the member page should reach half the bare-Flask throughput
WEIGHT_TARGET = 60 * 1024  # first page, compressed
COMMAND = ".venv/bin/python bench/run.py"


def _stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(143)  # unwinds through the `finally` that stops gunicorn


def load_target(server: Server, path: str, settings: LoadSettings,
                headers: dict[str, str] | None = None, form: Form | None = None) -> LoadResult:
    """Wait until other work on the machine quietens (bounded), then load one page.

    GET `path`, or with `form` POST it (see load.Form); also used by bench/features.py.
    """
    share, waited = wait_for_quiet()
    if share is not None and share > QUIET_SHARE:
        print(f"  (the machine stays busy: other work uses {share:.0%} of the CPUs)", flush=True)
    meter = CpuMeter(server.process.pid)
    result = run_load(server.port, path, settings, headers, meter, form)
    result.other_cpu, result.server_cpu, result.quiet_wait = meter.other, meter.server, waited
    if result.metered_requests:
        result.server_cpu_ms = meter.server_seconds * 1000 / result.metered_requests
    print(f"    {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms,"
          f" {_ms(result.server_cpu_ms)} server CPU per request;"
          f" other work {_share(meter.other)} of the CPUs", flush=True)
    return result


def _share(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


def _ms(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f} ms"


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
        loads["public"] = load_target(server, "/", settings)
        cookie = sign_in(server.port)
        print("  load: GET /home (signed in as the demo member) …", flush=True)
        loads["member"] = load_target(server, "/home", settings, {"Cookie": cookie})
        check_signed_in(server.port, cookie)  # the cookie still worked at the end
    loads.update(measure_floor(env, settings))
    bare_env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    with gunicorn("bare", "bare_app:create_app()", bare_env, workers=WORKERS,
                  pythonpath=BENCH_DIR) as server:
        print(f"Bare Flask on 127.0.0.1:{server.port} ({WORKERS} sync workers)", flush=True)
        print("  load: GET / …", flush=True)
        loads["bare"] = load_target(server, "/", settings)
    # Context, not the target: Flask doing the least a real page does (bench/bare_app.py).
    with framework_server("framework", workers=WORKERS) as server:
        print("  load: GET / …", flush=True)
        loads["framework"] = load_target(server, "/", settings)
    return loads, weights


def measure_floor(env: dict[str, str], settings: LoadSettings,
                  db_path: Path = DB_PATH) -> dict[str, LoadResult]:
    """Stem's request handling without a page (bench/floor_app.py), on `env`'s database."""
    loads: dict[str, LoadResult] = {}
    with gunicorn("stem-floor", "floor_app:create_app()", env, workers=WORKERS,
                  pythonpath=BENCH_DIR, ready_path=FLOOR) as server:
        print(f"Stem's floor on 127.0.0.1:{server.port} ({WORKERS} sync workers)", flush=True)
        print(f"  load: GET {FLOOR} …", flush=True)
        loads["floor"] = load_target(server, FLOOR, settings)
        cookie = sign_in(server.port, db_path=db_path)
        print(f"  load: GET {SIGNED_IN} (signed in as the demo member) …", flush=True)
        loads["floor_signed_in"] = load_target(server, SIGNED_IN, settings, {"Cookie": cookie})
        check_signed_in(server.port, cookie, SIGNED_IN)
        phone = Browser(server.port)
        fields = {"csrf_token": csrf_token(phone.get("/sign-in"))}
        resp = phone.post(FORM, fields)  # tried by hand first, so a 400 cannot pass as speed
        if resp.status != 303 or not (resp.header("Location") or "").endswith(FLOOR):
            raise BenchError(f"POST {FORM} answered {resp.status}, expected 303 to {FLOOR}")
        print(f"  load: POST {FORM} (CSRF check, 303) …", flush=True)
        loads["floor_form"] = load_target(server, FORM, settings,
                                          {"Cookie": phone.cookie_header},
                                          Form(urlencode(fields)))
    return loads


FLOOR_NAMES = {"floor": "public", "floor_signed_in": "signed in",
               "floor_form": "a form POST with its CSRF check"}


def floor_lines(loads: dict[str, LoadResult], checks: list[tuple[str, str, str, float]]
                ) -> list[str]:
    """What Stem's floor means for each (page, its key, its floor's key, target): can any
    page of Stem that does this much reach the target at all?"""
    bare = loads["bare"].rps
    if not bare or any(key not in loads for key in FLOOR_NAMES):
        return []
    figures = ", ".join(f"{name} {loads[key].rps / bare:.0%}" for key, name in FLOOR_NAMES.items())
    out = [f"- Stem's floor (bench/floor_app.py: Stem's own app, every extension and request"
           f" hook, answering with bare Flask's page; no template, no query of its own):"
           f" {figures} of bare Flask."]
    for page, key, floor_key, target in checks:
        floor_rps, page_rps = loads[floor_key].rps, loads[key].rps
        # Time per request goes as 1/throughput: what the page may add to its floor's time.
        room = floor_rps / (target * bare) - 1
        adds = floor_rps / page_rps - 1 if page_rps else float("inf")
        verdict = (f"no page of this kind can reach {target:.0%}: the floor alone misses it"
                   if room <= 0 else
                   f"to reach {target:.0%}, the page may add at most {room:.0%} to its floor's"
                   f" time per request; it adds {adds:.0%}")
        out.append(f"- {page}: its floor ({FLOOR_NAMES[floor_key]}) reaches"
                   f" {floor_rps / bare:.0%} of bare Flask; {verdict}.")
    return out


def _met(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def report(loads: dict[str, LoadResult], weights: list[PageWeight], settings: LoadSettings,
           started: datetime, took: float) -> str:
    """The Markdown section for RESULTS.md (also printed)."""
    bare = loads["bare"].rps
    labels = {"public": "Stem `/` (public start page)",
              "member": "Stem `/home` (signed-in member)",
              "floor": f"Stem's floor `{FLOOR}` (no page; public)",
              "floor_signed_in": f"Stem's floor `{SIGNED_IN}` (no page; signed in)",
              "floor_form": f"Stem's floor POST `{FORM}` (CSRF check, 303)",
              "bare": "Bare Flask `/` (bench/bare_app.py)",
              "framework": "Flask + SQLAlchemy + Jinja `/` (one query, a layout; context)"}
    rows = [[labels[k], f"{r.rps:,.0f}", f"{r.p50_ms:.1f} ms", f"{r.p95_ms:.1f} ms",
             f"{r.rps / bare:.0%}" if bare else "–", f"{r.requests:,}", str(r.errors),
             _ms(r.server_cpu_ms), _share(r.server_cpu), _share(r.other_cpu)]
            for k, r in loads.items()]
    busy = [k for k, r in loads.items() if r.other_cpu is not None and r.other_cpu > QUIET_SHARE]
    tool = loads["bare"].tool
    member_ratio = loads["member"].rps / bare if bare else 0.0
    first = weights[0]
    out = [
        "## Foundation: throughput and page weight",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC (took {took:.0f} s)",
        f"- Machine: {machine()}",
        f"- Command: `{' '.join([COMMAND, *sys.argv[1:]])}`",
        f"- Servers: gunicorn, {WORKERS} sync workers each, on 127.0.0.1, one after the other;"
        " Stem with STEM_ENV=production on a fresh `stem demo` SQLite database",
        f"- Load: {'wrk' if tool == 'wrk' else 'Python fallback client (wrk not installed)'},"
        f" {settings.connections} keep-alive connections, {settings.warmup:.0f} s warm-up"
        f" then {settings.duration:.0f} s measured; GET, except the floor's form POST",
        "",
        table(["Target", "Requests/s", "p50", "p95", "vs bare", "Requests", "Errors",
               "CPU/request", "Server CPU", "Other CPU"], rows),
        "",
        "CPU/request: CPU time of all gunicorn processes divided by the requests answered"
        " (the figure least disturbed by other work on the machine). Server CPU and Other"
        " CPU: share of all CPUs used during the measurement by the gunicorn process group,"
        " and by everything else except the load generator.",
        f"**Warning: other work used more than {QUIET_SHARE:.0%} of the CPUs during"
        f" {', '.join(busy)}; those figures are unreliable. Run again on a quiet machine.**"
        if busy else "",
        "",
        f"- Stem public / bare: {loads['public'].rps / bare:.0%}" if bare else "",
        f"- Stem member / bare: {member_ratio:.0%} — target ≥ {MEMBER_TARGET:.0%}:"
        f" {_met(member_ratio >= MEMBER_TARGET)}",
        f"- For context, Flask with one query and a templated layout"
        f" (`create_framework_app` in bench/bare_app.py) reaches"
        f" {loads['framework'].rps / bare:.0%} of bare Flask; Stem's member page reaches"
        f" {loads['member'].rps / loads['framework'].rps:.0%} of that."
        if bare and loads["framework"].rps else "",
        *floor_lines(loads, [("The member page", "member", "floor_signed_in", MEMBER_TARGET)]),
        "",
        f"### Page weight (first visit, gzip level {GZIP_LEVEL} as a reverse proxy would send)",
    ]
    for weight in weights:
        out += ["", f"`{weight.path}`:", ""]
        rows = [[f"`{a.path.split('?')[0]}`", a.kind, f"{a.raw:,}", f"{a.compressed:,}"]
                for a in weight.assets]
        rows.append(["**total**", "", f"**{weight.raw:,}** ({kb(weight.raw)})",
                     f"**{weight.compressed:,}** ({kb(weight.compressed)})"])
        out.append(table(["File", "Kind", "Raw bytes", "Gzip bytes"], rows, left=2))
    out += ["", f"- First page `/`: {kb(first.compressed)} compressed — target ≤"
                f" {kb(WEIGHT_TARGET)}: {_met(first.compressed <= WEIGHT_TARGET)}"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))  # drop the gaps of empty lines


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
    warn_without_wrk()
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
