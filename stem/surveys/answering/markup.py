"""Small pieces of answer-page markup, made in Python: a page uses them many times, and a
function call costs far less than a Jinja macro call."""

from __future__ import annotations

from markupsafe import Markup

from stem.core.db import utcnow
from stem.surveys import bp
from stem.surveys.rounds.schedule import closes_at, last_full_day
from stem.surveys.texts import Text

# Mouths from saddest (1) to happiest (5); a three-face scale uses 1, 3 and 5.
_MOUTHS = {
    1: "M12 29.5q8-8.5 16 0",
    2: "M13 28q7-4.5 14 0",
    3: "M13 26.5h14",
    4: "M13 24q7 5 14 0",
    5: "M11.5 22.5q8.5 10.5 17 0",
}
_TINTS = {1: "#f6c9c4", 2: "#f9dcc0", 3: "#f6ebb8", 4: "#d5ecc4", 5: "#bfe5c6"}
_FACE = (
    '<svg class="stem-face" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true"'
    ' focusable="false"><circle cx="20" cy="20" r="18" fill="{tint}" stroke="currentColor"'
    ' stroke-width="2"/><circle cx="14" cy="16" r="2.2" fill="currentColor"/>'
    '<circle cx="26" cy="16" r="2.2" fill="currentColor"/><path d="{mouth}" fill="none"'
    ' stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/></svg>'
)
FACES = {
    str(mood): Markup(_FACE.format(tint=_TINTS[mood], mouth=_MOUTHS[mood]))  # noqa: S704 - constants
    for mood in _MOUTHS
}


@bp.app_template_global("answer_face")
def face(value: str) -> Markup:
    """A smiley face (decorative: its option's words are the label) for values 1 to 5."""
    return FACES.get(value, FACES["3"])


@bp.app_template_global("answer_fallback_mark")
def fallback_mark(preview: dict) -> Markup:
    """For staff previewing: this text is still Dutch, in the staff member's language."""
    return Markup(
        '<span class="stem-badge stem-badge--warning stem-fallback-mark" lang="%s" dir="%s">%s</span>'
    ) % (preview["lang"].html_lang, preview["lang"].direction, preview["fallback_mark"])


@bp.app_template_global("answer_say")
def say(text: Text, preview: dict | None = None) -> Markup:
    """A survey text typed by staff: its own direction, and marked as Dutch where it falls
    back (for screen readers and read-aloud; for staff also visibly)."""
    if not text.fallback:
        return Markup('<span dir="auto">%s</span>') % text.text
    html = Markup('<span lang="nl" dir="auto">%s</span>') % text.text
    if preview:
        html += Markup(" ") + fallback_mark(preview)
    return html


@bp.app_template_filter("answer_until")
def answer_until(closes):
    """The last day members can answer a round that closes at `closes` (None: no deadline).

    Every page and message names this day, "until and including", in the same words.
    """
    return last_full_day(closes) if closes is not None else None


@bp.app_template_global("answer_until_if_opened_now")
def answer_until_if_opened_now():
    """The last day to answer of a round that staff open now (the confirm page says it)."""
    return last_full_day(closes_at(utcnow()))
