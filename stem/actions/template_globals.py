"""Helpers the pages of other features call to show actions: linked ones, overdue counts.

They are template globals, so a signal's, commitment's or round's page needs one line
(an include) and no change to its view.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_login import current_user

from stem.actions import bp, my_news, queries, round_news, word_back, wording


@bp.app_template_global("linked_actions")
def linked_actions(kind: str, target_id: int) -> list:
    """The actions linked to a signal, commitment or round that the reader may see."""
    if not current_user.is_authenticated:
        return []
    return queries.linked_actions(kind, target_id, current_user)


@bp.app_template_global("action_figures")
def action_figures() -> dict[str, int]:
    """Overdue actions and commitments, for the staff start page."""
    return {
        "overdue_actions": queries.overdue_count(),
        "overdue_commitments": queries.overdue_commitments_count(),
    }


@bp.app_template_global("action_labels")
def action_labels():
    """The labels of action statuses and texts, for the includes."""
    return wording


@bp.app_template_global("word_back_held")
def word_back_held(action) -> list:
    """Per language: how many people's news waits for a translation of this action's texts."""
    return word_back.held_back(action)


@bp.app_template_global("word_back_news")
def word_back_news() -> list:
    """A member's or partner's signals with their public actions, for the start page."""
    return my_news.news_for(current_user, str(get_locale()))


@bp.app_template_global("round_actions")
def round_actions(round_id: int) -> list:
    """The public actions linked to a round, for its published summary."""
    return round_news.round_actions(round_id, str(get_locale()))
