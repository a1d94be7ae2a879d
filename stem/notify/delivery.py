"""Delivering the outbox: claim a row, send it, record the outcome — nothing twice.

Runs in the scheduler and the CLI, outside requests, so it commits explicitly:
the claim is committed before sending, and the outcome right after.
"""

from __future__ import annotations

import importlib
import logging
import secrets
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from stem.core.db import db, utcnow
from stem.notify.models import OutboxMessage
from stem.notify.senders import DeliveryError, SmsSender, send_message

log = logging.getLogger(__name__)

REMOVED_BODY = "[removed after delivery]"
INTERRUPTED_ERROR = "interrupted during delivery; sent again (it may arrive twice)"
# A live sender gives up long before this (SMTP and HTTP time out within seconds),
# so a row still `sending` after it was claimed by a process that died.
STALE_AFTER = timedelta(minutes=15)
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)

_random = secrets.SystemRandom()

# Messages whose content only makes sense for a while: a sign-in link and code expire, so
# they are not retried past their lifetime (the person asks for a new one). Everything
# else is retried for OUTBOX_RETRY_HOURS (72 by default) before it counts as failed.
EXPIRING_KINDS = {
    "sign_in": lambda cfg: timedelta(minutes=cfg["LOGIN_LINK_MINUTES"]),
    "address_code": lambda cfg: timedelta(minutes=30),
    "setup": lambda cfg: timedelta(days=3),
}

# Messages whose body holds a secret that is blanked once they are sent or given up on, but
# that can be written again from the database: "module:function", called with the message,
# returning (subject, body), or None when the message is no longer wanted (a closed round).
REBUILDERS: dict[str, str] = {
    "round_invitation": "stem.surveys.rounds.invitations:rebuild_message",
    "round_reminder": "stem.surveys.rounds.invitations:rebuild_message",
    "round_summary": "stem.surveys.results.summary_messages:rebuild_message",
}


def retry_window(kind: str) -> timedelta:
    """How long a message of this kind is retried."""
    return EXPIRING_KINDS.get(kind, lambda c: c["OUTBOX_RETRY"])(current_app.config)


def retry_until(message: OutboxMessage) -> datetime:
    """The moment after which a failing message is given up on."""
    return message.retry_until or message.created_at + retry_window(message.kind)


def rebuild(message: OutboxMessage) -> tuple[str, str] | None:
    """A fresh subject and body for a message that can be rebuilt, or None."""
    target = REBUILDERS.get(message.kind)
    if target is None:
        return None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(message)


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    interrupted: int = 0

    @property
    def total(self) -> int:
        """Rows handled in this run."""
        return self.sent + self.retried + self.failed + self.interrupted


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 1, 2, 4 … min, ±20 %, ≤ 6 h."""
    base = FIRST_BACKOFF * (2 ** min(max(attempts - 1, 0), 20))
    return min(base, MAX_BACKOFF) * _random.uniform(0.8, 1.2)


def _safe_reason(exc: BaseException) -> str:
    """A description of an unexpected error without its message (which might quote the body)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"unexpected {type(exc).__name__}{where}"


def fail_interrupted(now: datetime | None = None) -> int:
    """Send again the rows stuck in `sending`: their process died mid-send.

    The message may have left before the process died, so it may arrive twice: delivery is
    at least once for this case, never lost. A message past its lifetime fails instead.
    """
    now = now or utcnow()
    cutoff = now - STALE_AFTER
    stale = (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < cutoff)
    rows = db.session.scalars(sa.select(OutboxMessage).where(stale)).all()
    for message in rows:
        message.attempts += 1
        message.last_error = INTERRUPTED_ERROR
        message.claimed_at = None
        if now >= retry_until(message):
            _finish(message, "failed")
        else:
            message.status = "pending"
            message.next_attempt_at = now
    db.session.commit()
    if rows:
        log.warning("outbox: %d message(s) interrupted during delivery, queued again: ids %s",
                    len(rows), [m.id for m in rows])
    return len(rows)


