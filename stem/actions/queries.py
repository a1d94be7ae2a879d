"""Read-only selects the action pages share: the overview's filters, counts, linked actions.

The overview's filters come from the URL, so a filtered view can be bookmarked; unknown
values are ignored, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from stem.actions.access import visibility_clause
from stem.actions.models import (
    ACTION_STATUSES,
    FINISHED,
    Action,
    ActionRound,
    action_commitments,
    action_signals,
)
from stem.commitments.models import Commitment
from stem.core.converters import parse_id
from stem.core.db import db
from stem.core.i18n import AMSTERDAM
from stem.signals.models import Signal, signal_commitments

STATUS_FILTERS = ("", "open", "overdue", *ACTION_STATUSES)
SOON_DAYS = 14


def today() -> date:
    """Today's date in Utrecht."""
    return datetime.now(AMSTERDAM).date()


@dataclass
class OverviewFilters:
    """What the person asked for in the overview's URL."""

    status: str = ""
    owner: str = ""  # "o<organisation id>" or "d<department name>"
    commitment: int | None = None
    theme: int | None = None

    @classmethod
    def from_args(cls, args: MultiDict) -> OverviewFilters:
        status = args.get("status", "")
        owner = args.get("owner", "")
        if owner.startswith("o"):
            owner = f"o{parse_id(owner[1:])}" if parse_id(owner[1:]) else ""
        elif owner.startswith("d"):
            owner = owner[:121] if owner[1:].strip() else ""
        else:
            owner = ""
        return cls(
            status=status if status in STATUS_FILTERS else "",
            owner=owner,
            commitment=parse_id(args.get("commitment")),
            theme=parse_id(args.get("theme")),
        )

    def args(self) -> dict[str, str]:
        """The filters as URL arguments, without the empty ones."""
        values = {
            "status": self.status,
            "owner": self.owner,
            "commitment": self.commitment or "",
            "theme": self.theme or "",
        }
        return {key: str(value) for key, value in values.items() if value}


def overdue_clause(on: date) -> sa.ColumnElement[bool]:
    """Past the due date and neither done nor stopped."""
    return sa.and_(Action.due_on.is_not(None), Action.due_on < on, Action.status.not_in(FINISHED))


def _theme_clause(theme_id: int) -> sa.ColumnElement[bool]:
    """Linked to a signal on the theme, or to a commitment that has such signals."""
    by_signal = (
        sa.select(action_signals.c.action_id)
        .join(Signal, Signal.id == action_signals.c.signal_id)
        .where(action_signals.c.action_id == Action.id, Signal.theme_id == theme_id)
        .exists()
    )
    by_commitment = (
        sa.select(action_commitments.c.action_id)
        .join(
            signal_commitments,
            signal_commitments.c.commitment_id == action_commitments.c.commitment_id,
        )
        .join(Signal, Signal.id == signal_commitments.c.signal_id)
        .where(action_commitments.c.action_id == Action.id, Signal.theme_id == theme_id)
        .exists()
    )
    return sa.or_(by_signal, by_commitment)


def overview_query(filters: OverviewFilters, user, on: date | None = None) -> sa.Select:
    """select(Action) for the overview: visible to `user`, filtered, most urgent first."""
    on = on or today()
    query = sa.select(Action).where(visibility_clause(user))
    if filters.status == "open":
        query = query.where(Action.status.not_in(FINISHED))
    elif filters.status == "overdue":
        query = query.where(overdue_clause(on))
    elif filters.status:
        query = query.where(Action.status == filters.status)
    if filters.owner.startswith("o"):
        query = query.where(Action.owner_organisation_id == int(filters.owner[1:]))
    elif filters.owner.startswith("d"):
        query = query.where(Action.owner_department == filters.owner[1:])
    if filters.commitment:
        query = query.where(
            sa.select(action_commitments.c.action_id)
            .where(
                action_commitments.c.action_id == Action.id,
                action_commitments.c.commitment_id == filters.commitment,
            )
            .exists()
        )
    if filters.theme:
        query = query.where(_theme_clause(filters.theme))
    return query.options(
        selectinload(Action.texts),
        selectinload(Action.commitments),
        selectinload(Action.owner_organisation),
        selectinload(Action.responsible),
        selectinload(Action.children),
    ).order_by(Action.due_on.is_(None), Action.due_on, Action.id)


def departments(user) -> list[str]:
    """The departments that own an action this user may see, for the owner filter."""
    return list(
        db.session.scalars(
            sa.select(Action.owner_department)
            .where(visibility_clause(user), Action.owner_department != "")
            .distinct()
            .order_by(Action.owner_department)
        )
    )


def overdue_count(user=None, on: date | None = None) -> int:
    """How many actions (that `user` may see, or all) are overdue."""
    query = sa.select(sa.func.count()).select_from(Action).where(overdue_clause(on or today()))
    if user is not None:
        query = query.where(visibility_clause(user))
    return db.session.scalar(query) or 0


def overdue_commitments_count(on: date | None = None) -> int:
    """Commitments past their agreed date and not yet fulfilled."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Commitment)
        .where(
            Commitment.due_on.is_not(None),
            Commitment.due_on < (on or today()),
            Commitment.status != "fulfilled",
        )
    ) or 0


def linked_actions(kind: str, target_id: int, user) -> list[Action]:
    """The actions linked to a signal, commitment or round that `user` may see."""
    if kind == "signal":
        # Also the actions linked to a signal before it was merged into this one.
        merged = sa.select(Signal.id).where(Signal.merged_into_id == target_id)
        link = sa.select(action_signals.c.action_id).where(
            sa.or_(action_signals.c.signal_id == target_id, action_signals.c.signal_id.in_(merged))
        )
    elif kind == "commitment":
        link = sa.select(action_commitments.c.action_id).where(
            action_commitments.c.commitment_id == target_id
        )
    elif kind == "round":
        link = sa.select(ActionRound.action_id).where(ActionRound.round_id == target_id)
    else:
        return []
    return list(
        db.session.scalars(
            sa.select(Action)
            .where(Action.id.in_(link), visibility_clause(user))
            .options(selectinload(Action.texts))
            .order_by(Action.id)
        )
    )


def digest_actions(on: date) -> dict[int, list[Action]]:
    """Per responsible person: their actions that are overdue or due in the next 14 days."""
    rows = db.session.scalars(
        sa.select(Action)
        .where(
            Action.responsible_id.is_not(None),
            Action.due_on.is_not(None),
            Action.due_on <= on + timedelta(days=SOON_DAYS),
            Action.status.not_in(FINISHED),
        )
        .options(selectinload(Action.texts))
        .order_by(Action.responsible_id, Action.due_on, Action.id)
    )
    found: dict[int, list[Action]] = {}
    for action in rows:
        found.setdefault(action.responsible_id, []).append(action)
    return found
