"""A round's results for staff: counts per option and language group, trends, open answers.

Everything is counted in the database (GROUP BY) in a fixed number of queries, whatever the
number of responses. Every figure passes through stem.surveys.results.suppression: no figure shows
fewer than five people, also not by subtraction. Percentages are shares of all submitted
responses of the round (the total shown), so that no hidden count can be worked back from
a percentage. A round with fewer than five responses shows no breakdown at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from stem.core.db import db
from stem.core.i18n import BY_CODE, LOCALE_CODES
from stem.surveys.models import (
    CHOICE_KINDS,
    SCALE_KINDS,
    TEXT_KINDS,
    Answer,
    AnswerChoice,
    Invitation,
    Option,
    Question,
    Response,
    Round,
    Survey,
)
from stem.surveys.results.open_answers import open_previews, submitted
from stem.surveys.results.suppression import MIN_GROUP, Cell, Row, protect, rows, single_choice
from stem.surveys.results.trends import TrendPoint, scale_trends
from stem.surveys.texts import option_label, question_text


@dataclass
class LanguageRow:
    code: str
    name: str
    invited: Cell
    responded: Cell
    rate: float | None  # responded / invited, only when both are shown


@dataclass
class QuestionResult:
    question: Question
    number: int
    text: str
    rows: list[Row] | None = None  # choice questions; None when withheld
    answered: int = 0
    written: Row | None = None  # open questions: how many wrote something, protected
    preview: list[str] = field(default_factory=list)  # open questions
    trend: list[TrendPoint] = field(default_factory=list)  # scale questions

    @property
    def is_open(self) -> bool:
        return self.question.kind in TEXT_KINDS

    @property
    def open_shown(self) -> bool:
        """Open answers are listed only when at least five people wrote one."""
        return self.answered >= MIN_GROUP


@dataclass
class RoundResults:
    round: Round
    invited: int
    responded: int
    languages: list[LanguageRow] | None = None
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        """Five or more responses: only then is anything broken down."""
        return self.responded >= MIN_GROUP

    @property
    def rate(self) -> float | None:
        return self.responded / self.invited if self.enough and self.invited else None


def get_round(round_id: int) -> Round:
    """A round with its survey, questions, options and their texts loaded; 404 if unknown."""
    questions = selectinload(Round.survey).selectinload(Survey.questions)
    round_ = db.session.scalar(
        sa.select(Round)
        .where(Round.id == round_id)
        .options(
            selectinload(Round.survey).selectinload(Survey.translations),
            questions.selectinload(Question.translations),
            questions.selectinload(Question.options).selectinload(Option.translations),
        )
    )
    if round_ is None:
        abort(404)
    return round_


def get_question(round_: Round, question_id: int) -> Question:
    """A question of the round's survey, or 404 (a question of another survey included)."""
    for question in round_.survey.questions:
        if question.id == question_id:
            return question
    abort(404)


def _languages(invited: dict[str, int], responded: dict[str, int]) -> list[LanguageRow] | None:
    codes = [c for c in LOCALE_CODES if c in invited or c in responded]
    codes += sorted((set(invited) | set(responded)) - set(codes))
    invited_cells = protect([invited.get(c, 0) for c in codes])
    responded_cells = protect([responded.get(c, 0) for c in codes])
    if invited_cells is None or responded_cells is None:
        return None
    result = []
    for code, inv, resp in zip(codes, invited_cells, responded_cells, strict=True):
        both = inv.shown and resp.shown and inv.count
        name = BY_CODE[code].native_name if code in BY_CODE else code
        result.append(LanguageRow(code, name, inv, resp, resp.count / inv.count if both else None))
    return result


def choice_rows(
    question: Question, counts: dict[int, int], answered: int, total: int, locale: str
) -> list[Row] | None:
    """The protected breakdown of a choice question over all responses of the round.

    The last row (label None) is "no answer".
    """
    labels = [option_label(o, locale).text for o in question.options]
    if question.kind != "multiple":
        values = [counts.get(o.id, 0) for o in question.options]
        return rows([*labels, None], single_choice(values, total), total)
    # Several options may be chosen: each option is a breakdown of its own (chose it, or
    # not), and so is "chose nothing".
    result = []
    for label, value in [
        *zip(labels, [counts.get(o.id, 0) for o in question.options], strict=True),
        (None, total - answered),
    ]:
        cells = protect([value, total - value])
        if cells is None:
            return None
        result += rows([label], cells[:1], total)
    return result


def round_results(round_: Round, locale: str) -> RoundResults:
    """All figures of a round's results page, protected; the same few queries at any size."""
    rid = round_.id
    invited = _by_locale(Invitation.locale, Invitation.round_id == rid)
    responded = _by_locale(Response.locale, submitted(rid))
    results = RoundResults(round_, sum(invited.values()), sum(responded.values()))
    if not results.enough:
        return results  # no breakdown at all
    results.languages = _languages(invited, responded)

    total = results.responded
    questions = round_.survey.questions
    counts = option_counts(rid)
    answered = answered_counts(
        rid, [q.id for q in questions if q.kind == "multiple" or q.kind in TEXT_KINDS]
    )
    previews = open_previews(rid, [q.id for q in questions if q.kind in TEXT_KINDS])
    trends = scale_trends(round_, counts, total)
    for number, question in enumerate(questions, start=1):
        result = QuestionResult(question, number, question_text(question, locale).text)
        if question.kind in CHOICE_KINDS:
            if question.kind == "multiple":
                result.answered = answered.get(question.id, 0)
            else:
                result.answered = sum(counts.get(o.id, 0) for o in question.options)
            result.rows = choice_rows(question, counts, result.answered, total, locale)
        else:
            result.answered = answered.get(question.id, 0)
            cells = protect([result.answered, total - result.answered])
            result.written = rows([None], cells[:1], total)[0] if cells else None
            if result.open_shown:
                result.preview = previews.get(question.id, [])
        if question.kind in SCALE_KINDS:
            result.trend = trends.get(question.key, [])
        results.questions.append(result)
    return results


def _by_locale(column, condition) -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(column, sa.func.count()).where(condition).group_by(column)
        ).all()
    )


def option_counts(round_id: int) -> dict[int, int]:
    """How often each option was chosen in the round's submitted responses."""
    return dict(
        db.session.execute(
            sa.select(AnswerChoice.option_id, sa.func.count())
            .select_from(Response)
            .join(Answer, Answer.response_id == Response.id)
            .join(AnswerChoice, AnswerChoice.answer_id == Answer.id)
            .where(submitted(round_id))
            .group_by(AnswerChoice.option_id)
        ).all()
    )


def answered_counts(round_id: int, question_ids: list[int]) -> dict[int, int]:
    """Per question: how many submitted responses answered it.

    An answer row exists only while it holds a choice or a text (answering deletes the row
    when both are emptied), so counting rows is enough, from the index alone.
    """
    if not question_ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(Answer.question_id, sa.func.count())
            .select_from(Response)
            .join(
                Answer,
                sa.and_(Answer.response_id == Response.id, Answer.question_id.in_(question_ids)),
            )
            .where(submitted(round_id))
            .group_by(Answer.question_id)
        ).all()
    )
