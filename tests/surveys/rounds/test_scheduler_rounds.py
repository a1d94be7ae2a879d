"""Rounds under real processes and real commits: races, kill -9, downtime, 10,000 members.

Runs on SQLite (a file of its own) and on PostgreSQL when STEM_TEST_DATABASE_URL is set
(a schema of its own; see committed_app in tests/notify/conftest.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from stem.accounts.models import MemberProfile, User
from stem.core.db import db, utcnow, write_intent
from stem.notify.models import OutboxMessage
from stem.surveys.models import Invitation, Round
from stem.surveys.rounds.invitations import queue_invitations
from stem.surveys.rounds.schedule import add_months, period_of
from stem.surveys.rounds.services import open_round
from tests.factories import create_survey
from tests.notify import conftest as notify_fixtures

pytestmark = pytest.mark.no_db_rollback
committed_app = notify_fixtures.committed_app  # a database with real commits, for processes

SCRIPT = """
import json, sys
from stem import create_app
app = create_app(json.loads(sys.argv[1]), instance_path=sys.argv[2])
with app.app_context():
    if sys.argv[3] == "reconcile":
        from stem.surveys.rounds.services import reconcile
        print(reconcile())
        sys.exit(0)
    if sys.argv[3] == "rounds":
        from stem.surveys.rounds.cli import rounds_cli as command
    else:
        from stem.notify.cli import scheduler_command as command
    command.main(args=sys.argv[4:], prog_name="stem " + sys.argv[3])
"""


def _config(app, **overrides) -> dict:
    config = {
        "STEM_ENV": "testing",
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        "BASE_URL": app.config["BASE_URL"],
        "MAIL_BACKEND": "locmem",
        "SMS_BACKEND": "memory",
        "LOG_LEVEL": "WARNING",
    }
    config.update(overrides)
    return config


def _start(app, *args, **overrides) -> subprocess.Popen:
    """A real `stem <args>` process on the app's database."""
    return subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT, json.dumps(_config(app, **overrides)), app.instance_path,
         *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _finish(process: subprocess.Popen, timeout: float = 120) -> str:
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    return output


def _this_month(app) -> str:
    with app.app_context():
        return period_of(utcnow())


def _read(app, query):
    """A read from outside the processes under test (never taking SQLite's write lock)."""
    token = write_intent.set(False)
    try:
        with app.app_context():
            try:
                return db.session.scalar(query)
            finally:
                db.session.remove()
    finally:
        write_intent.reset(token)


def _add_members(app, count: int) -> None:
    with app.app_context():
        first = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
        now = utcnow()
        rows = [
            {"id": first + n, "email": f"lid{first + n}@example.nl", "role": "member",
             "display_name": f"Lid {n}", "locale": ("nl", "ar", "ti", "uk")[n % 4],
             "channel": "email", "active": True, "session_version": 1, "totp_enabled": False,
             "created_at": now}
            for n in range(count)
        ]
        db.session.execute(sa.insert(User.__table__), rows)
        db.session.execute(
            sa.insert(MemberProfile.__table__),
            [{"user_id": row["id"], "joined_on": date(2026, 1, 1)} for row in rows],
        )
        if db.engine.dialect.name == "postgresql":  # ids given by hand: move the sequence on
            db.session.execute(sa.text(
                "SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))"
            ))
        db.session.commit()
        db.session.remove()


def _survey(app) -> int:
    with app.app_context():
        survey = create_survey(name="Maandvragen")
        db.session.commit()
        survey_id = survey.id
        db.session.remove()
    return survey_id


def _plan(app, period: str) -> None:
    from stem.surveys.models import Survey
    from stem.surveys.rounds.services import plan_round

    survey_id = _survey(app)
    with app.app_context():
        plan_round(period, db.session.get(Survey, survey_id))
        db.session.commit()
        db.session.remove()


def _assert_each_member_invited_once(app, period: str, members: int) -> None:
    _assert_each_member_invited_once_in(app, period, members, only_round=True)


def _assert_each_member_invited_once_in(
    app, period: str, members: int, only_round: bool = False
) -> None:
    with app.app_context():
        rounds = db.session.scalars(sa.select(Round).where(Round.period == period)).all()
        assert len(rounds) == 1
        round_ = rounds[0]
        assert round_.status == "open"
        user_ids = db.session.scalars(
            sa.select(Invitation.user_id).where(Invitation.round_id == round_.id)
        ).all()
        assert len(user_ids) == len(set(user_ids)) == members
        messages = db.session.execute(
            sa.select(OutboxMessage.user_id, OutboxMessage.dedupe_key).where(
                OutboxMessage.kind == "round_invitation",
                OutboxMessage.dedupe_key.like(f"round:{round_.id}:%"),
            )
        ).all()
        if only_round:  # and no invitation messages for anything else
            total = db.session.scalar(
                sa.select(sa.func.count()).where(OutboxMessage.kind == "round_invitation")
            )
            assert total == len(messages)
        assert sorted(user_id for user_id, _key in messages) == sorted(user_ids)
        assert {key for _user_id, key in messages} == {
            f"round:{round_.id}:invite:{user_id}" for user_id in user_ids
        }
        assert round_.invitations_done_at is not None
        db.session.remove()


