"""Progress updates: dated entries with a text per language, posted by staff or partners.

Staff's updates are approved as they are posted. A partner's update waits (submitted)
until staff approve it; only then can it ever become public. Nothing is posted on a
stopped action: it has no progress left to report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from stem.actions.access import can_post_update
from stem.actions.models import Action, ActionUpdate, ActionUpdateText
from stem.actions.services import SOURCE_LOCALE, ActionError, record
from stem.actions.word_back import record_news
from stem.core.db import db, utcnow
from stem.core.i18n import LOCALE_CODES


class UpdateRefused(ActionError):
    """The user may not post or approve this update."""


@dataclass
class UpdateText:
    happened: str
    next_steps: str = ""
    reviewed: bool = False


def post_update(
    actor,
    action: Action,
    *,
    happened_on: date,
    next_on: date | None,
    public: bool,
    texts: dict[str, UpdateText],
) -> ActionUpdate:
    """Add a progress update; approved at once when staff post it."""
    if not can_post_update(actor, action):
        raise UpdateRefused("form", _("Je mag bij deze vervolgactie geen voortgang melden."))
    if action.status == "stopped":
        raise ActionError(
            "form", _("Deze vervolgactie is gestopt. Bij een gestopte actie kun je geen voortgang melden.")
        )
    nl = texts.get(SOURCE_LOCALE)
    if nl is None or not nl.happened.strip():
        raise ActionError("happened_nl", _("Schrijf in het Nederlands wat er is gebeurd."))
    if next_on is not None and next_on < happened_on:
        raise ActionError(
            "next_on", _("De datum van de volgende stap ligt voor de datum van deze melding.")
        )
    staff = actor.is_staff
    update = ActionUpdate(
        author_id=actor.id,
        happened_on=happened_on,
        next_on=next_on,
        public=public,
        state="approved" if staff else "submitted",
        approved_by_id=actor.id if staff else None,
        approved_at=utcnow() if staff else None,
    )
    for locale in LOCALE_CODES:
        given = texts.get(locale)
        if given is None or not given.happened.strip():
            continue
        reviewed = locale == SOURCE_LOCALE or (staff and given.reviewed)
        update.texts.append(
            ActionUpdateText(locale=locale, happened=given.happened, next_steps=given.next_steps,
                             reviewed=reviewed)
        )
    action.updates.append(update)
    record(action, actor, "update", "", happened_on.isoformat())
    db.session.flush()
    record_news(action, "update", update=update)  # only an approved public update counts
    return update


def approve_update(actor, update: ActionUpdate) -> bool:
    """Staff approve a partner's update; False when it was approved already."""
    if not actor.is_staff:
        raise UpdateRefused("form", _("Alleen medewerkers keuren een melding goed."))
    if update.state == "approved":
        return False
    update.state, update.approved_by_id, update.approved_at = "approved", actor.id, utcnow()
    record(update.action, actor, "approve", "", update.happened_on.isoformat())
    db.session.flush()
    record_news(update.action, "update", update=update)
    return True


def pending_count(action: Action) -> int:
    """How many updates on this action wait for approval."""
    return sum(1 for u in action.updates if u.state == "submitted")
