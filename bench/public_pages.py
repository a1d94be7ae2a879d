"""The public commitment overview (/public) with 200 public actions and 2,000 updates.

    .venv/bin/python bench/public_pages.py [--duration 10] [--no-write]

Builds a demo database (`stem demo`, SQLite) in bench/.work/, adds 200 public actions
linked to the seeded commitments (Dutch and reviewed Arabic texts) and 2,000 approved
public updates, then serves, one at a time with the same gunicorn settings:

- Stem's floor (bench/floor_app.py, GET /bench/floor: Stem's request handling, no page);
- Stem: GET /public/?lang=nl (the overview, a full render), and the same request with the
  ETag of the first answer in If-None-Match (a 304 without a render);
- bare Flask (bench/bare_app.py).

Throughput, latency and server CPU per request of each, as a share of Stem's public floor
and of bare Flask measured in the same run; and the first-load bytes of the overview with
everything it references, gzipped (target <= 60 KB). The figures go to bench/RESULTS.md
between `<!-- public-pages:start/end -->`.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime, timedelta

from lib import (
    BENCH_DIR,
    REPO_DIR,
    WORK_DIR,
    BenchError,
    gunicorn,
    prepare_demo_db,
    request,
    stem_env,
)
from load import LoadSettings
from results import kb, machine, table, write_section
from run import WORKERS, load_target
from weight import page_weight

sys.path.insert(0, str(REPO_DIR))

PUBLIC_DB = WORK_DIR / "public-pages.db"
ACTIONS, UPDATES = 200, 2000
OVERVIEW = "/public/?lang=nl"
WEIGHT_TARGET = 60 * 1024


def seed(env: dict[str, str]) -> None:
    """200 public actions and 2,000 approved public updates on the demo database."""
    import sqlalchemy as sa

    os.environ.update(env)
    from stem import create_app
    from stem.accounts.models import User
    from stem.actions.models import Action, ActionText, ActionUpdate, ActionUpdateText
    from stem.commitments.models import Commitment
    from stem.core.db import db

    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        staff = db.session.scalar(sa.select(User).where(User.role == "staff").limit(1))
        commitments = list(db.session.scalars(sa.select(Commitment)))
        statuses = ("planned", "in_progress", "in_progress", "done")
        now = datetime.now(UTC)
        actions = []
        for n in range(ACTIONS):
            status = statuses[n % len(statuses)]
            action = Action(
                responsible_id=staff.id if staff else None, owner_department="Asiel en Integratie",
                status=status, progress={"planned": 0, "done": 100}.get(status, (n * 7) % 100),
                starts_on=date(2026, 1, 1), due_on=date(2027, 1, 1) + timedelta(days=n),
                public=True, updated_at=now,
            )
            action.texts = [
                ActionText(locale="nl", title=f"Vervolgactie {n}: taal oefenen in het Welkomhuis",
                           description="Drie keer per week, met vrijwilligers.", reviewed=True),
                ActionText(locale="ar", title=f"إجراء المتابعة {n}: ممارسة اللغة",
                           description="ثلاث مرات في الأسبوع.", reviewed=True),
            ]
            action.commitments = [commitments[n % len(commitments)]]
            actions.append(action)
        db.session.add_all(actions)
        db.session.flush()
        for n in range(UPDATES):
            update = ActionUpdate(
                action_id=actions[n % ACTIONS].id, author_id=staff.id if staff else None,
                happened_on=date(2026, 1, 1) + timedelta(days=n % 300), public=True,
                state="approved", approved_at=now, next_on=date(2027, 2, 1),
            )
            update.texts = [ActionUpdateText(locale="nl", happened=f"Melding {n}: een groep is gestart.",
                                             next_steps="Een tweede groep op woensdag.", reviewed=True)]
            db.session.add(update)
        db.session.commit()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")


def cold_render(env: dict[str, str], runs: int = 15) -> float:
    """Median CPU milliseconds of a full render of the overview, in-process, with no page
    kept rendered (what the first visitor after a change costs)."""
    import statistics
    import time

    os.environ.update(env)
    from stem import create_app
    from stem.public import caching

    app = create_app({"RATELIMIT_ENABLED": False})
    client = app.test_client()
    client.get(OVERVIEW)
    times = []
    for _ in range(runs):
        caching._rendered.clear()
        started = time.process_time()
        if client.get(OVERVIEW).status_code != 200:
            raise BenchError(f"GET {OVERVIEW} failed in-process")
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    settings = LoadSettings(duration=args.duration)
    env = stem_env(PUBLIC_DB)
    print("Preparing the demo database with 200 public actions and 2,000 updates …", flush=True)
    prepare_demo_db(env, PUBLIC_DB)
    seed(env)
    cold = cold_render(env)
    print(f"  a full render of the overview (nothing kept rendered): {cold:.1f} ms CPU", flush=True)
    loads = {}
    with gunicorn("public-floor", "floor_app:create_app()", env, workers=WORKERS,
                  pythonpath=BENCH_DIR, ready_path="/bench/floor") as server:
        print("  load: Stem's floor (GET /bench/floor) …", flush=True)
        loads["floor"] = load_target(server, "/bench/floor", settings)
    with gunicorn("public-stem", "stem:create_app()", env, workers=WORKERS,
                  ready_path=OVERVIEW) as server:
        first = request(server.port, "GET", OVERVIEW)
        etag = first.header("ETag")
        if first.status != 200 or not etag:
            raise BenchError(f"GET {OVERVIEW} answered {first.status} without an ETag")
        if first.header("Set-Cookie"):
            raise BenchError(f"GET {OVERVIEW} set a cookie")
        again = request(server.port, "GET", OVERVIEW, headers={"If-None-Match": etag})
        if again.status != 304:
            raise BenchError(f"a conditional GET {OVERVIEW} answered {again.status}, not 304")
        weight = page_weight(server.port, OVERVIEW)
        print(f"  first load of {OVERVIEW}: {kb(weight.compressed)} gzipped", flush=True)
        print(f"  load: GET {OVERVIEW} …", flush=True)
        loads["overview"] = load_target(server, OVERVIEW, settings)
        print(f"  load: GET {OVERVIEW} with If-None-Match (304) …", flush=True)
        loads["overview_304"] = load_target(server, OVERVIEW, settings, {"If-None-Match": etag})
    bare_env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    with gunicorn("public-bare", "bare_app:create_app()", bare_env, workers=WORKERS,
                  pythonpath=BENCH_DIR) as server:
        print("  load: bare Flask (GET /) …", flush=True)
        loads["bare"] = load_target(server, "/", settings)
    body = report(loads, weight, settings, cold)
    print(body)
    if not args.no_write:
        write_section("public-pages", body)
    return 0


def _ms(value) -> str:
    return "–" if value is None else f"{value:.2f} ms"


def report(loads, weight, settings, cold: float) -> str:
    floor, bare = loads["floor"], loads["bare"]
    names = {"floor": "Stem's public floor (GET /bench/floor)", "overview": f"GET {OVERVIEW}",
             "overview_304": f"GET {OVERVIEW}, If-None-Match → 304", "bare": "bare Flask (GET /)"}
    rows = []
    for key, label in names.items():
        r = loads[key]
        rows.append([
            label, f"{r.rps:,.0f}", f"{r.p50_ms:.1f} ms", f"{r.p95_ms:.1f} ms",
            f"{r.rps / floor.rps:.0%}" if floor.rps else "–",
            f"{r.rps / bare.rps:.0%}" if bare.rps else "–",
            _ms(r.server_cpu_ms),
            f"{floor.server_cpu_ms / r.server_cpu_ms:.0%}"
            if floor.server_cpu_ms and r.server_cpu_ms else "–",
            str(r.errors),
        ])
    ok = "met" if weight.compressed <= WEIGHT_TARGET else "NOT met"
    return "\n".join([
        "## Public pages: the commitment overview (/public)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; `stem demo` database"
        f" (SQLite) with {ACTIONS} public actions and {UPDATES:,} approved public updates;"
        f" {WORKERS} sync gunicorn workers, {settings.connections} connections,"
        f" {settings.duration:.0f} s per load. `.venv/bin/python bench/public_pages.py`.",
        "",
        table(["Request", "Requests/s", "p50", "p95", "vs floor", "vs bare", "CPU/request",
               "vs floor (CPU)", "Errors"], rows),
        "",
        f"- First load of {OVERVIEW} with everything it references: {kb(weight.compressed)}"
        f" gzipped ({kb(weight.raw)} raw), target ≤ 60 KB: {ok}. No scripts on the public pages.",
        "- The 304 answers after one aggregate query (the newest change to anything public);"
        " no template is rendered. Each worker keeps the pages it rendered by ETag (64 at"
        " most), so the plain GET above is served from that after the first request; a full"
        f" render (the first visitor after a change, in-process, median of 15) takes {cold:.1f} ms"
        " of CPU.",
    ])


if __name__ == "__main__":
    raise SystemExit(main())
