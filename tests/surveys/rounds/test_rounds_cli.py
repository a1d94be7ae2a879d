"""`stem rounds open|remind|close|status [--period YYYY-MM]` through click's runner."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.notify.models import OutboxMessage
from stem.surveys.models import Invitation, Round
from stem.surveys.rounds.cli import rounds_cli
from stem.surveys.rounds.schedule import period_of
from stem.surveys.rounds.services import plan_round
from tests.factories import create_survey, create_user


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(rounds_cli, list(args))

    return invoke


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_open_remind_close_status(run):
    members = [create_user("member") for _ in range(3)]
    plan_round("2031-01", create_survey(name="Januari"), create_user("staff"))

    result = run("status", "--period", "2031-01")
    assert result.exit_code == 0, result.output
    assert "has not opened (planned: survey" in result.output
    assert "it opens 2031-01-02 09:00" in result.output  # 1 January is a holiday

    result = run("open", "--period", "2031-01")
    assert result.exit_code == 0, result.output
    assert "Round 2031-01 is open" in result.output
    round_ = db.session.scalar(sa.select(Round).where(Round.period == "2031-01"))
    invited = _count(Invitation, Invitation.round_id == round_.id)
    assert invited >= 3
    assert f"Invitations queued now: {invited}." in result.output
    assert f"invited {invited}, responded 0 (0%)" in result.output

    result = run("open", "--period", "2031-01")
    assert result.exit_code == 0, result.output
    assert "was already open since" in result.output
    assert "Invitations queued now: 0." in result.output
    assert _count(OutboxMessage, OutboxMessage.kind == "round_invitation") == invited

    result = run("remind", "--period", "2031-01")
    assert result.exit_code == 0, result.output
    assert "Reminders queued: 0 (round 2031-01, at most 2 per member)." in result.output
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.user_id == members[0].id)
        .values(created_at=utcnow() - timedelta(days=2))
    )
    result = run("remind", "--period", "2031-01")
    assert "Reminders queued: 1 " in result.output
    result = run("remind", "--period", "2031-01")
    assert "Reminders queued: 0 " in result.output

    result = run("status", "--period", "2031-01")
    assert result.exit_code == 0, result.output
    assert "Round 2031-01: open" in result.output
    assert "reminders 1 to 1 members" in result.output

    result = run("close", "--period", "2031-01")
    assert result.exit_code == 0, result.output
    assert "Round 2031-01 is closed." in result.output
    result = run("close", "--period", "2031-01")
    assert "was already closed on" in result.output
    result = run("remind", "--period", "2031-01")
    assert result.exit_code == 1
    assert "round 2031-01 is closed, not open" in result.output
    result = run("open", "--period", "2031-01")
    assert "was closed on" in result.output


@pytest.mark.parametrize("command", ["open", "remind", "close", "status"])
@pytest.mark.parametrize("period", ["2031-13", "31-01", "januari", "2031-1"])
def test_a_bad_period_is_refused_with_a_message(run, command, period):
    result = run(command, "--period", period)
    assert result.exit_code == 2
    assert "is not a month; use YYYY-MM, for example 2026-12" in result.output


def test_open_without_a_survey_says_what_to_do(run):
    result = run("open", "--period", "2031-02")
    assert result.exit_code == 1
    assert "no survey for 2031-02: plan one on /staff/rounds" in result.output
    assert _count(Round, Round.period == "2031-02") == 0


def test_remind_and_close_need_an_existing_round(run):
    for command in ("remind", "close"):
        result = run(command, "--period", "2031-03")
        assert result.exit_code == 1
        assert "there is no round for 2031-03" in result.output
    plan_round("2031-03", create_survey(), create_user("staff"))
    result = run("close", "--period", "2031-03")
    assert result.exit_code == 1
    assert "round 2031-03 has not opened yet" in result.output


def test_the_default_period_is_this_month(run):
    create_survey()
    result = run("status")
    assert result.exit_code == 0, result.output
    assert f"Round {period_of(utcnow())}" in result.output


def test_rounds_is_a_stem_command():
    from stem.cli import cli

    assert cli.get_command(None, "rounds") is rounds_cli
