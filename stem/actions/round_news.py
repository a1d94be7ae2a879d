"""What the municipality does with a round: its linked public actions, for the summary.

Anonymous answers stay unlinkable: nobody is told individually about an answer. Instead
the round's published summary (page and message) lists the public actions linked to the
round, with their progress. Registered with the summary message at import.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from stem.actions import wording
from stem.actions.models import Action, ActionRound
from stem.core.db import db
from stem.core.templating import isolate_codes
from stem.surveys.results import summary_messages


@dataclass(frozen=True)
class RoundAction:
    title_locale: str
    title: str
    progress: int
    status: str


def round_actions(round_id: int, locale: str) -> list[RoundAction]:
    """The public actions linked to a round (or one of its questions), oldest first."""
    actions = db.session.scalars(
        sa.select(Action)
        .where(
            Action.public.is_(True),
            Action.id.in_(sa.select(ActionRound.action_id).where(ActionRound.round_id == round_id)),
        )
        .order_by(Action.id)
    ).all()
    result = []
    for action in actions:
        title_locale, title = wording.title(action, locale)
        result.append(RoundAction(title_locale, title, action.effective_progress(),
                                  wording.status_label(action.status)))
    return result


def summary_lines(round_id: int, locale: str) -> str:
    """Plain text for the summary e-mail (in the locale forced by the caller); '' if none."""
    actions = round_actions(round_id, locale)
    if not actions:
        return ""
    lines = [_("Wat de gemeente ermee doet:")]
    for item in actions:
        lines.append(
            "- " + _("%(title)s: %(status)s, %(percent)d%% klaar", title=isolate_codes(item.title),
                     status=item.status, percent=item.progress)
        )
    return "\n".join(lines)


summary_messages.register_addition(summary_lines)