def _claim(message_id: int, now: datetime) -> bool:
    """Take a due row for this process; only one process can win (rowcount 1)."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
        )
        .values(status="sending", claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _finish(message: OutboxMessage, status: str) -> None:
    message.status = status
    if message.sensitive:
        message.body = REMOVED_BODY


def _record_failure(message: OutboxMessage, reason: str, permanent: bool, now: datetime) -> str:
    message.attempts += 1
    message.last_error = reason[:500]
    next_try = now + backoff(message.attempts)
    if permanent or now >= retry_until(message):
        _finish(message, "failed")
        return "failed"
    message.status = "pending"
    message.claimed_at = None
    message.next_attempt_at = min(next_try, max(retry_until(message), now))
    return "retried"


def deliver_one(message_id: int, now: datetime | None = None,
                sms_sender: SmsSender | None = None) -> str | None:
    """Claim, send and record one due row; return sent/retried/failed, or None if not ours."""
    now = now or utcnow()
    if not _claim(message_id, now):
        return None
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    try:
        provider_id = send_message(message, sms_sender)
    except DeliveryError as exc:
        outcome = _record_failure(message, exc.reason, exc.permanent, now)
    except Exception as exc:  # a bug or an odd backend: retry, but never crash the run
        outcome = _record_failure(message, _safe_reason(exc), False, now)
    else:
        message.attempts += 1
        message.sent_at = utcnow()
        message.last_error = None
        _finish(message, "sent")
        outcome = "sent"
        log.info("outbox: sent id=%s kind=%s channel=%s provider_id=%s",
                 message.id, message.kind, message.channel, provider_id)
    if outcome != "sent":
        log.warning("outbox: %s id=%s kind=%s channel=%s attempts=%s: %s", outcome,
                    message.id, message.kind, message.channel, message.attempts,
                    message.last_error)
    db.session.commit()
    return outcome


# Messages to many people at once (a round's invitations) wait behind personal ones, so a
# sign-in link is never stuck behind ten thousand invitations and expires.
BULK_KINDS = ("round_invitation", "round_reminder")


def deliver_due(limit: int = 100, now: datetime | None = None) -> DeliveryReport:
    """Send up to `limit` due messages, personal ones first; safe in several processes at once."""
    now = now or utcnow()
    report = DeliveryReport(interrupted=fail_interrupted(now))
    bulk_last = sa.case((OutboxMessage.kind.in_(BULK_KINDS), 1), else_=0)
    due = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(bulk_last, OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    for message_id in due:
        outcome = deliver_one(message_id, now)
        if outcome is not None:
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def retry(message_id: int, now: datetime | None = None) -> OutboxMessage:
    """Put a failed message back in the queue with a fresh retry period (operators, staff).

    A message whose secret was removed is written again where it can be; a sign-in link
    cannot (the person asks for a new one).
    """
    now = now or utcnow()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise LookupError(f"no outbox message with id {message_id}")
    if message.status != "failed":
        raise ValueError(f"message {message_id} is {message.status}, only failed ones can retry")
    values = {"status": "pending", "attempts": 0, "next_attempt_at": now, "claimed_at": None,
              "last_error": None, "retry_until": now + retry_window(message.kind)}
    if message.sensitive and message.body == REMOVED_BODY:
        if message.kind not in REBUILDERS:
            raise ValueError(
                f"message {message_id} held a sign-in link or code that was removed; "
                "ask the person to request a new one"
            )
        fresh = rebuild(message)
        if fresh is None:
            raise ValueError(f"message {message_id} is no longer needed (its round has closed)")
        values["subject"], values["body"] = fresh
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "failed")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ValueError(f"message {message_id} changed meanwhile; try again")
    db.session.commit()
    db.session.refresh(message)
    log.info("outbox: retry id=%s kind=%s channel=%s", message.id, message.kind, message.channel)
    return message


@dataclass
class RetryReport:
    """What "retry all failed since …" did."""

    retried: int = 0
    skipped: int = 0


def retry_failed_since(since: datetime, now: datetime | None = None) -> RetryReport:
    """Retry every failed message that was queued since `since` (after an outage, say);
    those that cannot be sent again (an expired sign-in link) are skipped."""
    report = RetryReport()
    ids = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == "failed", OutboxMessage.created_at >= since)
        .order_by(OutboxMessage.id)
    ).all()
    db.session.commit()
    for message_id in ids:
        try:
            retry(message_id, now)
        except (LookupError, ValueError):
            report.skipped += 1
        else:
            report.retried += 1
    return report
