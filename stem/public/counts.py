"""Counts of what was heard, for the public: never a text, never a name.

Signals per theme count signals, not people. A breakdown by a group of people (district,
language, source) follows the small-group rule of the round results
(stem.surveys.results.suppression, docs/privacy.md): a group of fewer than five shows no
figure, and neither does a second group when the first could be worked out from the total.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stem.core.db import db
from stem.signals.models import Signal
from stem.surveys.models import Invitation, ResultStep, Round
from stem.surveys.results.suppression import enough, hidden_groups

UNKNOWN = ""  # signals without a district: a group too, or subtraction would reveal it


@dataclass
class Cell:
    group: str
    count: int | None  # None: hidden by the small-group rule


@dataclass
class RoundFigures:
    round: Round
    invited: int
    respondents: int | None  # None below five (nothing shows but the number invited)

    @property
    def rate(self) -> float | None:
        if self.respondents is None or not self.invited:
            return None
        return self.respondents / self.invited


def _live():
    return Signal.merged_into_id.is_(None)


def signals_total() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signal).where(_live())) or 0


def signals_per_theme() -> dict[int, int]:
    """Signals heard per theme id (merged duplicates counted once)."""
    rows = db.session.execute(
        sa.select(Signal.theme_id, sa.func.count()).where(_live()).group_by(Signal.theme_id)
    )
    return dict(rows.all())


def breakdown(column) -> list[Cell]:
    """Signals per group of a column, small groups (and their complements) hidden."""
    rows = db.session.execute(
        sa.select(column, sa.func.count()).where(_live()).group_by(column)
    ).all()
    counts = {(group or UNKNOWN): count for group, count in rows}
    hidden = hidden_groups(counts)
    return [
        Cell(group, None if group in hidden else count)
        for group, count in sorted(counts.items())
    ]


def by_district() -> list[Cell]:
    return breakdown(Signal.district)


def by_source() -> list[Cell]:
    return breakdown(Signal.source)


def by_language() -> list[Cell]:
    return breakdown(Signal.language)


def rounds_held() -> list[RoundFigures]:
    """Closed rounds, newest first, with their response rate when five or more answered."""
    rounds = list(
        db.session.scalars(
            sa.select(Round).where(Round.status == "closed").order_by(Round.period.desc())
        )
    )
    if not rounds:
        return []
    ids = [r.id for r in rounds]
    invited = dict(
        db.session.execute(
            sa.select(Invitation.round_id, sa.func.count())
            .where(Invitation.round_id.in_(ids))
            .group_by(Invitation.round_id)
        ).all()
    )
    newest = (
        sa.select(ResultStep.round_id, sa.func.max(ResultStep.number).label("number"))
        .where(ResultStep.round_id.in_(ids))
        .group_by(ResultStep.round_id)
        .subquery()
    )
    respondents = dict(
        db.session.execute(
            sa.select(ResultStep.round_id, ResultStep.respondents).join(
                newest,
                sa.and_(
                    newest.c.round_id == ResultStep.round_id,
                    newest.c.number == ResultStep.number,
                ),
            )
        ).all()
    )
    figures = []
    for round_ in rounds:
        count = respondents.get(round_.id, 0)
        figures.append(
            RoundFigures(round_, invited.get(round_.id, 0), count if enough(count) else None)
        )
    return figures


def published_summaries(locale: str) -> list[tuple[Round, object]]:
    """Rounds with a published summary, newest first, with its text for `locale`."""
    rounds = db.session.scalars(
        sa.select(Round)
        .where(Round.summary_published_at.is_not(None))
        .order_by(Round.period.desc())
    )
    found = []
    for round_ in rounds:
        text = round_.summary_text(locale)
        if text is not None:
            found.append((round_, text))
    return found
