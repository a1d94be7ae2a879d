"""Triage: a signal's workflow, assignee, theme, priority, district and commitment links.

Services take the acting staff member and flush, never commit. Every change writes a
SignalEvent (who, when, old -> new). Each call takes the `version` of the signal the
staff member's form showed: when the signal has changed since, nothing is saved and
StaleSignal is raised (optimistic locking; see Signal.version).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ParamSpec, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import attributes
from sqlalchemy.orm.exc import StaleDataError

from stem.accounts.models import User
from stem.commitments.models import Commitment
from stem.core.db import db, utcnow
from stem.core.i18n import AMSTERDAM
from stem.signals.deadlines import reply_due
from stem.signals.models import (
    DISTRICT_NAMES,
    OPEN_STATUSES,
    PRIORITIES,
    Signal,
    SignalEvent,
    Theme,
    signal_commitments,
)

P = ParamSpec("P")
R = TypeVar("R")
# Where a status may go. "merged" is reached only by merging (stem.signals.triage.merge).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("triage", "in_progress", "answered", "not_pursued"),
    "triage": ("new", "in_progress", "answered", "not_pursued"),
    "in_progress": ("triage", "answered", "not_pursued"),
    "answered": ("in_progress", "closed"),
    "closed": ("in_progress",),
    "not_pursued": ("triage",),
    "merged": (),
}
# Statuses after which the retention period starts (closed_at is set).
FINISHED_STATUSES = ("closed", "not_pursued", "merged")
REASON_MAX = 1000


class TriageError(ValueError):
    """A change that cannot be made; the message is shown to staff. `field` names the input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleSignal(TriageError):
    """Someone saved the signal after this form was loaded; nothing was changed."""

    def __init__(self, signal: Signal | None = None):
        super().__init__(
            _(
                "Iemand anders heeft dit signaal net gewijzigd. Je wijziging is niet opgeslagen. "
                "Bekijk hieronder hoe het signaal nu is en probeer het opnieuw."
            )
        )
        self.signal = signal


def today():
    """Today's date in Utrecht."""
    return datetime.now(AMSTERDAM).date()


def require_staff(actor: User) -> None:
    if actor is None or not actor.is_staff:
        raise PermissionError("only staff triage signals")


def check_version(signal: Signal, version: object) -> None:
    """Raise StaleSignal unless `version` (from the form) is the signal's current version."""
    if version is None:
        return
    try:
        expected = int(str(version))
    except ValueError:
        raise StaleSignal(signal) from None
    if expected != signal.version:
        raise StaleSignal(signal)


def touch(signal: Signal) -> None:
    """Make the next flush UPDATE the signal, so its version goes up even for link changes."""
    attributes.flag_modified(signal, "status")


def flush() -> None:
    """Flush; a row changed by another transaction meanwhile becomes StaleSignal."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleSignal() from exc


def saves(service: Callable[P, R]) -> Callable[P, R]:
    """A service that saves signals: any flush in it (autoflush too) may find a row that
    another transaction changed; that becomes StaleSignal, so callers handle one error."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except StaleDataError as exc:
            raise StaleSignal() from exc

    return wrapper


def record(signal: Signal, actor: User | None, kind: str, old: str = "", new: str = "") -> None:
    """Add a line to the signal's history."""
    signal.events.append(
        SignalEvent(
            kind=kind,
            actor_id=getattr(actor, "id", None),
            old=(old or "")[:300],
            new=(new or "")[:300],
            at=utcnow(),
        )
    )
    touch(signal)


def user_label(user: User | None) -> str:
    if user is None:
        return ""
    return user.display_name or user.email or user.phone or str(user.id)


def is_overdue(signal: Signal) -> bool:
    return signal.status in OPEN_STATUSES and signal.due_on is not None and signal.due_on < today()


def allowed_statuses(signal: Signal) -> tuple[str, ...]:
    """The statuses this signal may move to now."""
    return tuple(s for s in TRANSITIONS.get(signal.status, ()) if s != "answered" or signal.replies)


