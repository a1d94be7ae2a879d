"""Similar signals, to spot duplicates while triaging.

Texts are compared as characters, not as words of one language: after folding case,
accents and punctuation away, rapidfuzz's token-set ratio scores the shared words and,
within the words that differ, the shared characters (an edit distance over character
runs). That catches reworded and re-ordered reports, inflections ("les", "lessen"), and,
across languages, the names, places and loanwords people share ("Welkomhuis", "B1",
"DUO", "Overvecht"). No model, nothing downloaded.

Speed: comparing is done in C, but reading 100,000 texts for every lookup is not; so
only likely candidates are read, a fixed number whatever the size of the database: the
newest signals in the same theme, and the open ones among the newest of other themes,
only their first characters. Duplicates come in close together in time; a much older
signal on the same subject is found by searching the inbox.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz, process, utils

from stem.core.db import db
from stem.signals.models import OPEN_STATUSES, Signal

SAME_THEME_POOL = 3000
OTHER_THEMES_POOL = 3000
PREFIX_CHARS = 1000  # the start of a text says what it is about
MIN_SCORE = 55
SHOW = 5


@dataclass(frozen=True)
class Similar:
    signal: Signal
    score: int  # 0-100


_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670]+")


def normalise(text: str) -> str:
    """Lower case, no accents or Arabic vowel marks, letters and digits only."""
    if not text.isascii():  # most texts are plain ASCII: skip the slow part for them
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return utils.default_process(text)


def _score(query: str, choice: str) -> float:
    # token_set_ratio alone calls a short text "100 % like" any long text containing it;
    # averaging with the order-free whole-text ratio keeps length in the picture.
    return (fuzz.token_set_ratio(query, choice) + fuzz.token_sort_ratio(query, choice)) / 2


def _candidates(signal: Signal) -> dict[int, str]:
    body = sa.func.substr(Signal.body, 1, PREFIX_CHARS)
    same_theme = (
        sa.select(Signal.id, body)
        .where(
            Signal.theme_id == signal.theme_id, Signal.status != "merged", Signal.id != signal.id
        )
        .order_by(Signal.id.desc())
        .limit(SAME_THEME_POOL)
    )
    # Other themes: the open ones among the newest. Filtering on status in Python keeps
    # this a walk back along the primary key; in SQL the planner would sort every open row.
    elsewhere = (
        sa.select(Signal.id, body, Signal.status)
        .where(Signal.theme_id != signal.theme_id)
        .order_by(Signal.id.desc())
        .limit(OTHER_THEMES_POOL)
    )
    found = {row[0]: row[1] for row in db.session.execute(same_theme)}
    for signal_id, text, status in db.session.execute(elsewhere):
        if status in OPEN_STATUSES and signal_id != signal.id:
            found[signal_id] = text
    return found


def similar_signals(signal: Signal, limit: int = SHOW, min_score: int = MIN_SCORE) -> list[Similar]:
    """The signals most like this one, best first, with a score from 0 to 100."""
    if signal.id is None or not signal.body.strip():
        return []
    query = normalise(signal.body[:PREFIX_CHARS])
    if not query:
        return []
    choices = _candidates(signal)
    # A quick first pass in C over every candidate, then the combined score on the best.
    first = process.extract(
        query,
        choices,
        scorer=fuzz.token_set_ratio,
        processor=normalise,
        limit=limit * 8,
        score_cutoff=min_score,
    )
    scored = sorted(
        ((round(_score(query, normalise(text))), signal_id) for text, _, signal_id in first),
        key=lambda pair: (-pair[0], -pair[1]),
    )
    best = [(score, signal_id) for score, signal_id in scored if score >= min_score][:limit]
    if not best:
        return []
    loaded = {
        s.id: s
        for s in db.session.scalars(
            sa.select(Signal)
            .where(Signal.id.in_([signal_id for _, signal_id in best]))
            .options(sa.orm.selectinload(Signal.theme))
        )
    }
    return [Similar(loaded[i], score) for score, i in best if i in loaded]
