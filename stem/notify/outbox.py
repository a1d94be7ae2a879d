"""Queueing messages. Delivery lives in stem.notify.delivery."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from stem.core.db import db
from stem.notify.models import OutboxMessage

CHANNELS = ("email", "sms")


def _find_by_key(dedupe_key: str) -> OutboxMessage | None:
    return db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))


def queue_message(
    *,
    channel: str,
    recipient: str,
    kind: str,
    body: str,
    subject: str = "",
    locale: str = "nl",
    user=None,
    sensitive: bool = False,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the current transaction (it is sent after commit).

    With a `dedupe_key`, a message already queued under that key is returned instead
    of queueing a second one, also when another transaction queued it a moment ago.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if user is not None and getattr(user, "id", 0) is None:
        db.session.flush()  # a user created in this transaction needs its id now
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        kind=kind,
        subject=subject,
        body=body,
        locale=locale,
        user_id=getattr(user, "id", None),
        sensitive=sensitive,
        dedupe_key=dedupe_key,
    )
    if dedupe_key is None:
        db.session.add(message)
        return message

    existing = _find_by_key(dedupe_key)
    if existing is not None:
        return existing
    # The unique index decides between two transactions racing for the same key;
    # the savepoint keeps the caller's transaction usable when we lose.
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        existing = _find_by_key(dedupe_key)
        if existing is None:  # the conflict was on something other than the key
            raise
        return existing
    return message


def queue_for_user(user, *, kind: str, subject: str, body: str, **kwargs) -> OutboxMessage:
    """Queue a message to a user by their preferred channel, in their language."""
    return queue_message(
        channel=user.effective_channel,
        recipient=user.address,
        kind=kind,
        subject=subject,
        body=body,
        locale=user.locale,
        user=user,
        **kwargs,
    )


def mask_recipient(address: str) -> str:
    """Hide most of an address for display: j***@example.nl, +31******78."""
    if "@" in address:
        local, _, domain = address.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if len(address) <= 5:
        return "*" * len(address)
    return address[:3] + "*" * (len(address) - 5) + address[-2:]
