"""Signals sent at the same moment, on a database with real commits.

Every signal gets its own reference number, and one form sent twice at once gives one
signal. On PostgreSQL the transactions really race (the unique index and a savepoint
settle it); on SQLite they queue for the write lock.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.signals.intake.services import create_signal
from stem.signals.models import Signal
from tests import factories
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture

pytestmark = pytest.mark.no_db_rollback


def _setup(app, members: int) -> tuple[list[int], int]:
    with app.app_context():
        theme = factories.create_theme()
        ids = [factories.create_user("member").id for _ in range(members)]
        db.session.commit()
        return ids, theme.id


def _at_once(app, jobs) -> list:
    """Run each job in its own thread and transaction, all starting together."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def worker(job):
        try:
            with app.app_context():
                barrier.wait()
                results.append(job())
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def _report(user_id: int, theme_id: int, body: str, form_key: str | None = None):
    from stem.accounts.models import User
    from stem.signals.models import Theme

    def job():
        actor = db.session.get(User, user_id)
        theme = db.session.get(Theme, theme_id)
        signal = create_signal(actor=actor, body=body, theme=theme, form_key=form_key)
        return signal.reference

    return job


def test_signals_sent_at_once_get_different_numbers(committed_app):  # noqa: F811
    app = committed_app
    members, theme_id = _setup(app, 6)
    references = _at_once(app, [_report(m, theme_id, f"Signaal {m}") for m in members])
    assert len(set(references)) == 6
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in references)
    assert numbers == list(range(numbers[0], numbers[0] + 6))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signal)) == 6


def test_one_form_sent_twice_at_once_gives_one_signal(committed_app):  # noqa: F811
    app = committed_app
    [member], theme_id = _setup(app, 1)
    key = "dubbel-" + "k" * 20
    references = _at_once(app, [_report(member, theme_id, "Zelfde", key) for _ in range(4)])
    assert len(set(references)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Signal)) == 1
