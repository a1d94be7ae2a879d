"""Retention: submitters' contact details go after a signal has been finished for a while."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stem.core.db import db, utcnow
from stem.notify import scheduler
from stem.signals import jobs
from stem.signals.models import SignalSubmitter
from stem.signals.triage import replies
from tests import factories
from tests.signals.triage_helpers import events, page, reload, replies_queued, signal, text


def _finished(status: str, days_ago: int, **contact):
    member = factories.create_user("member", display_name="Vera")
    s = signal(submitter=member, status=status)
    s.closed_at = utcnow() - timedelta(days=days_ago)
    s.submitters.append(
        SignalSubmitter(
            name=contact.get("name", "Hodan"),
            email=contact.get("email", "hodan@example.nl"),
            phone=contact.get("phone", "+31612340000"),
            channel="sms",
            may_contact=True,
        )
    )
    db.session.flush()
    return s


@pytest.mark.parametrize("status", ["closed", "not_pursued", "merged"])
def test_contact_details_go_after_the_retention_period(status):
    old = _finished(status, days_ago=400)
    user_id = old.submitters[0].user_id
    assert jobs.anonymise_expired_submitters() == 1
    old = reload(old)
    for submitter in old.submitters:
        assert submitter.anonymised_at is not None
        assert (submitter.name, submitter.email, submitter.phone) == ("", None, None)
        assert submitter.may_contact is False
        assert submitter.channel == "none"
    # The link to the account stays: the member still finds their own signal.
    assert old.submitters[0].user_id == user_id
    (event,) = events(old, "retention")
    assert (event.new, event.actor_id) == ("2", None)


def test_recent_and_open_signals_are_left_alone():
    recent = _finished("closed", days_ago=300)
    still_open = signal(status="in_progress")
    still_open.closed_at = utcnow() - timedelta(days=900)  # stale data must not matter
    db.session.flush()
    assert jobs.anonymise_expired_submitters() == 0
    assert reload(recent).submitters[1].email == "hodan@example.nl"
    assert events(recent, "retention") == []
    assert events(still_open, "retention") == []


def test_the_period_is_configurable(app):
    s = _finished("closed", days_ago=100)
    assert jobs.anonymise_expired_submitters() == 0
    app.config["SIGNAL_RETENTION_MONTHS"] = 3
    try:
        assert jobs.anonymise_expired_submitters() == 1
    finally:
        app.config["SIGNAL_RETENTION_MONTHS"] = 12
    assert reload(s).submitters[1].anonymised_at is not None


def test_running_again_changes_nothing_more():
    s = _finished("closed", days_ago=400)
    assert jobs.anonymise_expired_submitters() == 1
    first = reload(s).submitters[1].anonymised_at
    assert jobs.anonymise_expired_submitters() == 0
    assert reload(s).submitters[1].anonymised_at == first
    assert len(events(s, "retention")) == 1


def test_the_scheduled_job_does_every_batch():
    made = [_finished("closed", days_ago=400) for _ in range(3)]
    jobs.signal_retention(batch=2)
    for s in made:
        assert all(sub.anonymised_at is not None for sub in reload(s).submitters)
    assert "signal_retention" in {job.id for job in scheduler.load_jobs()}


def test_anonymised_submitters_get_no_reply_and_show_as_removed(client, login_as):
    staff = login_as("staff")
    s = _finished("closed", days_ago=400)
    jobs.anonymise_expired_submitters()
    s = reload(s)
    s.status = "in_progress"  # reopened after all
    s.closed_at = None
    db.session.commit()
    replies.write_reply(staff, s, {"nl": "Toch nog een antwoord."})
    assert replies_queued() == []
    html = page(client.get(f"/staff/signals/{s.id}"))
    assert "hodan@example.nl" not in html
    assert "Vera" not in html
    assert (
        text("De gegevens van deze indiener zijn verwijderd, want de bewaartermijn is voorbij.")
        in html
    )


def test_months_before_keeps_to_real_dates():
    moment = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert jobs.months_before(moment, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert jobs.months_before(moment, 12) == datetime(2025, 3, 31, 12, tzinfo=UTC)
    assert jobs.months_before(moment, 15) == datetime(2024, 12, 31, 12, tzinfo=UTC)
