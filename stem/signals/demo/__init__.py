"""Demo data for signals, loaded by `stem demo`: the loader here, the signals in data.py.

Built straight from the models, with a history that reads as if staff triaged each
signal over the past weeks: assigned, prioritised, linked to commitments, answered.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from stem.accounts.models import User
from stem.commitments.models import Commitment
from stem.core.db import db, utcnow
from stem.signals.demo.data import SIGNALS, DemoSignal
from stem.signals.models import (
    Signal,
    SignalEvent,
    SignalReply,
    SignalReplyText,
    SignalSubmitter,
    Theme,
)
from stem.translation.detect import detect_code


def _working_days_after(start: date, days: int) -> date:
    """A rough reply deadline for the demo: weekends skipped (holidays are not)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _users(accounts) -> dict[str, User]:
    """Display name -> User, for the demo accounts."""
    users = {}
    for account in accounts:
        column = User.email if "@" in account.address else User.phone
        user = db.session.scalar(sa.select(User).where(column == account.address))
        if user is not None:
            users[account.name] = user
    return users


class _Builder:
    """Adds one demo signal with its submitters, history, links and reply."""

    def __init__(self, users: dict[str, User], themes: dict[str, Theme], commitments):
        self.users, self.themes, self.commitments = users, themes, commitments
        self.references = _References()
        self.now = utcnow()

    def event(self, signal: Signal, at: datetime, actor: User | None, kind: str, old="", new=""):
        signal.events.append(
            SignalEvent(at=at, actor_id=actor.id if actor else None, kind=kind, old=old, new=new)
        )

    def submitter(self, spec: DemoSignal, author: User) -> SignalSubmitter:
        if spec.on_behalf is not None:
            person = spec.on_behalf
            return SignalSubmitter(
                name=person.name,
                email=person.email,
                phone=person.phone,
                locale=person.locale,
                channel=person.channel,
                may_contact=spec.may_contact,
            )
        return SignalSubmitter(
            user_id=author.id,
            organisation_id=author.organisation_id,
            locale=author.locale,
            channel=author.effective_channel,
            may_contact=spec.may_contact,
        )

    def build(self, spec: DemoSignal) -> Signal | None:
        author = self.users.get(spec.by)
        theme = self.themes.get(spec.theme)
        if author is None or theme is None:
            return None
        created = self.now - timedelta(days=spec.days_ago, hours=3 + spec.days_ago % 5)
        staff = self.users.get(spec.assignee) if spec.assignee else None
        source = spec.source or ("partner" if author.role == "partner" else "member")
        signal = Signal(
            reference=self.references.next(created.year),
            body=spec.body,
            language=author.locale if source in ("member", "partner") else "nl",
            detected_language=detect_code(spec.body),
            theme=theme,
            district=spec.district,
            source=source,
            source_detail=spec.source_detail,
            organisation_id=author.organisation_id if source == "partner" else None,
            status="new",
            priority="normal",
            due_on=_working_days_after(created.date(), theme.reply_days),
            created_by_id=author.id,
            created_at=created,
        )
        signal.submitters.append(self.submitter(spec, author))
        signal.submitters[0].created_at = created
        self.event(signal, created, author, "created", new="new")
        if spec.status != "new":
            self.triage(signal, spec, staff, created)
        return signal

    def triage(self, signal: Signal, spec: DemoSignal, staff: User | None, created: datetime):
        at = created + timedelta(hours=20)
        actor = staff or self.users.get("Eva de Vries")
        self.event(signal, at, actor, "status", "new", "triage")
        signal.status = "triage"
        if staff is not None:
            signal.assignee = staff
            self.event(signal, at, actor, "assignee", "", staff.display_name)
        if spec.priority != "normal":
            signal.priority = spec.priority
            self.event(signal, at, actor, "priority", "normal", spec.priority)
        for code in spec.commitments:
            commitment = self.commitments.get(code)
            if commitment is not None:
                signal.commitments.append(commitment)
                self.event(signal, at + timedelta(minutes=5), actor, "link", "", code)
        later = at + timedelta(days=min(3, max(1, spec.days_ago // 6)))
        if spec.status in ("in_progress", "answered", "closed"):
            self.event(signal, later, actor, "status", "triage", "in_progress")
            signal.status = "in_progress"
        if spec.status in ("answered", "closed") and spec.reply:
            replied = later + timedelta(days=2)
            reply = SignalReply(author=actor, created_at=replied, sent_at=replied)
            reply.texts = [SignalReplyText(locale=k, body=v) for k, v in spec.reply.items()]
            signal.replies.append(reply)
            self.event(signal, replied, actor, "reply", "", ", ".join(sorted(spec.reply)))
            self.event(signal, replied, actor, "status", "in_progress", "answered")
            signal.status, signal.answered_at = "answered", replied
            if spec.status == "closed":
                closed = replied + timedelta(days=7)
                self.event(signal, closed, actor, "status", "answered", "closed")
                signal.status, signal.closed_at = "closed", closed
        if spec.status == "not_pursued":
            self.event(signal, later, actor, "status", "triage", "not_pursued")
            self.event(signal, later, actor, "reason", "", spec.reason[:300])
            signal.status, signal.status_reason = "not_pursued", spec.reason
            signal.closed_at = later


def _merge(duplicate: Signal, survivor: Signal, actor: User | None) -> None:
    """As staff merge: the duplicate's submitters move to the survivor, which answers all."""
    at = max(duplicate.created_at, survivor.created_at) + timedelta(hours=22)
    for person in list(duplicate.submitters):
        person.signal = survivor
    actor_id = actor.id if actor else None
    old_status = duplicate.status
    duplicate.status, duplicate.merged_into, duplicate.closed_at = "merged", survivor, at
    duplicate.events.append(
        SignalEvent(at=at, actor_id=actor_id, kind="status", old=old_status, new="merged")
    )
    duplicate.events.append(
        SignalEvent(at=at, actor_id=actor_id, kind="merge", new=survivor.reference)
    )
    survivor.events.append(
        SignalEvent(at=at, actor_id=actor_id, kind="merged_from", new=duplicate.reference)
    )


class _References:
    """S-2026-00042: per year, one more than the highest number in use (as intake does)."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def next(self, year: int) -> str:
        prefix = f"S-{year}-"
        if prefix not in self.last:
            numbers = [
                int(ref[len(prefix) :])
                for ref in db.session.scalars(
                    sa.select(Signal.reference).where(Signal.reference.like(prefix + "%"))
                )
                if ref[len(prefix) :].isdigit()
            ]
            self.last[prefix] = max(numbers, default=0)
        self.last[prefix] += 1
        return f"{prefix}{self.last[prefix]:05d}"


def load_signal_demo(accounts) -> None:
    """Add demo signals; idempotent. `accounts` are the demo users from stem.core.demo."""
    users = _users(accounts)
    have = set(
        db.session.scalars(sa.select(Signal.body).where(Signal.body.in_([s.body for s in SIGNALS])))
    )
    if len(have) == len(SIGNALS):
        return
    themes = {theme.slug: theme for theme in db.session.scalars(sa.select(Theme))}
    commitments = {c.code: c for c in db.session.scalars(sa.select(Commitment))}
    builder = _Builder(users, themes, commitments)
    added: dict[str, Signal] = {}
    for spec in sorted(SIGNALS, key=lambda s: -s.days_ago):  # oldest first, as they came in
        if spec.body in have:
            continue
        signal = builder.build(spec)
        if signal is None:
            continue
        db.session.add(signal)
        db.session.flush()
        added[spec.key] = signal
    db.session.flush()
    for spec in SIGNALS:
        if spec.merged_into and spec.key in added:
            survivor = added.get(spec.merged_into) or db.session.scalar(
                sa.select(Signal).where(
                    Signal.body == next(s.body for s in SIGNALS if s.key == spec.merged_into)
                )
            )
            if survivor is not None:
                _merge(added[spec.key], survivor, users.get(spec.assignee or ""))
    db.session.flush()
