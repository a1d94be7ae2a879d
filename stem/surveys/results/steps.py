"""The figures frozen with each result step (see stem.surveys.rounds.participation).

Raw counts of the responses counted up to a step: what the results page, the exports and
the trends of later rounds read, instead of counting every answer on every view. The
small-group rule is applied when figures are shown (stem.surveys.results.suppression),
not here, so a changed rule needs no new steps.
"""

from __future__ import annotations

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import Answer, AnswerChoice, Invitation, Response, Round


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
    }


def latest_step(round_id: int):
    """The round's newest result step, or None before the first five respondents."""
    from stem.surveys.models import ResultStep

    return db.session.scalar(
        sa.select(ResultStep).where(ResultStep.round_id == round_id)
        .order_by(ResultStep.number.desc()).limit(1)
    )
