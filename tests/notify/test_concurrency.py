"""Two deliverers at once, on a database with real commits: no row is ever sent twice."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.notify.delivery import deliver_due
from stem.notify.models import OutboxMessage
from stem.notify.outbox import queue_message

pytestmark = pytest.mark.no_db_rollback


def _queue(app, count: int) -> list[str]:
    bodies = []
    with app.app_context():
        for n in range(count):
            body = f"bericht {n}"
            channel = "sms" if n % 2 else "email"
            recipient = "+31612345678" if channel == "sms" else f"p{n}@example.nl"
            queue_message(channel=channel, recipient=recipient, kind="test", body=body)
            bodies.append(body)
        db.session.commit()
    return bodies


def _run_in_threads(app, target, count: int) -> list:
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            with app.app_context():
                barrier.wait()
                results.append(target())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_concurrent_deliveries_send_every_row_exactly_once(committed_app, sms_outbox):
    app = committed_app
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    bodies = _queue(app, 60)

    reports = _run_in_threads(app, lambda: deliver_due(limit=100), 4)

    delivered = [body for _to, body in sms_outbox] + [mail.body for mail in mailman.outbox]
    assert sorted(delivered) == sorted(bodies)  # each exactly once
    assert sum(report.sent for report in reports) == 60
    assert sum(report.total for report in reports) == 60
    with app.app_context():
        statuses = db.session.scalars(sa.select(OutboxMessage.status)).all()
    assert statuses == ["sent"] * 60

