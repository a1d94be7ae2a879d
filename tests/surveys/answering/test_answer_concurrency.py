"""1,000 members answer at the same moment, on a database with real commits.

Each member is a thread with its own browser-like client: it opens its question page
(session and CSRF token), waits at a barrier with everyone else, then posts its answer
and hands it in. Some members do so from two phones at once. Afterwards: every answer is
there, no request failed ("database is locked" or otherwise), and there is exactly one
response per member. Runs on SQLite, and on PostgreSQL when STEM_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from stem.accounts.models import User
from stem.core.db import db
from stem.surveys.answering.links import invitation_token, token_hash
from stem.surveys.models import Answer, AnswerChoice, Invitation, Response
from stem.surveys.rounds.participation import take_steps
from tests import factories
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture
from tests.surveys.answering_helpers import csrf_from

pytestmark = [pytest.mark.no_db_rollback, pytest.mark.slow]

MEMBERS = {True: 1000, False: 300}  # anonymous: the 1,000; named: fewer, for time
TWO_PHONES = 50  # members who press the buttons on two phones at the same time


def _seed(app, anonymous: bool) -> tuple[int, list[tuple[int, int]], list[int]]:
    """A round with one single-choice question and its invited members."""
    count = MEMBERS[anonymous]
    with app.app_context():
        survey = factories.create_survey(kinds=("single",), anonymous=anonymous)
        round_ = factories.create_round(survey)
        option_ids = [o.id for o in survey.questions[0].options]
        db.session.execute(
            sa.insert(User),
            [
                {"email": f"lid{n}@concurrency.example", "role": "member", "locale": "nl"}
                for n in range(count)
            ],
        )
        user_ids = db.session.scalars(
            sa.select(User.id).where(User.email.like("%@concurrency.example")).order_by(User.id)
        ).all()
        db.session.execute(
            sa.insert(Invitation),
            [
                {
                    "round_id": round_.id,
                    "user_id": user_id,
                    "token_hash": token_hash(invitation_token(round_.id, user_id)),
                    "locale": "nl",
                }
                for user_id in user_ids
            ],
        )
        db.session.commit()
        tokens = [(user_id, invitation_token(round_.id, user_id)) for user_id in user_ids]
        return round_.id, tokens, option_ids


def _run(app, tokens, option_ids, anonymous: bool) -> list[str]:
    """Every member (some twice) answers and submits at once; returns the problems."""
    jobs = [(user_id, token, 0) for user_id, token in tokens]
    jobs += [(user_id, token, 1) for user_id, token in tokens[:TWO_PHONES]]
    barrier = threading.Barrier(len(jobs), timeout=300)
    problems: list[str] = []

    def member(user_id: int, token: str, phone: int) -> None:
        try:
            client = app.test_client()
            if not anonymous:
                start = client.get(f"/r/{token}")
                client.post(f"/r/{token}", data={"csrf_token": csrf_from(start), "consent": "y"})
            page = client.get(f"/r/{token}/1")
            csrf = csrf_from(page)
            choice = option_ids[user_id % len(option_ids)]
            barrier.wait()
            saved = client.post(
                f"/r/{token}/1", data={"csrf_token": csrf, "answer": choice, "go": "next"}
            )
            if saved.status_code != 303:
                problems.append(f"{user_id}/{phone}: answer {saved.status_code}")
                return
            sent = client.post(f"/r/{token}/check", data={"csrf_token": csrf})
            if sent.status_code != 303 or not sent.headers["Location"].endswith("/thanks"):
                problems.append(f"{user_id}/{phone}: submit {sent.status_code}")
        except Exception as exc:  # reported below, with the member
            problems.append(f"{user_id}/{phone}: {type(exc).__name__}: {exc}")
            barrier.abort()

    threads = [threading.Thread(target=member, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return problems


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
def test_a_thousand_members_answer_at_once(committed_app, anonymous):  # noqa: F811
    app = committed_app
    round_id, tokens, option_ids = _seed(app, anonymous)

    problems = _run(app, tokens, option_ids, anonymous)

    assert problems == []
    members = MEMBERS[anonymous]
    with app.app_context():
        # Taking part is recorded by the rounds job, five or more at once, apart from answering.
        assert take_steps() == 1
        responses = db.session.execute(
            sa.select(
                Response.id, Response.user_id, Response.status, Response.resume_key_hash
            ).where(Response.round_id == round_id)
        ).all()
        assert len(responses) == members  # one per member, also for those on two phones
        assert {r.status for r in responses} == {"submitted"}
        assert all(r.resume_key_hash is None for r in responses)
        if anonymous:
            assert all(r.user_id is None for r in responses)
        else:
            assert sorted(r.user_id for r in responses) == sorted(u for u, _t in tokens)
        answers = db.session.execute(
            sa.select(Answer.response_id, AnswerChoice.option_id).join(
                AnswerChoice, AnswerChoice.answer_id == Answer.id
            )
        ).all()
        assert len(answers) == members  # none lost, none doubled
        assert {response_id for response_id, _o in answers} == {r.id for r in responses}
        expected = sorted(option_ids[u % len(option_ids)] for u, _t in tokens)
        assert sorted(option for _r, option in answers) == expected
        responded = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Invitation)
            .where(Invitation.round_id == round_id, Invitation.responded.is_(True))
        )
        assert responded == members
