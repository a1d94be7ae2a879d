"""What a member hears back about a round: the published summary, or when it is expected.

The member's own round link (no sign-in needed) and "My rounds" say the same thing:
the summary's text once staff have published it; until then the day it is expected;
and after that day, plainly, that none was published. Staff write the summary per
language (RoundSummary) and publish it (Round.summary_published_at).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from stem.core.db import db, utcnow
from stem.core.i18n import AMSTERDAM
from stem.surveys.models import RoundSummary
from stem.surveys.rounds.schedule import last_full_day
from stem.surveys.texts import SOURCE_LOCALE, Text, _pick

# Days after a round's last day by which members are told to expect its summary.
SUMMARY_WITHIN_DAYS = 28


@dataclass(frozen=True)
class _Reviewed:
    locale: str
    body: str
    reviewed: bool = True  # RoundSummary has no review flag: a published text is reviewed


@dataclass(frozen=True)
class SummaryNews:
    """The summary in the reader's language, or when it comes, or that it did not."""

    text: Text | None = None
    last_day: date | None = None  # the round's last day to answer
    expected: date | None = None  # the day by which the summary is expected
    round_id: int | None = None  # for what the municipality does with it (linked actions)

    @property
    def published(self) -> bool:
        return self.text is not None and bool(self.text.text)

    @property
    def overdue(self) -> bool:
        """The expected day has passed without a summary: say so, promise nothing more."""
        if self.published or self.expected is None:
            return False
        return utcnow().astimezone(AMSTERDAM).date() > self.expected


def expected_by(closes_at: datetime | None) -> tuple[date | None, date | None]:
    """(last day to answer, day by which the summary is expected) of a round."""
    if closes_at is None:
        return None, None
    last_day = last_full_day(closes_at)
    days = int(current_app.config.get("ROUND_SUMMARY_WITHIN_DAYS", SUMMARY_WITHIN_DAYS))
    return last_day, last_day + timedelta(days=days)


def summary_texts(round_ids: list[int], locale: str) -> dict[int, Text]:
    """The published summaries of these rounds in one language (Dutch where missing)."""
    texts: dict[int, list[_Reviewed]] = {}
    if not round_ids:
        return {}
    for summary in db.session.scalars(
        sa.select(RoundSummary).where(
            RoundSummary.round_id.in_(round_ids),
            RoundSummary.locale.in_({locale, SOURCE_LOCALE}),
        )
    ):
        texts.setdefault(summary.round_id, []).append(_Reviewed(summary.locale, summary.body))
    return {round_id: _pick(rows, locale, "body") for round_id, rows in texts.items()}


def summary_news(
    round_id: int, closes_at: datetime | None, published_at: datetime | None, locale: str
) -> SummaryNews:
    """What the member's link says about one round's summary."""
    last_day, expected = expected_by(closes_at)
    text = summary_texts([round_id], locale).get(round_id) if published_at else None
    return SummaryNews(text=text, last_day=last_day, expected=expected, round_id=round_id)
