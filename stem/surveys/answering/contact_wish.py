"""A member's "you may contact me about this", given with an answer.

In a named round it is a named contact request at once, with consent and a copy of the
answer. In an anonymous round it is a wish kept by the response's resume key, never with a
name, until a participation step of five or more turns it into a contact request
(stem.surveys.rounds.participation): written with a name now, it would share the answer's
transaction, and so its id on PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from stem.accounts.models import User
from stem.accounts.services import give_consent
from stem.core.db import db
from stem.surveys.answering import queries as q
from stem.surveys.answering.links import resume_key
from stem.surveys.answering.view import QuestionView
from stem.surveys.models import ContactRequest, ContactWish


def _note(question: QuestionView, option_ids: list[int], text: str | None) -> str:
    """The copy of the answer that goes with a contact request; staff read Dutch labels."""
    if text is not None:
        return text
    return ", ".join(question.option(i).label["nl"].text for i in option_ids)


def contact_requested(link, question_id: int) -> bool:
    """Whether the member asked to be contacted about this question of the round."""
    params = {"round_id": link.round.id, "question_id": question_id, "user_id": link.user_id}
    if db.session.execute(q.CONTACT_REQUESTED, params).first() is not None:
        return True
    return link.anonymous and _wish(link, question_id) is not None


def _wish(link, question_id: int) -> ContactWish | None:
    return db.session.scalar(sa.select(ContactWish).where(
        ContactWish.round_id == link.round.id, ContactWish.question_id == question_id,
        ContactWish.resume_key_hash == resume_key(link.token),
    ))


def _set_contact_wish(link, question: QuestionView, wanted: bool) -> None:
    """An anonymous round: the wish is kept by resume key, never with a name, until a
    participation step (of five or more) turns it into a named contact request. Written
    now with a name, it would share this transaction, and so its id, with the answer."""
    wish = _wish(link, question.id)
    if wanted and wish is None:
        try:
            with db.session.begin_nested():
                db.session.add(ContactWish(round_id=link.round.id, question_id=question.id,
                                           resume_key_hash=resume_key(link.token)))
        except IntegrityError:
            pass  # the other phone was first
    elif not wanted and wish is not None:
        db.session.delete(wish)


def _set_contact_request(link, question: QuestionView, wanted: bool, note: str) -> None:
    """A "contact me" follow-up: named on purpose, with consent.

    It never points at the response or answer, and in anonymous rounds holds no copy of
    the answer either, so the member's answers stay unlinked.
    """
    follow_up = db.session.scalar(
        sa.select(ContactRequest).where(
            ContactRequest.round_id == link.round.id,
            ContactRequest.question_id == question.id,
            ContactRequest.user_id == link.user_id,
        )
    )
    if not wanted:
        if follow_up is not None and follow_up.handled_at is None:
            db.session.delete(follow_up)
        return
    user = db.session.get(User, link.user_id)
    consent = give_consent(user, "survey_contact")
    if follow_up is None:
        follow_up = ContactRequest(
            round_id=link.round.id,
            question_id=question.id,
            user_id=user.id,
            created_on=date.today(),
        )
        db.session.add(follow_up)
    db.session.flush()  # the consent's id
    follow_up.consent_id = consent.id
    follow_up.note = note


def record(link, question: QuestionView, wanted: bool, option_ids: list[int],
           text: str | None) -> None:
    """Keep (or withdraw) the member's wish to be contacted about this question."""
    if link.anonymous:
        _set_contact_wish(link, question, wanted)
    else:
        _set_contact_request(link, question, wanted, _note(question, option_ids, text))
