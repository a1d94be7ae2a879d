"""The outbox: every message to a person is a row first."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem.core.db import IdMixin, UTCDateTime, db, utcnow

STATUSES = ("pending", "sending", "sent", "failed")


class OutboxMessage(IdMixin, db.Model):
    """One message to one address, written in the transaction of the change that causes it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.CheckConstraint("channel IN ('email','sms')", name="channel"),
        sa.CheckConstraint("status IN ('pending','sending','sent','failed')", name="status"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    channel: Mapped[str] = mapped_column(sa.String(5))
    recipient: Mapped[str] = mapped_column(sa.String(254))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40))  # e.g. "login_link", "invitation"
    locale: Mapped[str] = mapped_column(sa.String(8), default="nl")
    subject: Mapped[str] = mapped_column(sa.String(200), default="")
    body: Mapped[str] = mapped_column(sa.Text)
    # Sensitive bodies (sign-in links) are blanked once delivered or given up on.
    sensitive: Mapped[bool] = mapped_column(default=False)
    # Optional idempotency key: the same key never queues a second message.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    status: Mapped[str] = mapped_column(sa.String(8), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when someone retries a failed message: the new end of its retry period.
    retry_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
