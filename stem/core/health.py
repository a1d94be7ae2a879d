"""GET /healthz: is the database reachable, the scheduler alive, the outbox flowing?"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from stem.core import bp
from stem.core.db import db, utcnow
from stem.core.models import Heartbeat
from stem.core.security import public
from stem.notify.models import OutboxMessage

log = logging.getLogger(__name__)

SCHEDULER_HEARTBEAT = "scheduler"


def _age(moment) -> float | None:
    return None if moment is None else round((utcnow() - moment).total_seconds(), 1)


def check_health() -> tuple[bool, dict[str, Any]]:
    """Collect the health report; the first value is True when everything is fine."""
    report: dict[str, Any] = {
        "database": {"ok": False},
        "scheduler": {"ok": False, "heartbeat_age_seconds": None},
        "outbox": {
            "ok": False,
            "pending": None,
            "failed": None,
            "oldest_pending_age_seconds": None,
            "lag_seconds": None,
        },
    }
    try:
        db.session.execute(sa.text("SELECT 1"))
        report["database"]["ok"] = True
        beat_at = db.session.scalar(
            sa.select(Heartbeat.beat_at).where(Heartbeat.name == SCHEDULER_HEARTBEAT)
        )
        counts = dict(
            db.session.execute(
                sa.select(OutboxMessage.status, sa.func.count())
                .where(OutboxMessage.status.in_(("pending", "failed")))
                .group_by(OutboxMessage.status)
            ).all()
        )
        oldest = db.session.scalar(
            sa.select(sa.func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == "pending"
            )
        )
        # How far delivery is behind: the oldest message that is due and not yet sent.
        # A round's ten thousand fresh invitations are a backlog, not a fault; a message
        # that waits long past its time is.
        due_since = db.session.scalar(
            sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= utcnow()
            )
        )
    except SQLAlchemyError as exc:
        log.error("healthz: database check failed (%s)", type(exc).__name__)
        db.session.rollback()
        return False, report

    config = current_app.config
    age = _age(beat_at)
    report["scheduler"] = {
        "ok": age is not None and age <= config["SCHEDULER_HEARTBEAT_MAX_AGE"],
        "heartbeat_age_seconds": age,
    }
    pending = counts.get("pending", 0)
    lag = _age(due_since)
    report["outbox"] = {
        "ok": lag is None or lag <= config["OUTBOX_MAX_LAG"].total_seconds(),
        "pending": pending,
        "lag_seconds": lag,
        "failed": counts.get("failed", 0),
        "oldest_pending_age_seconds": _age(oldest),
    }
    return all(part["ok"] for part in report.values()), report


LOOPBACK = ("127.0.0.1", "::1")


def _may_see_details() -> bool:
    """Staff, or a monitor on this machine: not a visitor, who could learn from the counts
    (a pending message more means that an address has an account)."""
    if current_user.is_authenticated and current_user.is_staff:
        return True
    # Through a proxy the request carries X-Forwarded-For, even when the proxy is local.
    return request.remote_addr in LOOPBACK and "X-Forwarded-For" not in request.headers


@bp.get("/healthz")
@public
def healthz():
    """Health for load balancers and monitoring: 200 when healthy, else 503, always JSON.

    Everyone sees whether Stem is healthy; the parts and their figures are for staff and
    for monitoring from the machine itself.
    """
    ok, report = check_health()
    body = {"status": "ok" if ok else "degraded"}
    if _may_see_details():
        body.update(report)
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
