"""Read-only selects for the public pages: public actions, approved public updates, counts.

Everything here filters on what may be public: an action marked public, an update that is
public *and* approved *and* on a public action. Nothing reads a signal's text or a name.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from stem.actions.models import ACTION_STATUSES, Action, ActionUpdate
from stem.commitments.models import Commitment
from stem.core.converters import parse_id
from stem.core.db import db
from stem.signals.models import DISTRICT_NAMES, Signal, Theme

LATEST_UPDATES = 10
ACTIONS_PER_COMMITMENT = 5  # on the overview; the commitment's page lists them all


@dataclass
class PublicFilters:
    """The filters of the overview, from its (bookmarkable) URL; unknown values ignored."""

    theme: int | None = None
    commitment: int | None = None
    status: str = ""
    district: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> PublicFilters:
        status = args.get("status", "")
        district = args.get("district", "")
        return cls(
            theme=parse_id(args.get("theme")),
            commitment=parse_id(args.get("commitment")),
            status=status if status in ACTION_STATUSES else "",
            district=district if district in DISTRICT_NAMES else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.theme or self.commitment or self.status or self.district)

    def clauses(self) -> list:
        """WHERE clauses on Action for these filters."""
        where = []
        if self.status:
            where.append(Action.status == self.status)
        if self.commitment:
            where.append(Action.commitments.any(Commitment.id == self.commitment))
        if self.theme:
            where.append(Action.signals.any(Signal.theme_id == self.theme))
        if self.district:
            where.append(Action.signals.any(Signal.district == self.district))
        return where


def public_actions(filters: PublicFilters | None = None) -> list[Action]:
    """Public actions (with their texts and commitments), newest change first."""
    query = (
        sa.select(Action)
        .where(Action.public.is_(True), *(filters.clauses() if filters else ()))
        .options(
            selectinload(Action.texts),
            selectinload(Action.commitments),
            selectinload(Action.children),
            selectinload(Action.owner_organisation),
        )
        .order_by(Action.id)
    )
    return list(db.session.scalars(query))


def public_action(action_id: int) -> Action | None:
    """One public action, or None (internal actions do not exist for the public)."""
    action = db.session.get(Action, action_id)
    return action if action is not None and action.public else None


def public_updates_query():
    """Updates the public may read: public, approved, of a public action."""
    return (
        sa.select(ActionUpdate)
        .join(Action, Action.id == ActionUpdate.action_id)
        .where(
            Action.public.is_(True),
            ActionUpdate.public.is_(True),
            ActionUpdate.state == "approved",
        )
        .options(selectinload(ActionUpdate.texts))
        .order_by(ActionUpdate.happened_on.desc(), ActionUpdate.id.desc())
    )


def public_updates(*, action_ids=None, limit: int | None = None) -> list[ActionUpdate]:
    """Public updates, newest first; of some actions only, or the newest `limit`."""
    query = public_updates_query()
    if action_ids is not None:
        query = query.where(ActionUpdate.action_id.in_(list(action_ids) or [0]))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def commitments() -> list[Commitment]:
    """Every council commitment: they are the council's public record."""
    return list(db.session.scalars(sa.select(Commitment).order_by(Commitment.code)))


def find_commitment(key: str) -> Commitment | None:
    """A commitment by id ("3") or by its code as a slug ("21-T40")."""
    if key.isdigit():
        return db.session.get(Commitment, int(key))
    for commitment in commitments():
        if code_slug(commitment.code) == key:
            return commitment
    return None


def code_slug(code: str) -> str:
    """A commitment code for a URL: 21/T40 -> 21-T40."""
    return code.replace("/", "-").replace(" ", "")


def themes() -> list[Theme]:
    return list(
        db.session.scalars(sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.position))
    )
