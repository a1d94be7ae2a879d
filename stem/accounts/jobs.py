"""Scheduled work for accounts: answering sign-in requests, and clearing ended sessions."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from stem.accounts.models import SignInRequest, User, UserSession
from stem.accounts.signin import answer_sign_in_request
from stem.core.db import db, utcnow
from stem.notify.delivery import deliver_one
from stem.notify.scheduler import register_job

log = logging.getLogger(__name__)
BATCH = 200


def answer_sign_in_requests(now: datetime | None = None, deliver: bool = True) -> int:
    """Turn stored sign-in requests into links and codes, and deliver those at once.

    A request older than a link's lifetime is dropped: its link would have expired too.
    Returns how many messages were queued (and, with `deliver`, sent on their way).
    """
    now = now or utcnow()
    lifetime = timedelta(minutes=current_app.config["LOGIN_LINK_MINUTES"])
    db.session.execute(sa.delete(SignInRequest).where(SignInRequest.created_at < now - lifetime))
    db.session.commit()
    queued: list[int] = []
    while True:
        rows = db.session.scalars(
            sa.select(SignInRequest).order_by(SignInRequest.id).limit(BATCH)
        ).all()
        for row in rows:
            message = answer_sign_in_request(row)
            if message is not None:
                db.session.flush()
                queued.append(message.id)
        db.session.commit()
        if len(rows) < BATCH:
            break
    # Straight to the sender: a person is waiting at the code page, and the regular
    # delivery run may be up to 15 s away. Claiming makes sure nothing goes twice.
    if deliver:
        for message_id in queued:
            deliver_one(message_id)
    return len(queued)


def clear_ended_sessions(now: datetime | None = None) -> int:
    """Delete session rows past their lifetime, and those of disabled accounts."""
    now = now or utcnow()
    cfg = current_app.config
    longest = max(cfg["MEMBER_MAX_AGE"], cfg["STAFF_MAX_AGE"])
    result = db.session.execute(
        sa.delete(UserSession).where(
            (UserSession.created_at < now - longest)
            | UserSession.user_id.in_(sa.select(User.id).where(User.active.is_(False)))
        )
    )
    db.session.commit()
    return result.rowcount


register_job("answer_sign_in_requests", answer_sign_in_requests, seconds=3)
register_job("clear_ended_sessions", clear_ended_sessions, "cron", minute=40)
