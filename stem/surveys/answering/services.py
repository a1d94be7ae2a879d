"""Answering a round from a personal link: find the link, keep each answer, submit.

Every answer is stored as it is given, so a member can stop and go on later, on any
device, from the same link. Anonymous rounds keep the response apart from the
invitation (see stem/surveys/models.py): the response is found again through
`resume_key(token)`, carries no user, only day-precision dates and a language group of
at least five invitees, and handing in touches nothing but the response. The invitation
is marked, and the resume key cleared, later, in a step of five or more respondents
(stem.surveys.rounds.participation). Nothing here stores an IP address, a user agent or a
time of day with an answer.

Services take a `Link` (the invitation, its round and the token) and flush, never commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from stem.accounts.models import User
from stem.accounts.services import give_consent
from stem.core.db import db
from stem.surveys.answering import contact_wish
from stem.surveys.answering import queries as q
from stem.surveys.answering.links import resume_key, token_hash
from stem.surveys.answering.view import QuestionView, SurveyView
from stem.surveys.models import (
    Invitation,
    Response,
)

# invitation_token(): 32 bytes in unpadded URL-safe base64. Anything else is no link of ours.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"


class AnswerError(ValueError):
    """The answer does not fit the question (a tampered form)."""


class ConsentNeeded(Exception):
    """A named round: the member has not yet agreed to answer with their name."""


class MissingAnswers(Exception):
    """Required questions are still open; `numbers` are their positions."""

    def __init__(self, numbers: list[int]):
        super().__init__(numbers)
        self.numbers = numbers


@dataclass(frozen=True)
class LinkRound:
    """What the answer pages need of the link's round."""

    id: int
    period: str
    status: str
    anonymous: bool
    survey_id: int
    closes_at: datetime | None


@dataclass
class Link:
    """A member's personal link to a round: who it is for, and where it leads."""

    token: str
    invitation_id: int
    user_id: int
    responded: bool
    round: LinkRound
    member_locale: str  # the member's language: the pages' default
    survey_stamp: datetime  # tells the survey cache one survey from another

    @property
    def anonymous(self) -> bool:
        return self.round.anonymous


@dataclass(frozen=True)
class AnswerState:
    text: str | None = None
    option_ids: frozenset[int] = frozenset()


@dataclass
class ResponseState:
    """What a member has answered so far (as far as the page needs it)."""

    id: int | None = None
    status: str | None = None
    answers: dict[int, AnswerState] = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return self.id is not None

    def answered(self, question_id: int) -> bool:
        return question_id in self.answers


def find_link(token: str) -> Link | None:
    """The link's invitation and round, or None for an unknown or malformed token."""
    if not TOKEN_RE.fullmatch(token):
        return None  # no database lookup for garbage
    row = db.session.execute(
        q.FIND_LINK, {"token_hash": token_hash(token), "key": resume_key(token)}
    ).first()
    if row is None:
        return None
    (invitation_id, user_id, responded, invited_locale, *round_values, user_locale, stamp) = row
    return Link(
        token=token,
        invitation_id=invitation_id,
        user_id=user_id,
        responded=responded,
        round=LinkRound(*round_values),
        member_locale=user_locale or invited_locale,
        survey_stamp=stamp,
    )


def _whose(link: Link) -> dict:
    """The parameters of the statements that find this link's response."""
    if link.anonymous:
        return {"round_id": link.round.id, "key": resume_key(link.token)}
    return {"round_id": link.round.id, "user_id": link.user_id}


def response_state(link: Link, question_id: int | None = None) -> ResponseState:
    """The member's response and answers (only to one question, if given), in one query."""
    params = _whose(link)
    if question_id is not None:
        params["question_id"] = question_id
    statement = q.RESPONSE_STATE[link.anonymous, question_id is not None]
    state = ResponseState()
    choices: dict[int, set[int]] = {}
    texts: dict[int, str | None] = {}
    for response_id, status, answered_id, text, option_id in db.session.execute(statement, params):
        state.id, state.status = response_id, status
        if answered_id is None:
            continue
        texts[answered_id] = text
        bucket = choices.setdefault(answered_id, set())
        if option_id is not None:
            bucket.add(option_id)
    state.answers = {
        qid: AnswerState(texts[qid], frozenset(option_ids)) for qid, option_ids in choices.items()
    }
    return state


