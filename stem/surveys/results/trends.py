"""Scale questions over the last twelve rounds, matched by question key across versions.

A round's point is built from that round's own protected cells (its options in order, then
"no answer", exactly as its results page shows them) and grouped into not satisfied,
neutral, satisfied and no answer. A group is shown only when every option in it is shown,
so a trend never tells more than the rounds' own results pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import SCALE_KINDS, Answer, AnswerChoice, Option, Question, Response, Round
from stem.surveys.results.suppression import HIDDEN, MIN_GROUP, SHOWN, Cell, Row, single_choice

TREND_ROUNDS = 12
SCALE_GROUPS = ("negative", "neutral", "positive", "none")
NONE_GROUP = 3


@dataclass
class TrendPoint:
    """One round in a scale question's trend; `groups` follow SCALE_GROUPS."""

    period: str
    responded: int
    current: bool
    asked: bool  # the round's survey had a question with this key
    groups: list[Row] | None = None  # None: not asked, too few responses, or withheld

    @property
    def enough(self) -> bool:
        return self.responded >= MIN_GROUP


def scale_groups(options: list) -> list[int]:
    """Per option (in the given order): 0 for the sadder faces, 1 the middle one, 2 happier."""
    ordered = sorted(options, key=lambda o: (int(o.value) if o.value.isascii() and o.value.isdecimal() else 99, o.position))
    rank = {o.id: index for index, o in enumerate(ordered)}
    middle = (len(ordered) - 1) / 2
    return [0 if rank[o.id] < middle else 1 if rank[o.id] == middle else 2 for o in options]


def coarse(groups: list[int], cells: list[Cell] | None, total: int) -> list[Row] | None:
    """Add protected option cells (and the "no answer" cell last) up into the scale groups."""
    if cells is None:
        return None
    sums = [0] * len(SCALE_GROUPS)
    shown = [True] * len(SCALE_GROUPS)
    for group, cell in zip([*groups, NONE_GROUP], cells, strict=True):
        sums[group] += cell.count
        shown[group] = shown[group] and (cell.shown or cell.count == 0)
    return [
        Row(
            name,
            Cell(sums[i], SHOWN if shown[i] else HIDDEN),
            sums[i] / total if shown[i] else None,
        )
        for i, name in enumerate(SCALE_GROUPS)
    ]


def scale_trends(round_: Round, counts: dict[int, int], total: int) -> dict[str, list[TrendPoint]]:
    """Per scale question key: the last TREND_ROUNDS rounds up to this one, oldest first.

    The round itself reuses the counts made for its page; the other rounds take four
    queries together, however many rounds and responses there are.
    """
    keys = {q.key for q in round_.survey.questions if q.kind in SCALE_KINDS}
    if not keys:
        return {}
    rounds = db.session.execute(
        sa.select(Round.id, Round.period)
        .where(Round.period <= round_.period, Round.status != "planned")
        .order_by(Round.period.desc())
        .limit(TREND_ROUNDS)
    ).all()
    others = [r.id for r in rounds if r.id != round_.id]
    options: dict[tuple[int, str], list] = {}
    chosen: dict[tuple[int, int], int] = {}
    responded: dict[int, int] = {round_.id: total}
    for question in round_.survey.questions:
        if question.kind in SCALE_KINDS:
            options[(round_.id, question.key)] = list(question.options)
            for option in question.options:
                chosen[(round_.id, option.id)] = counts.get(option.id, 0)
    if others:
        _other_rounds(others, keys, options, chosen, responded)

    trends: dict[str, list[TrendPoint]] = {}
    for key in sorted(keys):
        points = []
        for r in reversed(rounds):
            n = responded.get(r.id, 0)
            point = TrendPoint(r.period, n, r.id == round_.id, (r.id, key) in options)
            if point.asked and point.enough:
                opts = options[(r.id, key)]
                cells = single_choice([chosen.get((r.id, o.id), 0) for o in opts], n)
                point.groups = coarse(scale_groups(opts), cells, n)
            points.append(point)
        trends[key] = points
    return trends


def _other_rounds(round_ids, keys, options, chosen, responded) -> None:
    """Options, responses and choices of the matching questions in earlier rounds."""
    question_ids: set[int] = set()
    for row in db.session.execute(
        sa.select(
            Round.id.label("round_id"),
            Question.key,
            Option.question_id,
            Option.id,
            Option.value,
            Option.position,
        )
        .join(Question, Question.survey_id == Round.survey_id)
        .join(Option, Option.question_id == Question.id)
        .where(Round.id.in_(round_ids), Question.key.in_(keys), Question.kind.in_(SCALE_KINDS))
        .order_by(Round.id, Question.key, Option.position, Option.id)
    ):
        options.setdefault((row.round_id, row.key), []).append(row)
        question_ids.add(row.question_id)
    responded.update(
        db.session.execute(
            sa.select(Response.round_id, sa.func.count())
            .where(Response.round_id.in_(round_ids), Response.status == "submitted")
            .group_by(Response.round_id)
        ).all()
    )
    if not question_ids:
        return
    # Start from the rounds' responses, then their answers to these questions: the other
    # way round (from the options) would visit every answer ever given to them.
    for round_id, option_id, count in db.session.execute(
        sa.select(Response.round_id, AnswerChoice.option_id, sa.func.count())
        .select_from(Response)
        .join(
            Answer, sa.and_(Answer.response_id == Response.id, Answer.question_id.in_(question_ids))
        )
        .join(AnswerChoice, AnswerChoice.answer_id == Answer.id)
        .where(Response.round_id.in_(round_ids), Response.status == "submitted")
        .group_by(Response.round_id, AnswerChoice.option_id)
    ):
        chosen[(round_id, option_id)] = count
