"""The weekly digest: each responsible person hears once a week what is late or due soon.

One message per person per ISO week, through the outbox, in the person's language. The
outbox message's dedupe key holds the person and the week, so running the job twice, from
two schedulers, or again after a crash, queues nothing twice.
"""

from __future__ import annotations

import logging
from datetime import date

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from stem.accounts.models import User
from stem.actions import wording
from stem.actions.queries import SOON_DAYS, digest_actions, today
from stem.actions.word_back_job import queue_word_back
from stem.core.db import db
from stem.core.urls import public_url
from stem.notify.models import OutboxMessage
from stem.notify.outbox import queue_for_user
from stem.notify.scheduler import register_job

log = logging.getLogger(__name__)


def week_key(on: date) -> str:
    """"2026-W50": the ISO year and week of a day."""
    year, week, _day = on.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(user: User, on: date) -> str:
    return f"action-digest:{user.id}:{week_key(on)}"


def render_digest(user: User, actions: list, on: date) -> tuple[str, str]:
    """(subject, body) of one person's digest, in their language."""
    late = [a for a in actions if a.is_overdue(on)]
    soon = [a for a in actions if not a.is_overdue(on)]
    with force_locale(user.locale):
        subject = _("Vervolgacties: %(late)d te laat, %(soon)d binnenkort", late=len(late), soon=len(soon))
        body = render_template(
            "actions/messages/digest.txt",
            user=user,
            late=late,
            soon=soon,
            days=SOON_DAYS,
            title=lambda a: wording.title(a, user.locale)[1],
            link=lambda a: public_url("actions.detail", action_id=a.id),
            overview=public_url("actions.overview", status="overdue"),
        )
    return subject, body


def queue_digests(on: date | None = None) -> int:
    """Queue this week's digest for everyone with late or soon-due actions; return how many."""
    on = on or today()
    queued = 0
    for user_id, actions in digest_actions(on).items():
        user = db.session.get(User, user_id)
        if user is None or not user.active or not user.address:
            continue
        key = digest_key(user, on)
        if db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
            continue  # sent this week already
        subject, body = render_digest(user, actions, on)
        # The key also decides between two schedulers racing: the outbox keeps one.
        queue_for_user(user, kind="action_digest", subject=subject, body=body, dedupe_key=key)
        queued += 1
    return queued


def action_digest() -> None:
    """The digest job; idempotent per person and ISO week.

    It runs every morning, so the week's digest goes out on Monday, or on the first day
    after Monday that a scheduler runs: downtime delays it, never skips a week.
    """
    queued = queue_digests()
    db.session.commit()
    if queued:
        log.info("action digest: queued %d messages", queued)


register_job("action_digest", action_digest, "cron", hour=7, minute=30)


def word_back() -> None:
    """Tell the people who raised a signal what became of it: one message a day at most.

    Idempotent per person and Amsterdam day (see stem.actions.word_back_job).
    """
    queued = queue_word_back()
    db.session.commit()
    if queued:
        log.info("word back: queued %d messages", queued)


register_job("action_word_back", word_back, "interval", minutes=15)