def set_status(actor: User, signal: Signal, status: str, *, reason: str = "") -> bool:
    """Move along the workflow (no version check or flush: see change_status). True if changed."""
    require_staff(actor)
    reason = (reason or "").strip()
    if status == signal.status:
        return False
    if status not in TRANSITIONS.get(signal.status, ()):
        raise TriageError(_("Deze status kan hier niet gekozen worden."), "status")
    if status == "answered" and not signal.replies:
        raise TriageError(
            _(
                "Schrijf eerst een antwoord aan de indieners. Daarna kan de status 'Beantwoord' worden."
            ),
            "status",
        )
    if status == "not_pursued" and not reason:
        raise TriageError(_("Schrijf op waarom het signaal niet wordt opgepakt."), "reason")
    if len(reason) > REASON_MAX:
        raise TriageError(_("Gebruik maximaal %(max)d tekens.", max=REASON_MAX), "reason")
    old = signal.status
    signal.status = status
    now = utcnow()
    if status == "answered" and signal.answered_at is None:
        signal.answered_at = now
    if status in FINISHED_STATUSES:
        signal.closed_at = now
    else:
        signal.closed_at = None
    record(signal, actor, "status", old, status)
    if status == "not_pursued":
        signal.status_reason = reason
        record(signal, actor, "reason", "", reason)
    return True


@saves
def change_status(
    actor: User, signal: Signal, status: str, *, reason: str = "", version=None
) -> bool:
    """Change the status of one signal, from a form that showed `version`."""
    check_version(signal, version)
    changed = set_status(actor, signal, status, reason=reason)
    flush()
    return changed


def _assign(actor: User, signal: Signal, assignee: User | None) -> bool:
    if assignee is not None and (not assignee.is_staff or not assignee.active):
        raise TriageError(_("Kies een medewerker uit de lijst."), "assignee")
    if signal.assignee_id == getattr(assignee, "id", None):
        return False
    old = user_label(signal.assignee)
    signal.assignee = assignee
    record(signal, actor, "assignee", old, user_label(assignee))
    return True


def _set_theme(actor: User, signal: Signal, theme: Theme | None) -> bool:
    if theme is None:
        raise TriageError(_("Kies een thema uit de lijst."), "theme")
    if signal.theme_id == theme.id:
        return False
    old = signal.theme.name("nl") if signal.theme else ""
    signal.theme = theme
    record(signal, actor, "theme", old, theme.name("nl"))
    if signal.status in OPEN_STATUSES:
        # The deadline follows the theme: its number of working days from the day it came in.
        created = signal.created_at.astimezone(AMSTERDAM).date()
        due = reply_due(created, theme.reply_days)
        if due != signal.due_on:
            old_due = signal.due_on.isoformat() if signal.due_on else ""
            signal.due_on = due
            record(signal, actor, "due", old_due, due.isoformat())
    return True


def _set_priority(actor: User, signal: Signal, priority: str) -> bool:
    if priority not in PRIORITIES:
        raise TriageError(_("Kies een prioriteit uit de lijst."), "priority")
    if signal.priority == priority:
        return False
    old = signal.priority
    signal.priority = priority
    record(signal, actor, "priority", old, priority)
    return True


def _set_district(actor: User, signal: Signal, district: str | None) -> bool:
    district = district or None
    if district is not None and district not in DISTRICT_NAMES:
        raise TriageError(_("Kies een wijk uit de lijst."), "district")
    if signal.district == district:
        return False
    old = signal.district or ""
    signal.district = district
    record(signal, actor, "district", old, district or "")
    return True


_UNSET = object()


@saves
def update_details(
    actor: User,
    signal: Signal,
    *,
    assignee=_UNSET,
    theme=_UNSET,
    priority=_UNSET,
    district=_UNSET,
    version=None,
) -> list[str]:
    """Change any of assignee, theme, priority and district; return the names changed."""
    require_staff(actor)
    check_version(signal, version)
    if signal.status == "merged":
        raise TriageError(
            _("Dit signaal is samengevoegd. Wijzig het signaal waarin het is opgegaan.")
        )
    changed = []
    for name, value, setter in (
        ("assignee", assignee, _assign),
        ("theme", theme, _set_theme),
        ("priority", priority, _set_priority),
        ("district", district, _set_district),
    ):
        if value is not _UNSET and setter(actor, signal, value):
            changed.append(name)
    flush()
    return changed