def progress(link: Link, state: ResponseState) -> str:
    """not_started, in_progress or done: for the start page and "my rounds"."""
    if link.responded or state.status == "submitted":
        return DONE
    return IN_PROGRESS if state.started else NOT_STARTED


def first_open_question(survey: SurveyView, state: ResponseState) -> int | None:
    """The number of the first question without an answer, or None if all have one."""
    for question in survey.questions:
        if not state.answered(question.id):
            return question.number
    return None


def _insert_once(link: Link, values: dict, statement=q.INSERT_RESPONSE) -> int:
    """Insert the link's response; if another phone was a moment faster, use theirs."""
    try:
        with db.session.begin_nested():
            result = db.session.execute(statement, values)
        return result.inserted_primary_key[0]
    except IntegrityError:
        row = db.session.execute(q.FIND_RESPONSE[link.anonymous], _whose(link)).first()
        if row is None:
            raise
        return row.id


def _response_id(link: Link, locale: str) -> int:
    """The link's response (made now in an anonymous round), in the language now used."""
    if link.anonymous:
        return _anonymous_response_id(link, locale)
    row = db.session.execute(q.FIND_RESPONSE[False], _whose(link)).first()
    if row is not None:
        if row.locale != locale:
            db.session.execute(q.UPDATE_RESPONSE, {"response_id": row.id, "locale": locale})
        return row.id
    raise ConsentNeeded()


def _anonymous_response_id(link: Link, locale: str) -> int:
    """The link's anonymous response, made now if need be, with its language group: the
    page's language where five or more of it were invited, else "other"."""
    params = {**_whose(link), "page_locale": locale}
    row = db.session.execute(q.FIND_ANONYMOUS_RESPONSE, params).first()
    if row is not None:
        if row.locale != row.group:
            db.session.execute(q.UPDATE_RESPONSE, {"response_id": row.id, "locale": row.group})
        return row.id
    # No user, no time of day: only the key the link can compute, and the date.
    return _insert_once(
        link,
        {
            "round_id": link.round.id,
            "resume_key_hash": resume_key(link.token),
            "page_locale": locale,
            "group_round_id": link.round.id,
            "status": "in_progress",
            "started_on": date.today(),
        },
        q.INSERT_ANONYMOUS_RESPONSE,
    )


def start_named(link: Link, locale: str) -> int:
    """A named round: record the member's consent and open their response (its id)."""
    if link.anonymous:
        raise ValueError("anonymous rounds keep no consent with the response")
    row = db.session.execute(q.FIND_RESPONSE[False], _whose(link)).first()
    if row is not None:
        return row.id
    user = db.session.get(User, link.user_id)
    consent = give_consent(user, "survey_named")
    db.session.flush()
    return _insert_once(
        link,
        {
            "round_id": link.round.id,
            "user_id": user.id,
            "consent_id": consent.id,
            "locale": locale,
            "status": "in_progress",
            "started_on": date.today(),
        },
    )


