"""GET /healthz: 200 only with a reachable database, a live scheduler and a short queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.core.models import Heartbeat
from stem.notify.outbox import queue_message
from stem.notify.scheduler import heartbeat
from tests.conftest import make_app


def test_healthy_with_a_fresh_heartbeat(client):
    heartbeat()
    queue_message(channel="email", recipient="a@example.nl", kind="test", body="x")
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["status"] == "ok"
    assert data["database"] == {"ok": True}
    assert data["scheduler"]["ok"] is True
    assert 0 <= data["scheduler"]["heartbeat_age_seconds"] < 60
    assert data["outbox"]["ok"] is True
    assert (data["outbox"]["pending"], data["outbox"]["failed"]) == (1, 0)
    assert data["outbox"]["oldest_pending_age_seconds"] >= 0


def test_degraded_without_a_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.get_json()
    assert data["status"] == "degraded"
    assert data["database"]["ok"] is True
    assert data["scheduler"] == {"ok": False, "heartbeat_age_seconds": None}
    assert response.headers["Cache-Control"] == "no-store"


def test_degraded_with_an_old_heartbeat(app, client):
    max_age = app.config["SCHEDULER_HEARTBEAT_MAX_AGE"]
    db.session.add(Heartbeat(name="scheduler", beat_at=utcnow() - timedelta(seconds=max_age + 5),
                             host="h", pid=1))
    db.session.commit()
    data = client.get("/healthz").get_json()
    assert data["scheduler"]["ok"] is False
    assert data["scheduler"]["heartbeat_age_seconds"] > max_age


def test_degraded_when_delivery_lags_behind(app, client):
    heartbeat()
    late = utcnow() - app.config["OUTBOX_MAX_LAG"] - timedelta(minutes=1)
    for n in range(2):
        message = queue_message(channel="email", recipient=f"p{n}@example.nl", kind="test",
                                body="x")
        message.next_attempt_at = late
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    outbox = response.get_json()["outbox"]
    assert outbox["ok"] is False
    assert outbox["pending"] == 2
    assert outbox["lag_seconds"] > app.config["OUTBOX_MAX_LAG"].total_seconds()
    assert response.get_json()["scheduler"]["ok"] is True


def test_a_large_fresh_backlog_is_healthy(app, client):
    """A round's invitations, just queued: many pending messages, none late."""
    heartbeat()
    for n in range(600):
        queue_message(channel="email", recipient=f"m{n}@example.nl", kind="round_invitation",
                      body="x")
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["outbox"]["pending"] == 600


@pytest.mark.no_db_rollback
def test_unreachable_database_gives_503_json(tmp_path):
    broken = make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'stem.db'}", tmp_path / "instance")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.is_json
    data = response.get_json()
    assert data["status"] == "degraded"
    assert data["database"] == {"ok": False}


def test_visitors_see_only_whether_stem_is_healthy(client):
    heartbeat()
    queue_message(channel="email", recipient="a@example.nl", kind="test", body="x")
    db.session.commit()
    remote = {"REMOTE_ADDR": "203.0.113.5"}
    response = client.get("/healthz", environ_base=remote)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    # A local proxy forwarding a visitor's request does not count as local.
    proxied = client.get("/healthz", headers={"X-Forwarded-For": "203.0.113.5"})
    assert proxied.get_json() == {"status": "ok"}


def test_staff_see_the_details_from_anywhere(client, login_as):
    heartbeat()
    db.session.commit()
    login_as("staff")
    data = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.5"}).get_json()
    assert data["status"] == "ok"
    assert data["outbox"]["pending"] == 0


def test_a_sign_in_request_looks_the_same_for_known_and_unknown_addresses(client):
    from stem.accounts.models import SignInRequest
    from tests.factories import create_user

    create_user("member", email="known@example.nl")
    db.session.commit()
    answers = []
    for address in ("known@example.nl", "unknown@example.nl"):
        before = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.5"}).get_json()
        response = client.post_form("/sign-in", {"address": address})
        after = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.5"}).get_json()
        answers.append((response.status_code, response.headers["Location"], before == after))
    assert answers[0] == answers[1] == (303, "/sign-in/code", True)
    # The request did the same work for both: one stored request each, nothing else.
    from stem.notify.models import OutboxMessage

    assert db.session.scalar(sa.select(sa.func.count()).select_from(SignInRequest)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
