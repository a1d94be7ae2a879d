"""Round services: plan, open, invite, remind, close, reconcile — idempotent, exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.notify.delivery import REMOVED_BODY
from stem.notify.models import OutboxMessage
from stem.surveys.answering import links
from stem.surveys.models import Invitation, Round
from stem.surveys.rounds.invitations import (
    CANCELLED_ERROR,
    MANUAL_REMINDER_GAP,
    queue_invitations,
    reminders_due,
    send_reminders,
)
from stem.surveys.rounds.services import (
    NoSurveyError,
    RoundError,
    close_round,
    default_survey,
    open_round,
    open_round_once,
    plan_round,
    reconcile,
    round_figures,
    round_status,
)
from tests.factories import create_survey, create_user

# Monday 7 December 2026, 10:00 in Amsterdam: a plain working day in an open round.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _members(count: int, **fields) -> list:
    return [create_user("member", **fields) for _ in range(count)]


def _invitations(round_: Round) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(Invitation.round_id == round_.id)
            .order_by(Invitation.user_id)
            .execution_options(populate_existing=True)
        )
    )


def _messages(kind: str | None = None, user=None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    if user is not None:
        query = query.where(OutboxMessage.user_id == user.id)
    return list(db.session.scalars(query))


def _open(period: str = "2026-12", now: datetime = NOW, survey=None) -> Round:
    round_ = open_round(period, now, survey=survey or create_survey())
    queue_invitations(round_, now=now)
    return round_


# --- opening ---------------------------------------------------------------------


def test_open_round_fixes_anonymity_and_closing_time_from_the_survey():
    survey = create_survey(anonymous=False)
    round_ = open_round("2026-12", NOW, survey=survey)
    assert (round_.status, round_.period, round_.survey_id) == ("open", "2026-12", survey.id)
    assert round_.anonymous is False
    assert round_.opened_at == NOW
    # Open until and including 21 December (NOW + 14 days): closes at 00:00 Amsterdam after it.
    assert round_.closes_at == datetime(2026, 12, 21, 23, 0, tzinfo=UTC)
    survey.anonymous = True  # the builder makes a new version instead; the round keeps its own
    db.session.flush()
    db.session.refresh(round_)
    assert round_.anonymous is False


def test_opening_twice_gives_the_same_round():
    survey = create_survey()
    first, opened = open_round_once("2026-12", NOW, survey=survey)
    second, again = open_round_once("2026-12", NOW + timedelta(hours=1), survey=create_survey())
    assert (opened, again) == (True, False)
    assert first.id == second.id
    assert second.survey_id == survey.id
    assert second.opened_at == NOW
    count = db.session.scalar(sa.select(sa.func.count()).where(Round.period == "2026-12"))
    assert count == 1


def test_open_uses_the_planned_survey(app):
    staff = create_user("staff")
    planned_survey = create_survey(name="Gepland")
    plan_round("2027-01", planned_survey, staff)
    round_ = open_round("2027-01", NOW)
    assert (round_.status, round_.survey_id) == ("open", planned_survey.id)


def test_open_without_a_plan_uses_the_newest_version_of_the_last_family():
    first = create_survey(name="Maandvragen")
    open_round("2026-11", NOW - timedelta(days=30), survey=first)
    newer = create_survey(name="Maandvragen v2", family_id=first.family_id, version=2)
    draft = create_survey(
        name="Maandvragen v3", family_id=first.family_id, version=3, status="draft"
    )
    create_survey(name="Ander")  # another family, newer id: not used
    assert default_survey().id == newer.id
    round_ = open_round("2026-12", NOW)
    assert round_.survey_id == newer.id != draft.id


def test_open_without_any_survey_to_use_says_so():
    with pytest.raises(NoSurveyError):
        open_round("2026-12", NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0


def test_a_planned_survey_that_became_a_draft_falls_back_to_its_ready_version():
    ready = create_survey(name="Klaar")
    staff = create_user("staff")
    plan_round("2027-02", ready, staff)
    ready.status = "draft"  # e.g. archived or being edited
    newer = create_survey(name="Klaar v2", family_id=ready.family_id, version=2)
    assert open_round("2027-02", NOW).survey_id == newer.id


# --- planning --------------------------------------------------------------------


def test_plan_change_and_remove(app):
    staff = create_user("staff")
    one, two = create_survey(), create_survey()
    round_ = plan_round("2027-01", one, staff)
    assert (round_.status, round_.survey_id) == ("planned", one.id)
    again = plan_round("2027-01", two, staff)
    assert again.id == round_.id
    assert again.survey_id == two.id
    assert plan_round("2027-01", None, staff) is None
    assert db.session.scalar(sa.select(Round).where(Round.period == "2027-01")) is None


def test_plan_refuses_started_rounds_and_unfinished_surveys():
    staff = create_user("staff")
    open_round("2026-12", NOW, survey=create_survey())
    with pytest.raises(RoundError):
        plan_round("2026-12", create_survey(), staff)
    with pytest.raises(RoundError):
        plan_round("2027-01", create_survey(status="draft"), staff)
    with pytest.raises(ValueError, match="YYYY-MM"):
        plan_round("2027-13", create_survey(), staff)


# --- invitations -----------------------------------------------------------------


def test_every_active_member_is_invited_once_in_their_language_and_channel():
    amina = create_user("member", display_name="Amina", locale="ar")
    yonas = create_user("member", display_name="", locale="ti", phone="+31612345001",
                        channel="sms")
    en = create_user("member", display_name="Olena", locale="en")
    inactive = create_user("member")
    inactive.active = False
    left = create_user("member")
    left.profile.left_on = date(2026, 11, 30)
    leaving = create_user("member")
    leaving.profile.left_on = date(2026, 12, 31)  # still a member today
    partner = create_user("partner")
    staff = create_user("staff")
    db.session.flush()

    round_ = open_round("2026-12", NOW, survey=create_survey())
    assert queue_invitations(round_, now=NOW) >= 4
    invited = {inv.user_id: inv for inv in _invitations(round_)}
    for user in (amina, yonas, en, leaving):
        assert user.id in invited
    for user in (inactive, left, partner, staff):
        assert user.id not in invited
    assert invited[amina.id].locale == "ar"
    assert invited[amina.id].token_hash == links.token_hash(
        links.invitation_token(round_.id, amina.id)
    )
    assert round_.invitations_done_at == NOW

    [mail] = _messages("round_invitation", amina)
    link = links.invitation_url(links.invitation_token(round_.id, amina.id))
    assert (mail.channel, mail.recipient, mail.locale) == ("email", amina.email, "ar")
    assert mail.dedupe_key == f"round:{round_.id}:invite:{amina.id}"
    assert mail.sensitive is True
    assert link in mail.body
    assert "Amina" in mail.body
    assert mail.subject
    [sms] = _messages("round_invitation", yonas)
    assert (sms.channel, sms.recipient, sms.locale) == ("sms", "+31612345001", "ti")
    assert links.invitation_url(links.invitation_token(round_.id, yonas.id)) in sms.body
    assert len(sms.body) < 320  # two SMS parts at most
    # The closing date is written in the member's language: open through 21 December.
    [english] = _messages("round_invitation", en)
    assert "21 December" in english.body
    dutch_member = create_user("member", locale="nl")
    queue_invitations(round_, now=NOW)
    assert "21 december" in _messages("round_invitation", dutch_member)[0].body


def test_queueing_again_adds_nothing_and_late_joiners_are_invited():
    members = _members(5)
    round_ = _open()
    before = len(_messages("round_invitation"))
    assert queue_invitations(round_, now=NOW) == 0
    assert len(_messages("round_invitation")) == before
    late = create_user("member")
    assert queue_invitations(round_, now=NOW + timedelta(days=2)) == 1
    assert {inv.user_id for inv in _invitations(round_)} >= {m.id for m in members} | {late.id}
    assert len(_messages("round_invitation", late)) == 1


def test_small_batches_invite_everyone_exactly_once():
    members = _members(23)
    round_ = open_round("2026-12", NOW, survey=create_survey())
    queue_invitations(round_, now=NOW, batch_size=4)
    user_ids = [inv.user_id for inv in _invitations(round_)]
    assert len(user_ids) == len(set(user_ids))
    assert {m.id for m in members} <= set(user_ids)
    keys = [m.dedupe_key for m in _messages("round_invitation")]
    assert len(keys) == len(set(keys)) == len(user_ids)


def test_a_half_done_run_is_finished_without_duplicates():
    """An invitation row whose message exists already (a crash between batches) is left alone."""
    members = _members(6)
    round_ = open_round("2026-12", NOW, survey=create_survey())
    queue_invitations(round_, now=NOW, batch_size=2)
    # Simulate a crash after the first batches: drop the last batches' work.
    later = [m.id for m in members[3:]]
    db.session.execute(sa.delete(Invitation).where(Invitation.user_id.in_(later)))
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.user_id.in_(later)))
    db.session.execute(sa.update(Round).values(invitations_done_at=None))
    assert queue_invitations(round_, now=NOW, batch_size=2) == 3
    for member in members:
        assert len(_messages("round_invitation", member)) == 1


def test_no_invitations_for_rounds_that_are_not_open():
    _members(2)
    staff = create_user("staff")
    planned = plan_round("2027-01", create_survey(), staff)
    assert queue_invitations(planned, now=NOW) == 0
    round_ = _open()
    close_round(round_, NOW + timedelta(days=1))
    create_user("member")
    assert queue_invitations(round_, now=NOW + timedelta(days=2)) == 0


# --- reminders -------------------------------------------------------------------


def test_reminders_after_the_wait_at_most_the_maximum(app, monkeypatch):
    monkeypatch.setitem(app.config, "ROUND_CLOSE_AFTER_DAYS", 30)
    answered, quiet = create_user("member"), create_user("member", display_name="Sara")
    round_ = _open()
    db.session.execute(
        sa.update(Invitation).where(Invitation.user_id == answered.id).values(responded=True)
    )
    assert send_reminders(round_, NOW + timedelta(days=6, hours=23)) == 0
    assert send_reminders(round_, NOW + timedelta(days=7)) >= 1
    assert send_reminders(round_, NOW + timedelta(days=7)) == 0  # idempotent
    assert send_reminders(round_, NOW + timedelta(days=13)) == 0  # 7 days since the reminder
    assert send_reminders(round_, NOW + timedelta(days=14)) >= 1
    assert send_reminders(round_, NOW + timedelta(days=28)) == 0  # the maximum is 2

    [invitation] = [i for i in _invitations(round_) if i.user_id == quiet.id]
    assert invitation.reminders_sent == 2
    assert invitation.last_reminded_at == NOW + timedelta(days=14)
    reminders = _messages("round_reminder", quiet)
    assert [m.dedupe_key for m in reminders] == [
        f"round:{round_.id}:remind:{quiet.id}:1",
        f"round:{round_.id}:remind:{quiet.id}:2",
    ]
    link = links.invitation_url(links.invitation_token(round_.id, quiet.id))
    assert all(link in m.body and m.sensitive for m in reminders)  # the same link every time
    assert _messages("round_reminder", answered) == []


def test_max_reminders_is_configurable(app, monkeypatch):
    monkeypatch.setitem(app.config, "ROUND_MAX_REMINDERS", 1)
    monkeypatch.setitem(app.config, "ROUND_REMIND_AFTER_DAYS", 2)
    member = create_user("member")
    round_ = _open()
    for day in (2, 4, 6, 8):
        send_reminders(round_, NOW + timedelta(days=day))
    assert len(_messages("round_reminder", member)) == 1


def test_no_reminders_to_members_who_left_or_after_closing():
    stays, leaves = create_user("member"), create_user("member")
    round_ = _open()
    leaves.active = False
    db.session.flush()
    assert send_reminders(round_, NOW + timedelta(days=7)) >= 1
    assert _messages("round_reminder", leaves) == []
    assert len(_messages("round_reminder", stays)) == 1
    close_round(round_, NOW + timedelta(days=8))
    assert send_reminders(round_, NOW + timedelta(days=20)) == 0


def test_manual_reminders_skip_those_written_to_today():
    member = create_user("member")
    round_ = _open()
    assert reminders_due(round_, NOW + timedelta(hours=2), MANUAL_REMINDER_GAP) == 0
    assert send_reminders(round_, NOW + timedelta(hours=2), min_gap=MANUAL_REMINDER_GAP) == 0
    later = NOW + timedelta(days=2)
    assert reminders_due(round_, later, MANUAL_REMINDER_GAP) >= 1
    assert send_reminders(round_, later, min_gap=MANUAL_REMINDER_GAP) >= 1
    assert send_reminders(round_, later, min_gap=MANUAL_REMINDER_GAP) == 0  # double click
    assert len(_messages("round_reminder", member)) == 1


# --- closing ---------------------------------------------------------------------


def test_close_is_idempotent_and_cancels_unsent_messages():
    member = create_user("member")
    round_ = _open()
    [sent] = _messages("round_invitation", member)
    sent.status = "sent"
    other = create_user("member")
    queue_invitations(round_, now=NOW)
    [pending] = _messages("round_invitation", other)
    unrelated = OutboxMessage(channel="email", recipient="x@example.nl", kind="test", body="Hoi",
                              dedupe_key=f"round:{round_.id}0:invite:1")
    db.session.add(unrelated)
    db.session.flush()

    assert close_round(round_, NOW + timedelta(days=3)) is True
    assert (round_.status, round_.closed_at) == ("closed", NOW + timedelta(days=3))
    assert close_round(round_, NOW + timedelta(days=4)) is False
    assert round_.closed_at == NOW + timedelta(days=3)
    db.session.refresh(pending)
    db.session.refresh(sent)
    db.session.refresh(unrelated)
    assert (pending.status, pending.last_error, pending.body) == (
        "failed", CANCELLED_ERROR, REMOVED_BODY)
    assert sent.status == "sent"
    assert unrelated.status == "pending"


def test_a_planned_round_cannot_be_closed():
    planned = plan_round("2027-01", create_survey(), create_user("staff"))
    with pytest.raises(RoundError):
        close_round(planned, NOW)


# --- figures ---------------------------------------------------------------------


def test_round_figures_and_status():
    members = _members(4)
    round_ = _open()
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.user_id.in_([members[0].id, members[1].id]))
        .values(responded=True)
    )
    send_reminders(round_, NOW + timedelta(days=7))
    create_user("member")  # joined after the invitations went out
    figures = round_figures(round_, NOW + timedelta(days=7))
    invited = len(_invitations(round_))
    assert figures.invited == invited
    assert figures.responded == 2
    assert figures.reminders == figures.reminded == invited - 2
    assert figures.rate == pytest.approx(2 / invited)
    assert figures.not_invited == 1
    status = round_status("2026-12")
    assert status.round.id == round_.id
    assert status.figures.invited == invited
    empty = round_status("2027-05")
    assert (empty.round, empty.figures.invited, empty.figures.rate) == (None, 0, None)
    assert empty.opens_at == datetime(2027, 5, 3, 7, 0, tzinfo=UTC)  # Monday 3 May, 09:00 CEST


# --- the reconciler --------------------------------------------------------------


def test_reconcile_opens_at_the_opening_time_not_before():
    survey = create_survey()
    open_round("2026-11", datetime(2026, 11, 2, 8, 0, tzinfo=UTC), survey=survey)
    member = create_user("member")
    opening = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday 1 December, 09:00 CET
    report = reconcile(opening - timedelta(minutes=1))
    assert report.opened is None
    assert db.session.scalar(sa.select(Round).where(Round.period == "2026-12")) is None
    report = reconcile(opening)
    assert report.opened == "2026-12"
    round_ = db.session.scalar(sa.select(Round).where(Round.period == "2026-12"))
    assert (round_.status, round_.survey_id, round_.opened_at) == ("open", survey.id, opening)
    assert len(_messages("round_invitation", member)) == 1
    assert reconcile(opening + timedelta(minutes=5)).opened is None
    assert len(_messages("round_invitation", member)) == 1


def test_reconcile_catches_up_after_downtime_over_the_opening_day():
    survey = create_survey()
    open_round("2026-11", datetime(2026, 11, 2, 8, 0, tzinfo=UTC), survey=survey)
    member = create_user("member")
    back_on = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # three days late
    report = reconcile(back_on)
    assert report.opened == "2026-12"
    assert report.closed == 1  # November's round was still open: closed on the way
    round_ = db.session.scalar(sa.select(Round).where(Round.period == "2026-12"))
    assert round_.opened_at == back_on
    # Members get their full 14 days: through 18 December, Amsterdam time.
    assert round_.closes_at == datetime(2026, 12, 18, 23, 0, tzinfo=UTC)
    assert len(_messages("round_invitation", member)) == 1


def test_reconcile_reminds_and_closes():
    member = create_user("member")
    opening = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    plan_round("2026-12", create_survey(), create_user("staff"))
    reconcile(opening)
    assert reconcile(opening + timedelta(days=7)).reminded >= 1
    assert len(_messages("round_reminder", member)) == 1
    # Open until and including 15 December: all that day, and closed when it ends.
    assert reconcile(opening + timedelta(days=14)).closed == 0  # the last day's reminder
    assert reconcile(datetime(2026, 12, 15, 22, 59, 59, tzinfo=UTC)).closed == 0
    reminders = len(_messages("round_reminder", member))
    report = reconcile(datetime(2026, 12, 15, 23, 0, tzinfo=UTC))  # 00:00 on 16 December
    assert report.closed == 1
    round_ = db.session.scalar(sa.select(Round).where(Round.period == "2026-12"))
    assert round_.status == "closed"
    assert len(_messages("round_reminder", member)) == reminders  # none at closing time
    assert reconcile(opening + timedelta(days=16)).opened is None  # closed stays closed


def test_reconcile_without_a_survey_does_nothing_and_does_not_fail(caplog):
    create_user("member")
    report = reconcile(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert report.opened is None
    assert "no survey" in caplog.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0


def test_reconcile_is_cheap_when_there_is_nothing_to_do(count_queries):
    _members(30)
    opening = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    plan_round("2026-12", create_survey(), create_user("staff"))
    reconcile(opening)
    with count_queries() as statements:
        report = reconcile(opening + timedelta(hours=1))
    assert (report.opened, report.invited, report.reminded, report.closed) == (None, 0, 0, 0)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    # A few indexed look-ups, nothing per member; one of them asks whether a participation
    # step is due (stem.surveys.rounds.participation).
    assert len(selects) <= 9, selects
    assert writes == []


def test_the_rounds_job_runs_every_five_minutes_in_the_scheduler(app):
    from stem.notify.scheduler import load_jobs, run_once

    jobs = {job.id: job for job in load_jobs()}
    assert (jobs["rounds"].trigger, jobs["rounds"].trigger_args) == ("interval", {"minutes": 5})
    assert run_once(app)["rounds"] is True