@saves
def link_commitment(
    actor: User, signal: Signal, commitment: Commitment | None, *, version=None
) -> bool:
    """Link a signal to a council commitment; False when it already was."""
    require_staff(actor)
    check_version(signal, version)
    if commitment is None:
        raise TriageError(_("Kies een toezegging uit de lijst."), "commitment")
    if any(c.id == commitment.id for c in signal.commitments):
        return False
    db.session.execute(
        signal_commitments.insert().values(
            signal_id=signal.id,
            commitment_id=commitment.id,
            linked_at=utcnow(),
            linked_by_id=actor.id,
        )
    )
    db.session.expire(signal, ["commitments"])
    record(signal, actor, "link", "", commitment.code)
    flush()
    return True


@saves
def unlink_commitment(actor: User, signal: Signal, commitment: Commitment, *, version=None) -> bool:
    """Remove a link to a commitment; False when there was none."""
    require_staff(actor)
    check_version(signal, version)
    if not any(c.id == commitment.id for c in signal.commitments):
        return False
    db.session.execute(
        sa.delete(signal_commitments).where(
            signal_commitments.c.signal_id == signal.id,
            signal_commitments.c.commitment_id == commitment.id,
        )
    )
    db.session.expire(signal, ["commitments"])
    record(signal, actor, "unlink", commitment.code, "")
    flush()
    return True


# --- bulk actions from the inbox -----------------------------------------------------

BULK_ACTIONS = ("assign", "theme", "status")
BULK_MAX = 200


@dataclass
class BulkResult:
    changed: list[str] = field(default_factory=list)  # references
    stale: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@saves
def bulk_update(
    actor: User,
    versions: dict[int, object],
    action: str,
    *,
    assignee: User | None = None,
    theme: Theme | None = None,
    status: str = "",
    reason: str = "",
) -> BulkResult:
    """Apply one change to many signals. Signals changed since the list was shown are skipped."""
    require_staff(actor)
    if action not in BULK_ACTIONS:
        raise TriageError(_("Kies wat je met de gekozen signalen wilt doen."))
    if not versions:
        raise TriageError(_("Kies eerst een of meer signalen."), "ids")
    if len(versions) > BULK_MAX:
        raise TriageError(_("Kies maximaal %(max)d signalen tegelijk.", max=BULK_MAX), "ids")
    if action == "assign" and assignee is not None and not (assignee.is_staff and assignee.active):
        raise TriageError(_("Kies een medewerker uit de lijst."), "bulk_assignee")
    if action == "theme" and theme is None:
        raise TriageError(_("Kies een thema uit de lijst."), "bulk_theme")
    if action == "status" and status not in TRANSITIONS:
        raise TriageError(_("Kies een status uit de lijst."), "bulk_status")
    if action == "status" and status == "not_pursued" and not reason.strip():
        raise TriageError(_("Schrijf op waarom de signalen niet worden opgepakt."), "bulk_reason")
    signals = db.session.scalars(
        sa.select(Signal)
        .where(Signal.id.in_(list(versions)))
        .options(sa.orm.selectinload(Signal.replies), sa.orm.selectinload(Signal.theme))
        .order_by(Signal.id)
    ).all()
    result = BulkResult()
    for signal in signals:
        try:
            check_version(signal, versions[signal.id])
        except StaleSignal:
            result.stale.append(signal.reference)
            continue
        try:
            if signal.status == "merged":
                raise TriageError("merged")
            if action == "assign":
                done = _assign(actor, signal, assignee)
            elif action == "theme":
                done = _set_theme(actor, signal, theme)
            else:
                done = set_status(actor, signal, status, reason=reason)
        except TriageError:
            result.refused.append(signal.reference)
            continue
        if done:
            result.changed.append(signal.reference)
    flush()
    return result