def test_two_open_commands_at_once_make_one_round_and_one_invitation_each(committed_app):
    app = committed_app
    members = 1500
    _add_members(app, members)
    _plan(app, "2031-01")
    first = _start(app, "rounds", "open", "--period", "2031-01", "--batch-size", "50")
    second = _start(app, "rounds", "open", "--period", "2031-01", "--batch-size", "50")
    outputs = [_finish(first), _finish(second)]

    _assert_each_member_invited_once(app, "2031-01", members)
    queued = [int(out.split("Invitations queued now: ")[1].split(".")[0]) for out in outputs]
    assert sum(queued) == members  # between them, each member exactly once
    assert sum("Round 2031-01 is open" in out for out in outputs) == 1
    assert sum("was already open" in out for out in outputs) == 1


def test_two_reconcilers_at_once_open_once_and_invite_once(committed_app):
    """Two schedulers by mistake (no shared lock): the reconciler itself keeps it right."""
    app = committed_app
    members = 800
    _add_members(app, members)
    period = _this_month(app)
    _plan(app, period)
    anytime = {"ROUND_OPEN_DAY": 1, "ROUND_OPEN_TIME": "00:00"}  # opening time has passed
    processes = [_start(app, "reconcile", **anytime) for _ in range(2)]
    outputs = [_finish(process) for process in processes]
    _assert_each_member_invited_once(app, period, members)
    assert sum(f"opened='{period}'" in out for out in outputs) == 1, outputs


def test_kill_9_while_queueing_then_restart_invites_each_member_exactly_once(committed_app):
    app = committed_app
    members = 6000
    _add_members(app, members)
    _plan(app, "2031-02")
    process = _start(app, "rounds", "open", "--period", "2031-02", "--batch-size", "20")
    invitations = sa.select(sa.func.count()).select_from(Invitation)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = _read(app, invitations)
            if done >= 200 or process.poll() is not None:
                break
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == -signal.SIGKILL

    done = _read(app, invitations)
    messages = _read(app, sa.select(sa.func.count()).select_from(OutboxMessage))
    assert 0 < done < members, "the process should have died half-way"
    assert messages == done  # each batch committed invitations and messages together
    assert _read(app, sa.select(Round.invitations_done_at)) is None

    output = _finish(_start(app, "rounds", "open", "--period", "2031-02", "--batch-size", "500"))
    assert "was already open" in output
    assert f"Invitations queued now: {members - done}." in output
    _assert_each_member_invited_once(app, "2031-02", members)


def test_scheduler_down_over_the_opening_day_opens_the_round_on_restart(committed_app):
    app = committed_app
    members = 50
    _add_members(app, members)
    survey_id = _survey(app)
    now = utcnow()
    this_month = _this_month(app)
    last_month = add_months(this_month, -1)
    with app.app_context():  # last month's round ran; then the machine was off
        from stem.surveys.models import Survey

        open_round(last_month, now - timedelta(days=40), survey=db.session.get(Survey, survey_id))
        db.session.commit()
        db.session.remove()
    # Opening time of this month: the 1st at 00:00, so it has always passed already.
    anytime = {"ROUND_OPEN_DAY": 1, "ROUND_OPEN_TIME": "00:00"}
    output = _finish(_start(app, "scheduler", "--once", **anytime))
    assert "rounds: ok" in output
    _assert_each_member_invited_once(app, this_month, members)
    with app.app_context():
        last = db.session.scalar(sa.select(Round).where(Round.period == last_month))
        assert last.status == "closed"  # its closing time passed during the downtime too
        current = db.session.scalar(sa.select(Round).where(Round.period == this_month))
        assert current.survey_id == survey_id
        db.session.remove()

    output = _finish(_start(app, "scheduler", "--once", **anytime))  # and again: no change
    assert "rounds: ok" in output
    _assert_each_member_invited_once(app, this_month, members)


def test_opening_a_round_for_10000_members_invites_each_exactly_once(committed_app):
    """The bulk path at full size; its speed is measured in bench/, not here."""
    app = committed_app
    members = 10_000
    _add_members(app, members)
    period = "2031-03"
    _plan(app, period)
    with app.app_context():
        now = utcnow()
        round_ = open_round(period, now)
        db.session.commit()
        invited = queue_invitations(round_, now=now)
        db.session.remove()
    assert invited == members
    _assert_each_member_invited_once_in(app, period, members)
