"""The word-back job for 10,000 contributors: time until every message is queued.

Seeds 10,000 signals, each raised by one person (seven in ten members with an account, the
others reported on behalf of, by e-mail or SMS), in eight languages, linked to five public
actions that have texts in every language. Each person has three pieces of pending news
(two public updates and a status change). Then one run of the job, timed from reading the
pending news to the commit: one message per person queued, all news marked sent.

    .venv/bin/python bench/word_back.py
    .venv/bin/python bench/word_back.py --database-url postgresql://postgres@127.0.0.1:5432/bench
      (PostgreSQL: the database is emptied first)

Target (issue 13): all messages queued in <= 5 s.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOCALES = ("nl", "en", "ar", "fa_AF", "ti", "tr", "uk", "so")
WEIGHTS = (40, 10, 15, 10, 10, 5, 5, 5)
PEOPLE = 10_000
ACTIONS = 5


def build(url: str, folder: Path):
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from stem import create_app
    from stem.accounts.models import User
    from stem.actions.models import (
        Action,
        ActionText,
        ActionUpdate,
        ActionUpdateText,
        WordBackEvent,
        action_signals,
    )
    from stem.core.db import db
    from stem.signals.models import Signal, SignalSubmitter, Theme

    app = create_app(
        {
            "STEM_ENV": "testing",
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": url,
            "LOG_LEVEL": "WARNING",
            "RATELIMIT_ENABLED": False,
        },
        instance_path=str(folder / "instance"),
    )
    rng = random.Random(13)
    now = datetime.now(UTC)
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        staff = User(role="staff", email="staf@bench.example", display_name="Staf")
        db.session.add(staff)
        db.session.flush()
        theme = db.session.scalar(sa.select(Theme.id))
        actions = []
        for n in range(ACTIONS):
            action = Action(responsible_id=staff.id, owner_department="Asiel en Integratie",
                            status="in_progress", progress=40, public=True)
            action.texts = [ActionText(locale=code, title=f"Actie {n} ({code})", reviewed=True)
                            for code in LOCALES]
            for day in (4, 11):
                update = ActionUpdate(author_id=staff.id, happened_on=date(2027, 1, day),
                                      public=True, state="approved", approved_at=now)
                update.texts = [
                    ActionUpdateText(locale=code, happened=f"Stap {day} ({code})",
                                     next_steps=f"Daarna ({code})", reviewed=True)
                    for code in LOCALES
                ]
                action.updates.append(update)
            actions.append(action)
        db.session.add_all(actions)
        db.session.flush()
        users = []
        for n in range(PEOPLE):
            if n % 10 < 7:
                locale = rng.choices(LOCALES, WEIGHTS)[0]
                sms = rng.random() < 0.2
                users.append({"role": "member", "email": None if sms else f"lid{n}@bench.example",
                              "phone": f"+316{n:08d}" if sms else None,
                              "channel": "sms" if sms else "email", "locale": locale,
                              "display_name": "", "active": True})
        db.session.execute(sa.insert(User), users)
        user_ids = list(db.session.scalars(sa.select(User.id).where(User.role == "member")
                                           .order_by(User.id)))
        signals, submitters, link_rows = [], [], []
        for n in range(1, PEOPLE + 1):
            signals.append({"id": n, "reference": f"S-W-{n:07d}", "body": "Signaal", "language": "nl",
                            "theme_id": theme, "source": "member", "source_detail": "",
                            "status": "answered", "status_reason": "", "priority": "normal",
                            "version": 1, "created_at": now - timedelta(days=30)})
            account = user_ids[n - 1] if n - 1 < len(user_ids) else None
            sms = account is None and rng.random() < 0.3
            submitters.append({"id": n, "signal_id": n, "user_id": account,
                               "locale": rng.choices(LOCALES, WEIGHTS)[0],
                               "channel": "sms" if sms else "email",
                               "email": None if account or sms else f"buur{n}@bench.example",
                               "phone": f"+316{n:08d}" if sms else None,
                               "may_contact": True, "name": "", "created_at": now})
            link_rows.append({"action_id": actions[n % ACTIONS].id, "signal_id": n, "linked_at": now})
        for table, rows in ((Signal, signals), (SignalSubmitter, submitters)):
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(table), rows[start : start + 5000])
        db.session.execute(action_signals.insert(), link_rows)
        events = []
        for n in range(1, PEOPLE + 1):
            action = actions[n % ACTIONS]
            for update in action.updates:
                events.append({"action_id": action.id, "signal_id": n, "submitter_id": n,
                               "update_id": update.id, "kind": "update", "status": "in_progress",
                               "released": False, "created_at": now})
            events.append({"action_id": action.id, "signal_id": n, "submitter_id": n,
                           "update_id": None, "kind": "status", "status": "in_progress",
                           "released": False, "created_at": now})
        for start in range(0, len(events), 5000):
            db.session.execute(sa.insert(WordBackEvent), events[start : start + 5000])
        db.session.commit()
        # Statistics, as autovacuum (PostgreSQL) or a maintained database has them: on a
        # table filled a moment ago PostgreSQL plans the pending-news query blind (5 s).
        with db.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    import sqlalchemy as sa

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.database_url or f"sqlite:///{folder / 'word_back.db'}"
        app = build(url, folder)
        from stem.actions.models import WordBackEvent
        from stem.actions.word_back_job import queue_word_back
        from stem.core.db import db
        from stem.notify.models import OutboxMessage

        with app.app_context():
            started = time.perf_counter()
            queued = queue_word_back()
            elapsed = time.perf_counter() - started
            messages = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
            pending = db.session.scalar(sa.select(sa.func.count()).select_from(WordBackEvent)
                                        .where(WordBackEvent.sent_at.is_(None)))
            again = queue_word_back()
        engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{engine}, Python {platform.python_version()}, {platform.machine()}")
        print(f"{PEOPLE} contributors, {PEOPLE * 3} pending news: {queued} messages queued "
              f"in {elapsed:.2f} s (outbox {messages}, news left pending {pending}, "
              f"second run queued {again})")


if __name__ == "__main__":
    main()
