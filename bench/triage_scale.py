"""Staff inbox and similar-signal lookup at 10,000 and 100,000 signals.

Server time, measured in process (the WSGI app called directly, templates rendered, no
network): the first page of the inbox filtered by theme and status, the default inbox, a
text search, one signal's triage page, and the similar-signal lookup on its own. Each
database is SQLite, built by the migrations and filled with realistic rows: a submitter,
a history line and sometimes a commitment link per signal, statuses as a year of work
leaves them.

    .venv/bin/python bench/triage_scale.py                  # 10,000 and 100,000
    .venv/bin/python bench/triage_scale.py --sizes 20000    # any sizes

Targets (issue 4): inbox first page <= 100 ms, similar lookup <= 200 ms at 100,000.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = {
    "nl": (
        "de taalschool zegt steeds lessen af en de coach van het welkomhuis belt niet terug "
        "mijn leerroute klopt niet met de leerbaarheidstoets het buurtteam in overvecht helpt "
        "goed maar de wachtlijst is lang ik kan geen stage vinden de bus naar de les rijdt niet "
        "op zaterdag duo lening brief is moeilijk kinderopvang tijdens de les ontbreekt"
    ),
    "en": (
        "the language school cancels lessons again the coach at the welkomhuis does not call "
        "back my learning route does not match the test the neighbourhood team helps but the "
        "waiting list is long no internship can be found the bus does not run on saturday"
    ),
    "ar": "مدرسة اللغة تلغي الدروس المدرب لا يتصل قائمة الانتظار طويلة لا يوجد تدريب الحافلة",
}
STATUSES = (
    ["new"] * 20
    + ["triage"] * 10
    + ["in_progress"] * 15
    + ["answered"] * 15
    + ["closed"] * 33
    + ["merged"] * 3
    + ["not_pursued"] * 4
)
REPEATS = 25


def _body(rng: random.Random) -> str:
    language = rng.choices(("nl", "en", "ar"), weights=(70, 15, 15))[0]
    words = WORDS[language].split()
    return " ".join(rng.choice(words) for _ in range(rng.randint(20, 90))).capitalize() + "."


def build(size: int, folder: Path, overrides: dict | None = None):
    """An app on a fresh SQLite database holding `size` signals; returns (app, staff id).

    `overrides` change the app's settings (bench/features.py measures with production's).
    """
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from stem import create_app
    from stem.accounts.models import Organisation, User
    from stem.commitments.models import Commitment
    from stem.core.db import db
    from stem.signals.models import (
        DISTRICTS,
        Signal,
        SignalEvent,
        SignalSubmitter,
        Theme,
        signal_commitments,
    )

    app = create_app(
        {
            "STEM_ENV": "testing",
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'triage.db'}",
            "LOG_LEVEL": "WARNING",
            "RATELIMIT_ENABLED": False,
            **(overrides or {}),
        },
        instance_path=str(folder / "instance"),
    )
    rng = random.Random(size)
    with app.app_context():
        upgrade()
        orgs = [Organisation(name=f"Partner {n}") for n in range(10)]
        staff = User(role="staff", email="staf@bench.example", display_name="Staf")
        members = [User(role="member", email=f"lid{n}@bench.example") for n in range(300)]
        db.session.add_all([*orgs, staff, *members])
        db.session.flush()
        themes = list(db.session.scalars(sa.select(Theme.id)))
        commitments = list(db.session.scalars(sa.select(Commitment.id)))
        start = datetime.now(UTC) - timedelta(days=730)
        rows, submitters, events, links = [], [], [], []
        for n in range(1, size + 1):
            created = start + timedelta(seconds=n * 730 * 86400 // size)
            status = rng.choice(STATUSES)
            source = rng.choices(("member", "partner", "staff"), weights=(70, 20, 10))[0]
            org = rng.choice(orgs).id if source == "partner" else None
            rows.append(
                {
                    "id": n,
                    "reference": f"S-B-{n:07d}",
                    "body": _body(rng),
                    "language": "nl",
                    "theme_id": rng.choice(themes),
                    "district": rng.choice(DISTRICTS)[0] if rng.random() < 0.6 else None,
                    "source": source,
                    "source_detail": "",
                    "organisation_id": org,
                    "status": status,
                    "status_reason": "",
                    "priority": rng.choices(("low", "normal", "high"), weights=(2, 6, 2))[0],
                    "assignee_id": staff.id if rng.random() < 0.3 else None,
                    "due_on": (created + timedelta(days=14)).date(),
                    "closed_at": created + timedelta(days=20)
                    if status in ("closed", "merged", "not_pursued")
                    else None,
                    "merged_into_id": None,
                    "version": 1,
                    "created_at": created,
                }
            )
            member = rng.choice(members)
            submitters.append(
                {
                    "signal_id": n,
                    "user_id": member.id,
                    "organisation_id": org,
                    "locale": "nl",
                    "channel": "email",
                    "may_contact": False,
                    "name": "",
                    "created_at": created,
                }
            )
            events.append(
                {"signal_id": n, "kind": "created", "old": "", "new": "new", "at": created}
            )
            if rng.random() < 0.05:
                links.append(
                    {"signal_id": n, "commitment_id": rng.choice(commitments), "linked_at": created}
                )
        for table, data in ((Signal, rows), (SignalSubmitter, submitters), (SignalEvent, events)):
            for chunk in range(0, len(data), 5000):
                db.session.execute(sa.insert(table), data[chunk : chunk + 5000])
        if links:
            db.session.execute(signal_commitments.insert(), links)
        db.session.commit()
        staff_id = staff.id
    return app, staff_id


def _timed(call, repeats: int = REPEATS) -> tuple[float, float]:
    """(median wall-clock ms, median CPU ms of this thread): CPU time is what other
    processes on a shared machine disturb least."""
    walls, cpus = [], []
    call()  # warm: templates compiled, statements cached
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.thread_time()
        call()
        cpus.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def measure(app, staff_id: int, size: int) -> dict[str, tuple[float, float]]:
    import sqlalchemy as sa

    from stem.accounts.models import User
    from stem.core.db import db
    from stem.signals.models import Signal, Theme
    from stem.signals.triage.similar import similar_signals
    from tests.conftest import sign_in_session

    client = app.test_client()
    with app.app_context():
        user = db.session.get(User, staff_id)
        theme = db.session.scalar(sa.select(Theme.id).order_by(Theme.id))
        sample = list(db.session.scalars(sa.select(Signal.id).where(Signal.status == "new")))
        with client.session_transaction() as sess:
            sign_in_session(sess, user)  # a session row of its own, as signing in makes
        db.session.commit()

    def get(path: str):
        def call():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    rng = random.Random(1)
    results = {
        "inbox, theme + status filter, page 1": _timed(
            get(f"/staff/signals?theme={theme}&status=new")
        ),
        "inbox, default (open signals), page 1": _timed(get("/staff/signals")),
        "inbox, all statuses, page 40": _timed(get("/staff/signals?status=all&page=40")),
        "inbox, text search": _timed(get("/staff/signals?q=welkomhuis&status=all"), 10),
        "triage page of one signal": _timed(get(f"/staff/signals/{rng.choice(sample)}"), 10),
    }
    with app.app_context():
        targets = [db.session.get(Signal, rng.choice(sample)) for _ in range(REPEATS + 1)]
        lookups = iter(targets)
        results["similar-signal lookup"] = _timed(lambda: similar_signals(next(lookups)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    table: dict[str, dict[int, tuple[float, float]]] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="stem-triage-") as folder:
            started = time.perf_counter()
            app, staff_id = build(size, Path(folder))
            print(f"built {size:,} signals in {time.perf_counter() - started:.0f} s", flush=True)
            for name, figures in measure(app, staff_id, size).items():
                table.setdefault(name, {})[size] = figures
    print()
    header = " | ".join(f"{size:,} signals: wall / CPU ms" for size in args.sizes)
    print(f"| measurement | {header} |")
    print("|---|" + "---|" * len(args.sizes))
    for name, by_size in table.items():
        cells = " | ".join(f"{by_size[s][0]:.1f} / {by_size[s][1]:.1f}" for s in args.sizes)
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
