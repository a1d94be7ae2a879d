"""Read-only selects the register's pages share: a commitment's follow-up at a glance, new
signals after fulfilment, the timeline and the rows of the export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem.actions.models import Action, ActionRound, ActionUpdate, action_commitments
from stem.commitments.models import Commitment
from stem.commitments.tracking import overall_progress, track_status
from stem.core.db import db
from stem.core.i18n import AMSTERDAM
from stem.signals.models import Signal, signal_commitments


def today() -> date:
    """Today's date in Utrecht."""
    return datetime.now(AMSTERDAM).date()


def _local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


@dataclass
class NextStep:
    action: Action
    text: str  # what comes next, in Dutch
    on: date | None


@dataclass
class TimelineEntry:
    at: datetime | date
    kind: str  # "event" or "update"
    event: object | None = None
    update: ActionUpdate | None = None


@dataclass
class FollowUp:
    """Everything the commitment's page shows about how it is being carried out."""

    actions: list[Action]
    progress: int | None
    track: str
    next_steps: list[NextStep] = field(default_factory=list)
    rounds: list[ActionRound] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)


def _actions_of(commitment_ids) -> dict[int, list[Action]]:
    rows = db.session.execute(
        sa.select(action_commitments.c.commitment_id, Action)
        .join(Action, Action.id == action_commitments.c.action_id)
        .where(action_commitments.c.commitment_id.in_(commitment_ids))
        .options(
            selectinload(Action.texts),
            selectinload(Action.children),
            selectinload(Action.updates).selectinload(ActionUpdate.texts),
            selectinload(Action.round_links).selectinload(ActionRound.round),
        )
        .order_by(Action.id)
    ).all()
    found: dict[int, list[Action]] = {}
    for commitment_id, action in rows:
        found.setdefault(commitment_id, []).append(action)
    return found


def _latest_update(action: Action) -> ActionUpdate | None:
    # Action.updates are ordered newest first; only approved updates count as what happened.
    return next((u for u in action.updates if u.state == "approved"), None)


def follow_up(commitment: Commitment, on: date | None = None) -> FollowUp:
    """The linked actions, overall progress, track status, next steps, rounds, timeline."""
    on = on or today()
    actions = _actions_of([commitment.id]).get(commitment.id, [])
    result = FollowUp(
        actions=actions,
        progress=overall_progress(actions),
        track=track_status(commitment, actions, on),
    )
    for action in actions:
        latest = _latest_update(action)
        if latest is not None and action.status not in ("done", "stopped"):
            nl = latest.text("nl")
            if nl is not None and (nl.next_steps or latest.next_on):
                result.next_steps.append(NextStep(action, nl.next_steps, latest.next_on))
        result.rounds.extend(action.round_links)
        for update in action.updates:
            if update.state == "approved":
                result.timeline.append(TimelineEntry(update.happened_on, "update", update=update))
    result.next_steps.sort(key=lambda s: (s.on is None, s.on or date.max))
    for event in commitment.events:
        result.timeline.append(TimelineEntry(event.at, "event", event=event))
    result.timeline.sort(
        key=lambda e: e.at if isinstance(e.at, date) and not isinstance(e.at, datetime)
        else _local_date(e.at),
        reverse=True,
    )
    return result


def new_signals_after_fulfilment() -> dict[int, int]:
    """Fulfilled commitment id -> how many live signals came in after the day it was fulfilled."""
    rows = db.session.execute(
        sa.select(Commitment.id, Commitment.fulfilled_on, Signal.created_at)
        .join(signal_commitments, signal_commitments.c.commitment_id == Commitment.id)
        .join(Signal, Signal.id == signal_commitments.c.signal_id)
        .where(
            Commitment.status == "fulfilled",
            Commitment.fulfilled_on.is_not(None),
            Signal.status != "merged",
        )
    )
    counts: dict[int, int] = {}
    for commitment_id, fulfilled_on, created_at in rows:
        if _local_date(created_at) > fulfilled_on:
            counts[commitment_id] = counts.get(commitment_id, 0) + 1
    return counts


def track_states(commitments: list[Commitment], on: date | None = None) -> dict[int, tuple]:
    """commitment id -> (track status, overall progress, actions), for the register."""
    on = on or today()
    actions = _actions_of([c.id for c in commitments])
    return {
        c.id: (
            track_status(c, actions.get(c.id, []), on),
            overall_progress(actions.get(c.id, [])),
            actions.get(c.id, []),
        )
        for c in commitments
    }
