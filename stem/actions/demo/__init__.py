"""Demo data for follow-up actions, loaded by `stem demo` after the signals and rounds."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from stem.accounts.models import Organisation, User
from stem.actions.demo.data import ACTIONS, EVA, INEKE, DemoAction
from stem.actions.models import (
    Action,
    ActionEvent,
    ActionRound,
    ActionText,
    ActionUpdate,
    ActionUpdateText,
)
from stem.actions.queries import today
from stem.commitments.models import Commitment
from stem.core.db import db, utcnow
from stem.signals.demo.data import SIGNALS
from stem.signals.models import Signal
from stem.surveys.models import Round


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _signal(key: str) -> Signal | None:
    body = next((s.body for s in SIGNALS if s.key == key), None)
    signal = db.session.scalar(sa.select(Signal).where(Signal.body == body)) if body else None
    while signal is not None and signal.merged_into is not None:
        signal = signal.merged_into
    return signal


def _build(spec: DemoAction, eva: User, ineke: User | None, parents: dict, round_) -> Action:
    on = today()
    organisation = None
    if spec.organisation:
        organisation = db.session.scalar(
            sa.select(Organisation).where(Organisation.name == spec.organisation)
        )
    action = Action(
        responsible=eva,
        owner_department=spec.department if organisation is None else "",
        owner_organisation=organisation,
        status=spec.status,
        stopped_reason=spec.stopped_reason,
        starts_on=on + timedelta(days=spec.starts_in),
        due_on=on + timedelta(days=spec.due_in) if spec.due_in is not None else None,
        progress=spec.progress,
        progress_mode="rollup" if spec.rollup else "manual",
        parent=parents.get(spec.parent or ""),
        weight=spec.weight,
        public=spec.public,
        created_by_id=eva.id,
    )
    for locale, title in spec.titles.items():
        action.texts.append(
            ActionText(locale=locale, title=title, reviewed=True,
                       description=spec.description if locale == "nl" else "")
        )
    created = utcnow() - timedelta(days=-spec.starts_in)
    action.events.append(
        ActionEvent(actor_id=eva.id, at=created, kind="created", new=spec.titles["nl"])
    )
    for code in spec.commitments:
        commitment = db.session.scalar(sa.select(Commitment).where(Commitment.code == code))
        if commitment is not None:
            action.commitments.append(commitment)
    for key in spec.signals:
        signal = _signal(key)
        if signal is not None and signal not in action.signals:
            action.signals.append(signal)
    if spec.round and round_ is not None:
        action.round_links.append(ActionRound(round=round_, linked_by_id=eva.id))
    for item in spec.updates:
        author = ineke if item.by_partner and ineke is not None else eva
        happened = on - timedelta(days=item.days_ago)
        update = ActionUpdate(
            author_id=author.id,
            happened_on=happened,
            next_on=happened + timedelta(days=item.next_in_days) if item.next_in_days else None,
            public=item.public,
            state="approved" if item.approved else "submitted",
            approved_by_id=eva.id if item.approved else None,
            approved_at=utcnow() if item.approved else None,
        )
        for locale, (what, following) in item.texts.items():
            update.texts.append(
                ActionUpdateText(locale=locale, happened=what, next_steps=following, reviewed=True)
            )
        action.updates.append(update)
        action.events.append(ActionEvent(actor_id=author.id, kind="update", new=happened.isoformat()))
    return action


def load_action_demo(accounts) -> None:
    """Add the demo actions that are missing; idempotent."""
    eva = _user(EVA)
    if eva is None:
        return
    ineke = _user(INEKE)
    have = {
        row.title: row.action
        for row in db.session.scalars(sa.select(ActionText).where(ActionText.locale == "nl"))
    }
    round_ = db.session.scalar(
        sa.select(Round).where(Round.status == "closed").order_by(Round.period.desc()).limit(1)
    )
    built: dict[str, Action] = {}
    for spec in ACTIONS:
        existing = have.get(spec.titles["nl"])
        if existing is not None:
            built[spec.key] = existing
            continue
        with db.session.no_autoflush:  # a half-built action has no place in a flush yet
            action = _build(spec, eva, ineke, built, round_)
            db.session.add(action)
        db.session.flush()
        built[spec.key] = action
