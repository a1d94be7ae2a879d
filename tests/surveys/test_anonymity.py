"""Anonymous rounds: nothing joins who took part (invitations, users) to what they said
(responses, answers) — not in the schema, and not in the data after members answer.

What this proves, and what it does not:
- Schema: the answer tables reach users only through `responses.user_id` and
  `responses.consent_id`, both nullable, and nothing points at the answer tables from
  outside. The only columns that invitations and responses share are the round (the same
  for everyone asked), the language group (shown in results only for groups of at least
  five) and the two nullable person columns. The answer side holds no time of day.
- Data, after several members answered: person columns are NULL, no text, key or time
  stored with an invitation appears on the answer side, submitted responses have no
  resume key (so not even someone holding the app's secret key can find them from a
  link), dates are days, and no IP address or user agent is stored anywhere.
- Not covered by a test: storage-level traces such as PostgreSQL's per-row transaction
  ids (xmin) of the invitation and the response touched in the same submission, until
  the next update or vacuum freeze; see the report for the suggested close-of-round step.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from stem.core.db import UTCDateTime, db
from stem.surveys.answering.links import invitation_token, resume_key, token_hash
from stem.surveys.models import Invitation, Response
from stem.surveys.rounds.participation import take_steps
from tests.surveys.answering_helpers import (
    answer,
    invite,
    open_round,
    option_id,
    questions,
    responses,
    submit,
)

ANSWER_SIDE = ("responses", "answers", "answer_choices")
REMOTE_ADDR = "203.0.113.77"
USER_AGENT = "StemTestPhone/1.0 (Android 9; Go edition)"


def _tables():
    return db.metadata.tables


def test_no_foreign_key_from_anywhere_into_the_answers():
    for name, table in _tables().items():
        if name in ANSWER_SIDE:
            continue
        for fk in table.foreign_keys:
            assert fk.column.table.name not in ANSWER_SIDE, f"{name}.{fk.parent.name} -> answers"


def test_answer_side_reaches_people_only_through_nullable_columns():
    outward = set()
    for name in ANSWER_SIDE:
        for fk in _tables()[name].foreign_keys:
            if fk.column.table.name not in ANSWER_SIDE:
                outward.add((name, fk.parent.name, fk.column.table.name))
    assert outward == {
        ("responses", "round_id", "rounds"),
        ("responses", "user_id", "users"),
        ("responses", "consent_id", "consents"),
        ("answers", "question_id", "questions"),
        ("answer_choices", "option_id", "options"),
    }
    responses_table = _tables()["responses"]
    assert responses_table.c.user_id.nullable
    assert responses_table.c.consent_id.nullable
    # Invitations point at rounds and users only; nothing of theirs leads to a response.
    assert {fk.column.table.name for fk in _tables()["invitations"].foreign_keys} == {
        "rounds",
        "users",
    }


def test_invitations_and_responses_share_no_identifying_column():
    shared = set(_tables()["invitations"].c.keys()) & set(_tables()["responses"].c.keys())
    # id: separate sequences; round_id: everyone asked; locale: a language group;
    # user_id: NULL in anonymous rounds (checked in the data below).
    assert shared == {"id", "round_id", "locale", "user_id"}
    assert "token_hash" not in _tables()["responses"].c
    assert "resume_key_hash" not in _tables()["invitations"].c


def test_answer_side_keeps_no_time_of_day_and_no_client_details():
    for name in ANSWER_SIDE:
        for column in _tables()[name].c:
            assert not isinstance(column.type, sa.DateTime | UTCDateTime), f"{name}.{column.name}"
            assert not any(
                word in column.name for word in ("ip", "agent", "addr", "host", "device")
            ), f"{name}.{column.name}"
    assert isinstance(_tables()["responses"].c.started_on.type, sa.Date)
    assert isinstance(_tables()["responses"].c.submitted_on.type, sa.Date)


def _answer_round(app, client, count=6, in_progress=1):
    """`count` members answer an anonymous round; the last `in_progress` do not submit."""
    round_ = open_round(kinds=("smiley5", "single", "long_text"))
    smiley, single, _text_q = questions(round_)
    client.environ_base.update({"REMOTE_ADDR": REMOTE_ADDR, "HTTP_USER_AGENT": USER_AGENT})
    members = []
    for n in range(count):
        token, member = invite(round_)
        members.append((token, member))
        answer(client, token, 1, {"answer": option_id(smiley, str(1 + n % 5))})
        answer(client, token, 2, {"answer": option_id(single, "abc"[n % 3])})
        answer(client, token, 3, {"text": f"Antwoord van lid {n}: de les begint te vroeg."})
        if n < count - in_progress:
            assert submit(client, token).status_code == 303
    take_steps()  # the rounds job: taking part is recorded five or more at once
    db.session.expire_all()
    return round_, members


def _rows(table: str) -> list[dict]:
    table = _tables()[table]
    query = sa.select(table).order_by(*table.primary_key.columns)
    return [dict(row._mapping) for row in db.session.execute(query)]


def _all_values(tables) -> set:
    return {value for table in tables for row in _rows(table) for value in row.values()}


def test_stored_answers_cannot_be_joined_to_invitations(app, client):
    round_, members = _answer_round(app, client)
    stored = responses(round_)
    assert len(stored) == len(members)
    invitations = _rows("invitations")
    assert all(row["responded"] for row in invitations[:-1])
    assert not invitations[-1]["responded"]

    # No person on the answer side.
    assert all(r.user_id is None and r.consent_id is None for r in stored)

    # No value stored with an invitation appears on the answer side — except the round,
    # shared by everyone asked, and the language group. Integers are ids from separate
    # sequences (and the person columns above are NULL), so only texts and times count.
    identifying = {
        value
        for row in invitations
        for key, value in row.items()
        if key not in ("round_id", "locale") and isinstance(value, str | datetime)
    }
    answer_side = _all_values(ANSWER_SIDE)
    assert identifying & answer_side == set()

    # Nor does anything computed from them without the secret key.
    for row in invitations:
        derived = {token_hash(row["token_hash"]), resume_key(row["token_hash"])}
        assert derived & answer_side == set()

    # Submitted: the resume key is gone, so even the app's own secret cannot find the
    # response from the member's link any more. In progress: the link finds it (resuming).
    submitted = [r for r in stored if r.status == "submitted"]
    assert len(submitted) == len(members) - 1
    assert all(r.resume_key_hash is None for r in submitted)
    keys = {r.resume_key_hash for r in stored}
    for token, member in members[:-1]:
        assert invitation_token(round_.id, member.id) == token
        assert resume_key(token) not in keys
    last_token, _last = members[-1]
    assert resume_key(last_token) in keys

    # Days only, never a time of day.
    for r in stored:
        assert type(r.started_on) is date
        assert r.submitted_on is None or type(r.submitted_on) is date

    # The link tokens themselves are stored nowhere.
    everything = _everything()
    for token, _member in members:
        assert not any(token in value for value in everything)


def _everything() -> list[str]:
    """Every text value in every table of the database."""
    values = []
    for table in _tables().values():
        for row in db.session.execute(sa.select(table)):
            values.extend(str(v) for v in row if v is not None)
    return values


def test_no_ip_address_or_user_agent_is_stored_anywhere(app, client):
    _answer_round(app, client, count=3)
    everything = _everything()
    assert not any(REMOTE_ADDR in value for value in everything)
    assert not any("StemTestPhone" in value for value in everything)


def test_taking_part_is_a_plain_flag(app, client):
    round_, members = _answer_round(app, client, count=5, in_progress=0)
    invitations = db.session.scalars(sa.select(Invitation).where(Invitation.round_id == round_.id))
    for invitation in invitations:
        assert invitation.responded is True
        assert invitation.last_reminded_at is None  # answering touches no time on it


def test_named_rounds_are_named_on_purpose(client):
    from tests.surveys.answering_helpers import csrf_from

    round_ = open_round(kinds=("single",), anonymous=False)
    [single] = questions(round_)
    token, member = invite(round_)
    start = client.get(f"/r/{token}")
    client.post(f"/r/{token}", data={"csrf_token": csrf_from(start), "consent": "y"})
    answer(client, token, 1, {"answer": option_id(single, "a")})
    submit(client, token)
    [stored] = db.session.scalars(sa.select(Response).where(Response.round_id == round_.id))
    assert stored.user_id == member.id
    assert stored.consent_id is not None
    assert stored.resume_key_hash is None
