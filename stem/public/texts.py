"""Which text of an action, update or commitment the public may read, in which language.

Only texts staff wrote or approved for the public: the Dutch text (staff's own), or a
reviewed translation. Without a reviewed translation the Dutch text shows, marked
`fallback`, so that the page can say so in the reader's language.
"""

from __future__ import annotations

from typing import NamedTuple

SOURCE = "nl"


class PublicText(NamedTuple):
    title: str
    description: str
    locale: str  # the language the text is in
    fallback: bool  # the reader's language was asked for; the Dutch text is shown


def _pick(rows, locale: str):
    by_locale = {row.locale: row for row in rows}
    own = by_locale.get(locale)
    if own is not None and (locale == SOURCE or own.reviewed):
        return own, False
    return by_locale.get(SOURCE), locale != SOURCE


def action_text(action, locale: str) -> PublicText:
    """An action's title and description for the public."""
    row, fallback = _pick(action.texts, locale)
    if row is None:
        return PublicText("", "", SOURCE, False)
    return PublicText(row.title, row.description, row.locale, fallback)


def update_text(update, locale: str) -> PublicText:
    """An update's "what happened" (title) and "what comes next" (description)."""
    row, fallback = _pick(update.texts, locale)
    if row is None:
        return PublicText("", "", SOURCE, False)
    return PublicText(row.happened, row.next_steps, row.locale, fallback)


def commitment_text(commitment, locale: str) -> PublicText:
    """A commitment's title and description: a reviewed translation once commitments
    have them (`commitment.text(locale)`), else the council's Dutch words."""
    if hasattr(commitment, "text"):
        found = commitment.text(locale)
        if found is not None and (found.locale == SOURCE or found.reviewed):
            return PublicText(
                found.title, found.description, found.locale, found.locale != locale
            )
    return PublicText(commitment.title, commitment.description, SOURCE, locale != SOURCE)
