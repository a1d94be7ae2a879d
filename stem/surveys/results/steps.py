"""The figures frozen with each result step (see stem.surveys.rounds.participation).

Raw counts of the responses counted up to a step: what the results page, the exports and
the trends of later rounds read, instead of counting every answer on every view. The
small-group rule is applied when figures are shown (stem.surveys.results.suppression),
not here, so a changed rule needs no new steps. Besides counts, a step keeps which open
answers the results page shows first (their ids, the first few in the order of their
text), so the page need not sort every answer either; the texts stay in the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import (
    TEXT_KINDS,
    Answer,
    AnswerChoice,
    Invitation,
    Response,
    ResultStep,
    Round,
)

PREVIEW = 10  # open answers shown per question on the results page


def has_text():
    """The WHERE clause for answers with something written in them."""
    return sa.func.trim(sa.func.coalesce(Answer.text, "")) != ""


def _counted(round_id: int, number: int):
    return sa.and_(Response.round_id == round_id, Response.status == "submitted",
                   Response.step.is_not(None), Response.step <= number)


def build_figures(round_: Round, number: int) -> dict:
    """The counts after step `number`: respondents, per option, per question, per language."""
    counted = _counted(round_.id, number)
    options = db.session.execute(
        sa.select(AnswerChoice.option_id, sa.func.count())
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerChoice, AnswerChoice.answer_id == Answer.id)
        .where(counted).group_by(AnswerChoice.option_id)
    ).all()
    answered = db.session.execute(
        sa.select(Answer.question_id, sa.func.count())
        .select_from(Response).join(Answer, Answer.response_id == Response.id)
        .where(counted).group_by(Answer.question_id)
    ).all()
    by_language = db.session.execute(
        sa.select(Response.locale, sa.func.count()).where(counted).group_by(Response.locale)
    ).all()
    invited = db.session.execute(
        sa.select(Invitation.locale, sa.func.count())
        .where(Invitation.round_id == round_.id).group_by(Invitation.locale)
    ).all()
    respondents = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(counted))
    # JSON keys are strings: ids are written as text and read back with int().
    return {
        "respondents": respondents,
        "options": {str(option_id): count for option_id, count in options},
        "answered": {str(question_id): count for question_id, count in answered},
        "responded_by_language": dict(by_language),
        "invited_by_language": dict(invited),
        "previews": _previews(round_, counted),
    }


def _previews(round_: Round, counted) -> dict[str, list[int]]:
    """Per open question: the ids of its first PREVIEW written answers in text order.

    One statement: per question an ORDER BY ... LIMIT, which SQLite and PostgreSQL answer
    with a top-N sort instead of sorting every answer (as a window function would).
    """
    question_ids = [q.id for q in round_.survey.questions if q.kind in TEXT_KINDS]
    if not question_ids:
        return {}
    parts = [
        sa.select(Answer.question_id, Answer.id)
        .select_from(Response)
        .join(Answer, sa.and_(Answer.response_id == Response.id, Answer.question_id == qid))
        .where(counted, has_text())
        .order_by(Answer.text, Answer.id)
        .limit(PREVIEW)
        .subquery()
        for qid in question_ids
    ]
    statement = sa.union_all(*(sa.select(part.c.question_id, part.c.id) for part in parts))
    previews: dict[str, list[int]] = {str(qid): [] for qid in question_ids}
    for question_id, answer_id in db.session.execute(statement):
        previews[str(question_id)].append(answer_id)
    return previews


def latest_step(round_id: int) -> ResultStep | None:
    """The round's newest result step, or None before the first five respondents."""
    return db.session.scalar(
        sa.select(ResultStep).where(ResultStep.round_id == round_id)
        .order_by(ResultStep.number.desc()).limit(1)
    )


@dataclass(frozen=True)
class Figures:
    """A step's frozen counts as read back (ids as numbers again); empty before a step."""

    respondents: int = 0
    options: dict[int, int] = field(default_factory=dict)
    answered: dict[int, int] = field(default_factory=dict)
    responded_by_language: dict[str, int] = field(default_factory=dict)
    invited_by_language: dict[str, int] = field(default_factory=dict)
    previews: dict[int, list[int]] | None = None  # None: frozen before steps kept them
    step: int | None = None
    created_on: date | None = None

    @classmethod
    def of(cls, step: ResultStep | None) -> Figures:
        """The figures of a step; empty figures for None (no step yet)."""
        if step is None:
            return cls()
        stored = step.figures or {}
        previews = stored.get("previews")
        return cls(
            respondents=step.respondents,
            options={int(k): v for k, v in stored.get("options", {}).items()},
            answered={int(k): v for k, v in stored.get("answered", {}).items()},
            responded_by_language=dict(stored.get("responded_by_language", {})),
            invited_by_language=dict(stored.get("invited_by_language", {})),
            previews=None if previews is None else {int(k): v for k, v in previews.items()},
            step=step.number,
            created_on=step.created_on,
        )


def newest_figures(round_ids) -> dict[int, Figures]:
    """The figures of each round's newest step (rounds without a step are left out), in
    one statement for any number of rounds."""
    round_ids = list(round_ids)
    if not round_ids:
        return {}
    newest = (
        sa.select(ResultStep.round_id, sa.func.max(ResultStep.number).label("number"))
        .where(ResultStep.round_id.in_(round_ids))
        .group_by(ResultStep.round_id)
        .subquery()
    )
    steps = db.session.scalars(
        sa.select(ResultStep).join(
            newest,
            sa.and_(ResultStep.round_id == newest.c.round_id, ResultStep.number == newest.c.number),
        )
    )
    return {step.round_id: Figures.of(step) for step in steps}
