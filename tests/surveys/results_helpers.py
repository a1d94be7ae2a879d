"""Test data for the results pages: responses, answers and invitations in a few lines.

The results pages read a round's newest result step, so `fill` ends by freezing the round's
figures as the rounds job does (`freeze`); `respond` alone does not.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import date

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import TEXT_KINDS, Answer, AnswerChoice, Invitation, Response, ResultStep
from stem.surveys.results.steps import build_figures
from stem.surveys.rounds.participation import _freeze
from tests import factories

_seq = itertools.count(1)


def spread(counts: dict, total: int | None = None) -> list:
    """{"1": 3, "4": 2} -> ["1", "1", "1", "4", "4"], padded with None (no answer) to `total`."""
    values = [value for value, n in counts.items() for _ in range(n)]
    if total is not None:
        values += [None] * (total - len(values))
    return values


def option_id(question, value: str) -> int:
    return next(o.id for o in question.options if o.value == value)


def respond(round_, answers: dict, *, locale: str = "nl", status: str = "submitted") -> Response:
    """One response; `answers` maps a question to an option value, a list of them, or a text."""
    response = Response(
        round_id=round_.id,
        locale=locale,
        status=status,
        submitted_on=date.today() if status == "submitted" else None,
        # Counted in a result step, as the rounds job does for five or more at once.
        step=1 if status == "submitted" else None,
    )
    for question, value in answers.items():
        if value is None:
            continue
        answer = Answer(question_id=question.id)
        if question.kind in TEXT_KINDS:
            answer.text = value
        else:
            for item in value if isinstance(value, list) else [value]:
                answer.choices.append(AnswerChoice(option_id=option_id(question, item)))
        response.answers.append(answer)
    db.session.add(response)
    return response


def freeze(round_) -> ResultStep | None:
    """The round's figures frozen as its newest step, as the rounds job does after a step
    (the step of the newest counted response; built again if it exists). None: nothing
    counted."""
    db.session.flush()
    number = db.session.scalar(
        sa.select(sa.func.max(Response.step)).where(Response.round_id == round_.id)
    )
    if number is None:
        return None
    step = db.session.scalar(
        sa.select(ResultStep).where(ResultStep.round_id == round_.id, ResultStep.number == number)
    )
    if step is None:
        step = _freeze(round_, number)
    else:
        step.figures = build_figures(round_, number)
        step.respondents = step.figures["respondents"]
    db.session.flush()
    return step


def fill(
    round_,
    columns: dict,
    *,
    locales: list[str] | None = None,
    status="submitted",
    frozen: bool = True,
):
    """Responses made of columns: {question: [answer of response 1, of response 2, ...]};
    then the round's figures are frozen (unless `frozen` is False)."""
    size = max(len(values) for values in columns.values())
    for index in range(size):
        answers = {
            q: (values[index] if index < len(values) else None) for q, values in columns.items()
        }
        locale = locales[index] if locales and index < len(locales) else "nl"
        respond(round_, answers, locale=locale, status=status)
    db.session.flush()
    if frozen:
        freeze(round_)


def invite(round_, locales: dict[str, int], *, responded: int = 0) -> list[Invitation]:
    """Invitations for new members, so many per language; the first `responded` took part."""
    invitations = []
    for locale, count in locales.items():
        for _ in range(count):
            member = factories.create_user("member", locale=locale)
            token = f"results-test-{next(_seq)}-{member.id}"
            invitations.append(
                Invitation(
                    round_id=round_.id,
                    user_id=member.id,
                    token_hash=hashlib.sha256(token.encode()).hexdigest(),
                    locale=locale,
                )
            )
    for invitation in invitations[:responded]:
        invitation.responded = True
    db.session.add_all(invitations)
    db.session.flush()
    return invitations


def question(survey, kind: str):
    """The survey's (first) question of a kind."""
    return next(q for q in survey.questions if q.kind == kind)
