"""Writing the audit log."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from stem.core.db import db
from stem.core.models import AuditEvent

# Keys that must never reach the audit log, whatever a caller passes.
_FORBIDDEN = {"token", "code", "password", "answer", "answers", "secret", "otp", "body"}


def _origin() -> str | None:
    if not has_request_context():
        return "cli"
    return request.remote_addr


def audit(action: str, obj=None, *, result: str = "ok", actor=None, **details) -> AuditEvent:
    """Record an event in the current transaction; it is committed with the change it logs."""
    leaked = _FORBIDDEN & {k.lower() for k in details}
    if leaked:
        raise ValueError(f"audit details must not contain {sorted(leaked)}")
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=str(obj.id) if obj is not None and getattr(obj, "id", None) else None,
        result=result,
        origin=_origin(),
        details=details,
    )
    db.session.add(event)
    return event
