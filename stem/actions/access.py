"""Who may see and update which action.

Staff and admins see and edit every action. A partner sees the actions owned by their
own organisation and may post progress updates on them; every other action answers 404
to them, as if it did not exist. Members see no actions yet (the public pages will show
what is public).
"""

from __future__ import annotations

import sqlalchemy as sa

from stem.actions.models import Action


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def visibility_clause(user) -> sa.ColumnElement[bool]:
    """A WHERE clause on Action that keeps only the actions this user may see."""
    if not _signed_in(user):
        return sa.false()
    if user.is_staff:
        return sa.true()
    if user.role == "partner" and user.organisation_id is not None:
        return Action.owner_organisation_id == user.organisation_id
    return sa.false()


def can_see(user, action: Action | None) -> bool:
    """Whether `user` may see this action at all."""
    if action is None or not _signed_in(user):
        return False
    if user.is_staff:
        return True
    return (
        user.role == "partner"
        and user.organisation_id is not None
        and action.owner_organisation_id == user.organisation_id
    )


def can_post_update(user, action: Action) -> bool:
    """Staff, and partners of the owning organisation, may post a progress update."""
    return can_see(user, action)


def can_edit(user) -> bool:
    """Only staff and admins change an action itself, its links and approvals."""
    return _signed_in(user) and user.is_staff
