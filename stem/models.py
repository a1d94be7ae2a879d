"""Imports every model, so Alembic and the tests see the whole schema."""

from stem.accounts.models import (
    Consent,
    LoginToken,
    MemberProfile,
    Organisation,
    RecoveryCode,
    User,
)
from stem.commitments.models import Commitment
from stem.core.models import AuditEvent, Heartbeat
from stem.notify.models import OutboxMessage
from stem.signals.models import Theme

__all__ = [
    "AuditEvent",
    "Commitment",
    "Consent",
    "Heartbeat",
    "LoginToken",
    "MemberProfile",
    "Organisation",
    "OutboxMessage",
    "RecoveryCode",
    "Theme",
    "User",
]
