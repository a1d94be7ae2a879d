"""Taking part, recorded apart from the answers: steps of at least five respondents.

Handing in an anonymous round changes only the response. That the member took part (which
stops their reminders) is written later, by the rounds job, for at least five respondents
at once, in one transaction, in shuffled order: the invitations are marked, the responses'
resume keys cleared, "contact me" wishes turned into named contact requests, and the
round's figures frozen as a new result step. Every row that step writes carries the same
transaction id, so PostgreSQL's `xmin` (or `ctid`, or insert order) pairs no response with
an invitation: at best it tells that five or more people gave five or more responses.
The results page and exports read the newest step, so two moments never differ by fewer
than five people either.

At closing, the rest (fewer than five) is settled in one transaction that touches every
response and invitation of the round, so it hides among all of them; their answers stay
out of the figures unless they are five or more. Named rounds (on purpose not anonymous)
mark taking part at once, but count in the same steps. See docs/privacy.md.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from stem.accounts.models import User
from stem.accounts.services import give_consent
from stem.core.db import db
from stem.surveys.answering.links import invitation_token, resume_key
from stem.surveys.models import ContactRequest, ContactWish, Invitation, Response, ResultStep, Round
from stem.surveys.results.steps import build_figures

MIN_STEP = 5  # the smallest group of people any figure or step may be about
_random = secrets.SystemRandom()


def _member_keys(round_: Round, responded: bool | None = False) -> dict[str, tuple[int, int]]:
    """Resume key → (invitation id, user id), computed from the secret key, for the round's
    invitations (not yet marked as taking part, unless `responded` is None)."""
    query = sa.select(Invitation.id, Invitation.user_id).where(Invitation.round_id == round_.id)
    if responded is not None:
        query = query.where(Invitation.responded.is_(responded))
    return {
        resume_key(invitation_token(round_.id, user_id)): (invitation_id, user_id)
        for invitation_id, user_id in db.session.execute(query)
    }


def handed_in_keys(round_: Round) -> set[str]:
    """Resume keys of responses handed in but not yet counted in a step (no reminders)."""
    return set(db.session.scalars(
        sa.select(Response.resume_key_hash).where(
            Response.round_id == round_.id, Response.status == "submitted",
            Response.resume_key_hash.is_not(None),
        )
    ))


def _waiting(round_id: int) -> list[tuple[int, str | None]]:
    return [tuple(row) for row in db.session.execute(
        sa.select(Response.id, Response.resume_key_hash).where(
            Response.round_id == round_id, Response.status == "submitted",
            Response.step.is_(None),
        )
    )]


def _shuffled(values) -> list:
    values = list(values)
    _random.shuffle(values)
    return values


def _contact_requests(round_: Round, members: dict[str, tuple[int, int]], keys) -> int:
    """Named contact requests for the wishes behind these resume keys; the wishes go."""
    keys = list(keys)
    if not keys:
        return 0
    wishes = db.session.execute(
        sa.select(ContactWish.id, ContactWish.question_id, ContactWish.resume_key_hash).where(
            ContactWish.round_id == round_.id, ContactWish.resume_key_hash.in_(keys)
        )
    ).all()
    made = 0
    for _wish_id, question_id, key in _shuffled(wishes):
        _invitation_id, user_id = members[key]
        exists = db.session.scalar(sa.select(ContactRequest.id).where(
            ContactRequest.round_id == round_.id, ContactRequest.question_id == question_id,
            ContactRequest.user_id == user_id,
        ))
        if exists is None:
            consent = give_consent(db.session.get(User, user_id), "survey_contact")
            db.session.flush()
            db.session.add(ContactRequest(round_id=round_.id, question_id=question_id,
                                          user_id=user_id, consent_id=consent.id))
            made += 1
    if wishes:
        db.session.execute(sa.delete(ContactWish).where(
            ContactWish.id.in_([wish_id for wish_id, _q, _k in wishes])))
    return made


def _next_number(round_id: int) -> int:
    last = db.session.scalar(
        sa.select(sa.func.max(ResultStep.number)).where(ResultStep.round_id == round_id))
    return (last or 0) + 1


def _freeze(round_: Round, number: int) -> ResultStep:
    respondents = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
        Response.round_id == round_.id, Response.step.is_not(None), Response.step <= number))
    step = ResultStep(round_id=round_.id, number=number, respondents=respondents,
                      figures=build_figures(round_, number))
    db.session.add(step)
    return step


def take_step(round_: Round, *, closing: bool = False) -> int | None:
    """Count the responses handed in since the last step, if they are at least five.

    With `closing`, also settle the rest (see the module's docstring). Flushes, never
    commits: the caller commits the whole step as one transaction. Returns the new step's
    number, or None when no step was taken.
    """
    waiting = _waiting(round_.id)
    release = len(waiting) >= MIN_STEP
    if not release and not closing:
        return None
    members = _member_keys(round_) if round_.anonymous else {}
    number = _next_number(round_.id) if release else None
    if release:
        values = {"step": number}
        if round_.anonymous:
            values["resume_key_hash"] = None  # from now on nothing finds the response again
        db.session.execute(
            sa.update(Response).where(Response.id.in_(_shuffled(i for i, _k in waiting)))
            .values(**values).execution_options(synchronize_session=False)
        )
    handed_in = [key for _i, key in waiting if key in members]
    if round_.anonymous and handed_in:
        db.session.execute(
            sa.update(Invitation)
            .where(Invitation.id.in_(_shuffled(members[key][0] for key in handed_in)))
            .values(responded=True).execution_options(synchronize_session=False)
        )
    wish_keys = set(handed_in)
    if closing and round_.anonymous:
        # Every row of the round, so the rest hides among all: no key survives the round.
        everyone = _member_keys(round_, responded=None)
        wish_keys |= {key for key in _open_wish_keys(round_) if key in everyone}
        members = everyone
        db.session.execute(
            sa.update(Response).where(Response.round_id == round_.id)
            .values(resume_key_hash=None).execution_options(synchronize_session=False)
        )
        db.session.execute(
            sa.update(Invitation).where(Invitation.round_id == round_.id)
            .values(responded=Invitation.responded).execution_options(synchronize_session=False)
        )
    if round_.anonymous:
        _contact_requests(round_, members, wish_keys)
        if closing:
            db.session.execute(sa.delete(ContactWish).where(ContactWish.round_id == round_.id))
    if release:
        db.session.flush()
        _freeze(round_, number)
    db.session.flush()
    return number


def _open_wish_keys(round_: Round) -> set[str]:
    return set(db.session.scalars(
        sa.select(ContactWish.resume_key_hash).where(ContactWish.round_id == round_.id)))


def take_steps() -> int:
    """The rounds job's part: a step for every open round with five or more waiting, and a
    frozen step for rounds counted before steps existed. Commits each step on its own.

    One query when there is nothing to do (the job runs every few minutes)."""
    waiting = (
        sa.select(Response.round_id)
        .join(Round, Round.id == Response.round_id)
        .where(Round.status == "open", Response.status == "submitted", Response.step.is_(None))
        .group_by(Response.round_id)
        .having(sa.func.count() >= MIN_STEP)
    )
    unfrozen = sa.select(Response.round_id).where(
        Response.step.is_not(None), Response.round_id.not_in(sa.select(ResultStep.round_id))
    )
    round_ids = db.session.scalars(sa.union(waiting, unfrozen)).all()
    taken = 0
    for round_id in sorted(set(round_ids)):
        round_ = db.session.get(Round, round_id)
        if round_.status == "open" and take_step(round_) is not None:
            taken += 1
        elif not db.session.scalar(sa.select(ResultStep.id).where(ResultStep.round_id == round_id)):
            _freeze(round_, db.session.scalar(
                sa.select(sa.func.max(Response.step)).where(Response.round_id == round_id)))
        db.session.commit()
    return taken
