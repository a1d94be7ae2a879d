"""Trends over the last twelve rounds, for scale and yes/no questions, matched by question
key across survey versions.

Each round's point comes from the figures of that round's newest result step (never from
counting its answers again): for a scale question the respondents who were not satisfied,
neutral, satisfied or gave no answer; for a yes/no question yes, no and no answer. A round
gets a point when it had at least five counted respondents, like its own results page.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import SCALE_KINDS, Option, Question, Round
from stem.surveys.results.steps import Figures, newest_figures
from stem.surveys.results.suppression import enough, share

TREND_ROUNDS = 12
TREND_KINDS = (*SCALE_KINDS, "yesno")
SCALE_GROUPS = ("negative", "neutral", "positive", "none")
YESNO_GROUPS = ("yes", "no", "none")


def family(kind: str) -> str:
    """Questions of one family share a trend when their keys match: "scale" or "yesno"."""
    return "scale" if kind in SCALE_KINDS else kind


def trend_groups(kind: str) -> tuple[str, ...]:
    """The columns of a trend for a question of this kind."""
    return SCALE_GROUPS if family(kind) == "scale" else YESNO_GROUPS


def highlighted(kind: str) -> str:
    """The group a trend's chart shows per round: satisfied, or yes."""
    return "positive" if family(kind) == "scale" else "yes"


@dataclass
class TrendGroup:
    name: str
    count: int
    share: float | None


@dataclass
class TrendPoint:
    """One round in a question's trend; `groups` follow trend_groups(kind)."""

    period: str
    responded: int
    current: bool
    asked: bool  # the round's survey had a question with this key (and family)
    groups: list[TrendGroup] | None = None  # None: not asked, or too few respondents

    @property
    def enough(self) -> bool:
        return enough(self.responded)


def scale_groups(options: list) -> list[int]:
    """Per option (in the given order): 0 for the sadder faces, 1 the middle one, 2 happier."""
    ordered = sorted(
        options,
        key=lambda o: (int(o.value) if o.value.isascii() and o.value.isdecimal() else 99, o.position),
    )
    rank = {o.id: index for index, o in enumerate(ordered)}
    middle = (len(ordered) - 1) / 2
    return [0 if rank[o.id] < middle else 1 if rank[o.id] == middle else 2 for o in options]


def point_groups(kind: str, options: list, figures: Figures) -> list[TrendGroup]:
    """Respondents per trend group of one round, from that round's figures."""
    names = trend_groups(kind)
    if family(kind) == "scale":
        groups = scale_groups(options)
    else:
        groups = [YESNO_GROUPS.index(o.value) if o.value in ("yes", "no") else None for o in options]
    sums = [0] * len(names)
    for group, option in zip(groups, options, strict=True):
        if group is not None:
            sums[group] += figures.options.get(option.id, 0)
    total = figures.respondents
    sums[-1] = total - sum(sums[:-1])  # no answer
    return [TrendGroup(name, count, share(count, total)) for name, count in zip(names, sums, strict=True)]


def trends(round_: Round, figures: Figures) -> dict[tuple[str, str], list[TrendPoint]]:
    """Per (family, question key): the last TREND_ROUNDS rounds up to this one, oldest first.

    The round itself uses the figures read for its page; the other rounds take three
    statements together, however many rounds and responses there are.
    """
    wanted = {(family(q.kind), q.key) for q in round_.survey.questions if q.kind in TREND_KINDS}
    if not wanted:
        return {}
    rounds = db.session.execute(
        sa.select(Round.id, Round.period)
        .where(Round.period <= round_.period, Round.status != "planned")
        .order_by(Round.period.desc())
        .limit(TREND_ROUNDS)
    ).all()
    others = [r.id for r in rounds if r.id != round_.id]
    stored = newest_figures(others)
    stored[round_.id] = figures
    options: dict[tuple[int, str, str], tuple[str, list]] = {}
    for question in round_.survey.questions:
        if question.kind in TREND_KINDS:
            key = (round_.id, family(question.kind), question.key)
            options[key] = (question.kind, list(question.options))
    if others:
        _other_options(others, {key for _family, key in wanted}, options)

    result: dict[tuple[str, str], list[TrendPoint]] = {}
    for fam, key in sorted(wanted):
        points = []
        for r in reversed(rounds):
            found = stored.get(r.id, Figures())
            asked = (r.id, fam, key) in options
            point = TrendPoint(r.period, found.respondents, r.id == round_.id, asked)
            if asked and point.enough:
                kind, opts = options[(r.id, fam, key)]
                point.groups = point_groups(kind, opts, found)
            points.append(point)
        result[(fam, key)] = points
    return result


def _other_options(round_ids, keys, options) -> None:
    """The options of the matching questions in earlier rounds, in their order."""
    for row in db.session.execute(
        sa.select(
            Round.id.label("round_id"),
            Question.key,
            Question.kind,
            Option.id,
            Option.value,
            Option.position,
        )
        .join(Question, Question.survey_id == Round.survey_id)
        .join(Option, Option.question_id == Question.id)
        .where(Round.id.in_(round_ids), Question.key.in_(keys), Question.kind.in_(TREND_KINDS))
        .order_by(Round.id, Question.key, Option.position, Option.id)
    ):
        entry = options.setdefault((row.round_id, family(row.kind), row.key), (row.kind, []))
        entry[1].append(row)