def save_answer(
    link: Link,
    question: QuestionView,
    *,
    option_ids: list[int] | None = None,
    text: str | None = None,
    contact: bool = False,
    locale: str = "nl",
) -> None:
    """Store (or clear) the member's answer to one question, as given.

    The form has checked the answer already; tampered option ids are refused here too.
    """
    option_ids = sorted(set(option_ids or []))
    if any(question.option(option_id) is None for option_id in option_ids):
        raise AnswerError("option of another question")
    if question.is_text:
        option_ids = []
        text = (text or "").strip() or None
        if text is not None and len(text) > question.max_length:
            raise AnswerError("text too long")
    else:
        text = None
        if len(option_ids) > 1 and not question.is_multiple:
            raise AnswerError("one choice only")
    response_id = _response_id(link, locale)
    where = {"response_id": response_id, "question_id": question.id}
    answer_id = db.session.execute(q.FIND_ANSWER, where).scalar()
    if answer_id is not None:
        db.session.execute(q.DELETE_CHOICES, {"answer_id": answer_id})
    if not option_ids and text is None:
        if answer_id is not None:
            db.session.execute(q.DELETE_ANSWER, {"answer_id": answer_id})
    else:
        if answer_id is None:
            try:
                with db.session.begin_nested():
                    result = db.session.execute(q.INSERT_ANSWER, {**where, "text": text})
                answer_id = result.inserted_primary_key[0]
            except IntegrityError:  # the other phone was first: take its row, in turn
                answer_id = db.session.execute(q.FIND_ANSWER, where).scalar_one()
                db.session.execute(q.DELETE_CHOICES, {"answer_id": answer_id})
                db.session.execute(q.UPDATE_ANSWER, {"answer_id": answer_id, "text": text})
        else:
            db.session.execute(q.UPDATE_ANSWER, {"answer_id": answer_id, "text": text})
        if option_ids:
            db.session.execute(
                q.INSERT_CHOICES, [{"answer_id": answer_id, "option_id": i} for i in option_ids]
            )
    if question.ask_contact:
        contact_wish.record(link, question, contact, option_ids, text)


def submit(link: Link, survey: SurveyView, locale: str) -> bool:
    """Hand in the member's answers. False when they were handed in before (nothing changes).

    Raises MissingAnswers when a required question has no answer yet.
    """
    if link.responded:
        return False
    if link.anonymous:
        # Only the response changes. Locking or marking the invitation here would put this
        # transaction's id on it too (xmin, xmax) and so pair it with the answers: taking
        # part is recorded later, five or more at once (stem.surveys.rounds.participation).
        if _lock_response(link) == "submitted":
            return False
    elif _responded_meanwhile(link):
        return False
    state = response_state(link)
    if state.status == "submitted":  # named round submitted on another device
        if not link.anonymous:
            _mark_responded(link)
        return False
    missing = [q.number for q in survey.questions if q.required and not state.answered(q.id)]
    if missing:
        raise MissingAnswers(missing)
    response_id = _response_id(link, locale)
    values = {"response_id": response_id, "status": "submitted", "submitted_on": date.today()}
    db.session.execute(q.UPDATE_RESPONSE, values)
    if link.anonymous:
        link.responded = True  # for this request; in the database, only the response says so
    else:
        _mark_responded(link)
    return True


def _lock_response(link: Link) -> str | None:
    """Lock the link's anonymous response and read its status again: did the other phone
    just hand in? (PostgreSQL row lock; SQLite's write lock serialises them already.)"""
    return db.session.execute(
        sa.select(Response.status)
        .where(Response.round_id == link.round.id, Response.resume_key_hash == resume_key(link.token))
        .with_for_update()
    ).scalar()


def _responded_meanwhile(link: Link) -> bool:
    """Lock the invitation, then look again: did the other phone just hand in?

    Two phones pressing Send at once: the second waits here for the first to commit
    (PostgreSQL row lock; SQLite's write lock already serialises them) and then sees
    the round handed in, instead of finding no answers behind the cleared resume key.
    """
    responded = db.session.execute(
        sa.select(Invitation.responded)
        .where(Invitation.id == link.invitation_id)
        .with_for_update()
    ).scalar_one()
    link.responded = responded
    return responded


def _mark_responded(link: Link) -> None:
    """That the member took part: a flag, no time (it stops the reminders)."""
    db.session.execute(q.MARK_RESPONDED, {"invitation_id": link.invitation_id})
    link.responded = True
