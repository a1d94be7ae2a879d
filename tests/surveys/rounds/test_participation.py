"""Taking part is recorded apart from the answers, in steps of at least five respondents.

The last test runs on PostgreSQL (the PostgreSQL run of CI) with real commits, and asks
the database's own system columns — xmin, xmax, ctid — and the ids and insert order
whether any of them pairs a response with an invitation.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.surveys.answering.links import resume_key
from stem.surveys.models import ContactRequest, ContactWish, Invitation, Response, ResultStep
from stem.surveys.rounds.invitations import send_reminders
from stem.surveys.rounds.participation import take_step, take_steps
from stem.surveys.rounds.services import close_round
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture
from tests.surveys.answering_helpers import (
    add_question,
    answer,
    invite,
    open_round,
    option_id,
    questions,
    submit,
)


def _hand_in(client, round_, token, text="Prima."):
    [single] = [q for q in questions(round_) if q.kind == "single"]
    answer(client, token, 1, {"answer": option_id(single, "a")})
    assert submit(client, token).status_code == 303


def _counted() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Response).where(Response.step.is_not(None)))


def test_four_handed_in_wait_and_the_fifth_makes_a_step(client):
    round_ = open_round(kinds=("single",))
    tokens = [invite(round_)[0] for _ in range(6)]
    for token in tokens[:4]:
        _hand_in(client, round_, token)
    assert take_steps() == 0
    assert _counted() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                             .where(Invitation.responded)) == 0
    _hand_in(client, round_, tokens[4])
    assert take_steps() == 1
    assert _counted() == 5
    invitations = db.session.scalars(sa.select(Invitation).order_by(Invitation.id)).all()
    assert [i.responded for i in invitations] == [True] * 5 + [False]
    assert all(r.resume_key_hash is None for r in db.session.scalars(
        sa.select(Response).where(Response.status == "submitted")))
    [step] = db.session.scalars(sa.select(ResultStep)).all()
    assert (step.number, step.respondents, step.figures["respondents"]) == (1, 5, 5)
    # The results count only what a step counted: the sixth, in progress, is not in them.
    _hand_in(client, round_, tokens[5])
    assert take_steps() == 0
    assert _counted() == 5


def test_someone_who_handed_in_gets_no_reminder_before_the_step(client):
    round_ = open_round(kinds=("single",))
    handed_in, member = invite(round_)
    _waiting, other = invite(round_)
    _hand_in(client, round_, handed_in)
    later = utcnow() + timedelta(days=8)
    assert send_reminders(round_, later, commit=False) == 1
    reminded = db.session.scalars(sa.select(Invitation).where(Invitation.reminders_sent > 0)).all()
    assert [i.user_id for i in reminded] == [other.id]


def test_closing_settles_the_rest_without_counting_fewer_than_five(client):
    round_ = open_round(kinds=("single",))
    contact_q = add_question(round_.survey, "short_text", required=False, ask_contact=True)
    tokens = [invite(round_)[0] for _ in range(8)]
    for token in tokens[:5]:
        _hand_in(client, round_, token)
    assert take_steps() == 1
    for token in tokens[5:7]:
        _hand_in(client, round_, token)
    answer(client, tokens[7], 2, {"text": "Bel me", "contact": "y"})  # never handed in
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactWish)) == 1
    close_round(round_, utcnow())
    db.session.flush()
    # No resume key survives the round, handed in or not.
    assert db.session.scalars(sa.select(Response.resume_key_hash)).all() == [None] * 8
    # The two who handed in late are marked as taking part, but not counted: two people.
    assert _counted() == 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                             .where(Invitation.responded)) == 7
    # The wish of the one who did not hand in still reaches staff, with a name and consent.
    [request] = db.session.scalars(sa.select(ContactRequest)).all()
    assert request.question_id == contact_q.id
    assert request.consent_id is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactWish)) == 0


def test_five_or_more_left_at_closing_are_counted_in_a_last_step(client):
    round_ = open_round(kinds=("single",))
    tokens = [invite(round_)[0] for _ in range(5)]
    for token in tokens:
        _hand_in(client, round_, token)
    close_round(round_, utcnow())  # before the job ran
    assert _counted() == 5
    assert db.session.scalar(sa.select(sa.func.max(ResultStep.number))) == 1


def test_named_rounds_count_in_steps_too(client):
    round_ = open_round(kinds=("single",), anonymous=False)
    tokens = [invite(round_)[0] for _ in range(5)]
    for token in tokens:
        client.post_form(f"/r/{token}", {"consent": "y"})
        _hand_in(client, round_, token)
    assert take_step(round_) == 1
    assert _counted() == 5


# --- PostgreSQL: what the database itself could tell ----------------------------------


@pytest.mark.no_db_rollback
def test_no_system_column_or_order_pairs_a_response_with_an_invitation(committed_app):  # noqa: F811
    app = committed_app
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("xmin, xmax and ctid are PostgreSQL's; the PostgreSQL run checks them")
    rng = random.Random(2026)  # noqa: S311 - a fixed order for a repeatable test
    members = 12
    with app.app_context():
        round_ = open_round(kinds=("single", "long_text"))
        round_id = round_.id
        invited = [invite(round_) for _ in range(members)]
        db.session.commit()
        truth_texts = {}
        single, text_q = questions(round_)
        single_options = [o.id for o in single.options]
        plan = [(token, member.id) for token, member in invited]
    rng.shuffle(plan)  # members answer in an order unrelated to their invitations
    from tests.conftest import StemClient

    app.test_client_class = StemClient
    for n, (token, user_id) in enumerate(plan[:10]):
        client = app.test_client()  # each member on their own phone, one request at a time
        words = f"antwoord {n} van een lid"
        truth_texts[words] = user_id
        client.post_form(f"/r/{token}/1", {"answer": single_options[n % len(single_options)]})
        client.post_form(f"/r/{token}/2", {"text": words})
        assert client.post_form(f"/r/{token}/check").status_code == 303
    with app.app_context():
        assert take_steps() == 1
    with app.app_context():
        conn = db.session.connection()
        responses = conn.execute(sa.text(
            "SELECT r.id, r.xmin::text AS xmin, r.ctid::text AS ctid, a.text FROM responses r "
            "JOIN answers a ON a.response_id = r.id AND a.text IS NOT NULL "
            "WHERE r.round_id = :round"), {"round": round_id}).mappings().all()
        invitations = conn.execute(sa.text(
            "SELECT id, user_id, xmin::text AS xmin, xmax::text AS xmax, ctid::text AS ctid "
            "FROM invitations WHERE round_id = :round AND responded"),
            {"round": round_id}).mappings().all()
        answers = conn.execute(sa.text(
            "SELECT a.xmin::text AS xmin, a.text FROM answers a JOIN responses r "
            "ON r.id = a.response_id WHERE r.round_id = :round AND a.text IS NOT NULL"),
            {"round": round_id}).mappings().all()
        db.session.remove()
    assert len(responses) == len(invitations) == 10
    truth = {r["id"]: truth_texts[r["text"]] for r in responses}
    # 1. Transaction ids: whatever a response and an invitation share, they share with at
    #    least five others of each; the invitations were never locked by a response's writer.
    for xmin in {i["xmin"] for i in invitations}:
        sharing = [r for r in responses if r["xmin"] == xmin]
        assert not sharing or (len(sharing) >= 5 and
                               sum(i["xmin"] == xmin for i in invitations) >= 5)
    answer_xids = {a["xmin"] for a in answers} | {r["xmin"] for r in responses}
    assert not answer_xids & {i["xmax"] for i in invitations if i["xmax"] != "0"}
    assert not {a["xmin"] for a in answers} & {i["xmin"] for i in invitations}
    # 2. Physical order (ctid), id order and insert order: pairing the n-th response with the
    #    n-th invitation in any of these orders gets no more right than chance would.
    def by(rows, key):
        return [row for row in sorted(rows, key=key)]

    def ctid(row):
        page, item = row["ctid"].strip("()").split(",")
        return int(page), int(item)

    for order in (lambda row: row["id"], ctid):
        pairs = zip(by(responses, order), by(invitations, order), strict=True)
        right = sum(truth[r["id"]] == i["user_id"] for r, i in pairs)
        assert right <= 3, f"{right} of 10 pairs found by ordering"
    with app.app_context():
        resume_keys = {resume_key(token) for token, _user in plan}
        stored = set(db.session.scalars(sa.select(Response.resume_key_hash)))
        db.session.remove()
    assert stored & resume_keys == set()  # nothing the secret key could find any more
