"""Helpers for the answering tests: a round with invited members and their links."""

from __future__ import annotations

import re

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.answering.links import invitation_token, token_hash
from stem.surveys.models import (
    Answer,
    AnswerChoice,
    Invitation,
    Option,
    OptionTranslation,
    Question,
    QuestionTranslation,
    Response,
)
from tests import factories

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def open_round(kinds=("smiley5", "single", "long_text"), anonymous=True, status="open", **fields):
    """An open round of a new survey with one question per kind."""
    survey = factories.create_survey(kinds=kinds, anonymous=anonymous)
    return factories.create_round(survey, status=status, **fields)


def invite(round_, user=None, locale: str = "nl") -> tuple[str, object]:
    """Invite a member (new unless given) to the round: (their link token, the member)."""
    user = user or factories.create_user("member", locale=locale)
    token = invitation_token(round_.id, user.id)
    db.session.add(
        Invitation(
            round_id=round_.id, user_id=user.id, token_hash=token_hash(token), locale=user.locale
        )
    )
    db.session.flush()
    return token, user


def questions(round_) -> list[Question]:
    return list(round_.survey.questions)


def option_id(question: Question, value: str) -> int:
    return next(o.id for o in question.options if o.value == value)


def add_question(survey, kind: str, *, required=True, ask_contact=False, options=()) -> Question:
    """Append a question (Dutch text, Dutch option labels) to a survey."""
    position = len(survey.questions)
    question = Question(
        key=f"extra-{survey.id}-{position}",
        position=position,
        kind=kind,
        required=required,
        ask_contact=ask_contact,
    )
    question.translations = [QuestionTranslation(locale="nl", text=f"Extra vraag {kind}?")]
    for index, (value, label) in enumerate(options):
        option = Option(position=index, value=value)
        option.translations = [OptionTranslation(locale="nl", label=label)]
        question.options.append(option)
    survey.questions.append(question)
    db.session.flush()
    return question


def csrf_from(response) -> str:
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def answer(client, token: str, number: int, data: dict, query: str = ""):
    """POST an answer the way the page's form does (CSRF token from the page itself)."""
    url = f"/r/{token}/{number}{query}"
    page = client.get(url)
    data = {"csrf_token": csrf_from(page), "go": "next", **data}
    return client.post(url, data=data)


def submit(client, token: str):
    page = client.get(f"/r/{token}/check")
    return client.post(f"/r/{token}/check", data={"csrf_token": csrf_from(page)})


def responses(round_) -> list[Response]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Response).where(Response.round_id == round_.id)))


def stored_answers(response: Response) -> dict[int, tuple[str | None, set[int]]]:
    """question id -> (text, option ids) for a response, read from the database."""
    rows = db.session.execute(
        sa.select(Answer.question_id, Answer.text, AnswerChoice.option_id)
        .outerjoin(AnswerChoice, AnswerChoice.answer_id == Answer.id)
        .where(Answer.response_id == response.id)
    ).all()
    result: dict[int, tuple[str | None, set[int]]] = {}
    for question_id, text, option in rows:
        entry = result.setdefault(question_id, (text, set()))
        if option is not None:
            entry[1].add(option)
    return result
