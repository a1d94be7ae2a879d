"""The statements behind every answer page, built once at import.

Answer pages are the busiest in Stem. Building a SQLAlchemy statement and working out
its cache key costs more than running it on SQLite (about 0.6 ms against 0.05 ms), so
the hot path uses these prebuilt Core statements with bound parameters instead of
composing ORM queries per request.
"""

from __future__ import annotations

import sqlalchemy as sa

from stem.accounts.models import User
from stem.surveys.models import (
    Answer,
    AnswerChoice,
    ContactRequest,
    Invitation,
    Response,
    Round,
    Survey,
)
from stem.surveys.rounds.participation import MIN_STEP

_inv = Invitation.__table__
_round = Round.__table__
_user = User.__table__
_survey = Survey.__table__
_resp = Response.__table__
_ans = Answer.__table__
_choice = AnswerChoice.__table__

# The invitation whose link this is, its round, and the member's language.
FIND_LINK = (
    sa.select(
        _inv.c.id,
        _inv.c.user_id,
        # Taken part: marked on the invitation by a participation step, or (anonymous, not
        # yet in a step) handed in under the link's resume key.
        sa.or_(
            _inv.c.responded,
            sa.exists().where(
                _resp.c.resume_key_hash == sa.bindparam("key"), _resp.c.status == "submitted"
            ),
        ),
        _inv.c.locale,
        _round.c.id,
        _round.c.period,
        _round.c.status,
        _round.c.anonymous,
        _round.c.survey_id,
        _round.c.closes_at,
        _user.c.locale,
        _survey.c.created_at,
    )
    .select_from(
        _inv.join(_round, _inv.c.round_id == _round.c.id)
        .join(_survey, _round.c.survey_id == _survey.c.id)
        .join(_user, _inv.c.user_id == _user.c.id)
    )
    # A disabled account's link works no more: it finds nothing, like an unknown link.
    .where(_inv.c.token_hash == sa.bindparam("token_hash"), _user.c.active.is_(True))
)


def _whose(anonymous: bool):
    """Anonymous: the response the link's resume key finds. Named: the member's own."""
    mine = (
        _resp.c.resume_key_hash == sa.bindparam("key")
        if anonymous
        else _resp.c.user_id == sa.bindparam("user_id")
    )
    return sa.and_(_resp.c.round_id == sa.bindparam("round_id"), mine)


def _state(anonymous: bool, one_question: bool) -> sa.Select:
    on = _ans.c.response_id == _resp.c.id
    if one_question:
        on = sa.and_(on, _ans.c.question_id == sa.bindparam("question_id"))
    return (
        sa.select(_resp.c.id, _resp.c.status, _ans.c.question_id, _ans.c.text, _choice.c.option_id)
        .select_from(_resp.outerjoin(_ans, on).outerjoin(_choice, _choice.c.answer_id == _ans.c.id))
        .where(_whose(anonymous))
    )


# (anonymous, one question only) -> the response with its answers.
RESPONSE_STATE = {(a, q): _state(a, q) for a in (True, False) for q in (True, False)}
# anonymous -> the response's id and language.
FIND_RESPONSE = {a: sa.select(_resp.c.id, _resp.c.locale).where(_whose(a)) for a in (True, False)}


def _language_group(round_param: str = "round_id") -> sa.ColumnElement:
    """The language an anonymous response may carry: the page's language where at least five
    members of it were invited to the round, else "other" (stem.surveys.rounds.participation).
    Worked out inside the statement that needs it, so it costs no query of its own."""
    invited = (
        sa.select(sa.func.count()).select_from(_inv)
        .where(_inv.c.round_id == sa.bindparam(round_param),
               _inv.c.locale == sa.bindparam("page_locale", type_=sa.String))
        .scalar_subquery()
    )
    return sa.case((invited >= MIN_STEP, sa.bindparam("page_locale", type_=sa.String)),
                   else_=sa.literal("other"))


# An anonymous response with the language group the page's language gives it now.
FIND_ANONYMOUS_RESPONSE = sa.select(
    _resp.c.id, _resp.c.locale, _language_group().label("group")
).where(_whose(True))
INSERT_RESPONSE = sa.insert(_resp)
# An INSERT may not reuse a column's name for another parameter: the round's id twice.
INSERT_ANONYMOUS_RESPONSE = sa.insert(_resp).values(locale=_language_group("group_round_id"))
UPDATE_RESPONSE = sa.update(_resp).where(_resp.c.id == sa.bindparam("response_id"))
# Locked (PostgreSQL; SQLite writes one at a time anyway): two phones of one member
# saving the same question at once take turns.
FIND_ANSWER = (
    sa.select(_ans.c.id)
    .where(
        _ans.c.response_id == sa.bindparam("response_id"),
        _ans.c.question_id == sa.bindparam("question_id"),
    )
    .with_for_update()
)
INSERT_ANSWER = sa.insert(_ans)
UPDATE_ANSWER = sa.update(_ans).where(_ans.c.id == sa.bindparam("answer_id"))
DELETE_ANSWER = sa.delete(_ans).where(_ans.c.id == sa.bindparam("answer_id"))
DELETE_CHOICES = sa.delete(_choice).where(_choice.c.answer_id == sa.bindparam("answer_id"))
INSERT_CHOICES = sa.insert(_choice)
MARK_RESPONDED = (
    sa.update(_inv).where(_inv.c.id == sa.bindparam("invitation_id")).values(responded=True)
)
_contact = ContactRequest.__table__
CONTACT_REQUESTED = sa.select(_contact.c.id).where(
    _contact.c.round_id == sa.bindparam("round_id"),
    _contact.c.question_id == sa.bindparam("question_id"),
    _contact.c.user_id == sa.bindparam("user_id"),
)
