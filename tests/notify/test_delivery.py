"""Delivery: claim, send, record; retries with backoff; nothing twice; no bodies kept or logged."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from stem.core.db import db, utcnow
from stem.notify import delivery
from stem.notify.delivery import (
    INTERRUPTED_ERROR,
    REMOVED_BODY,
    STALE_AFTER,
    backoff,
    deliver_due,
    deliver_one,
    retry,
)
from stem.notify.outbox import queue_message

SECRET_LINK = "https://stem.example/sign-in/tok_SECRET123"


def _email(**fields):
    fields = {"channel": "email", "recipient": "amina@example.nl", "kind": "test",
              "subject": "Hallo", "body": "Welkom bij De Stem", **fields}
    message = queue_message(**fields)
    db.session.commit()
    return message


def _sms(**fields):
    return _email(channel="sms", recipient="+31612345678", **fields)


def test_due_email_is_sent_once_with_a_stable_message_id(mail_outbox):
    message = _email()
    report = deliver_due()
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    assert len(mail_outbox) == 1
    sent = mail_outbox[0]
    assert sent.to == ["amina@example.nl"]
    assert sent.subject == "Hallo"
    assert sent.body == "Welkom bij De Stem"
    assert sent.message()["Message-ID"] == f"<outbox-{message.id}@stem>"
    assert sent.content_subtype == "plain"
    db.session.refresh(message)
    assert message.status == "sent"
    assert message.sent_at is not None
    assert message.attempts == 1
    assert deliver_due().total == 0
    assert len(mail_outbox) == 1


def test_due_sms_is_sent_once(sms_outbox):
    message = _sms(body="Uw code is 123456")
    assert deliver_due().sent == 1
    assert sms_outbox == [("+31612345678", "Uw code is 123456")]
    assert deliver_one(message.id) is None  # no longer pending: not claimed again
    assert len(sms_outbox) == 1


def test_future_messages_wait(mail_outbox):
    message = _email()
    message.next_attempt_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert deliver_due().total == 0
    assert deliver_due(now=utcnow() + timedelta(minutes=6)).sent == 1
    assert len(mail_outbox) == 1


def test_limit_is_respected(mail_outbox):
    for n in range(3):
        _email(recipient=f"p{n}@example.nl")
    assert deliver_due(limit=2).sent == 2
    assert deliver_due(limit=2).sent == 1
    assert sorted(m.to[0] for m in mail_outbox) == [f"p{n}@example.nl" for n in range(3)]


def test_backoff_doubles_with_jitter_and_is_capped():
    for attempts, minutes in [(1, 1), (2, 2), (3, 4), (4, 8), (8, 128)]:
        wait = backoff(attempts)
        assert timedelta(minutes=minutes * 0.8) <= wait <= timedelta(minutes=minutes * 1.2)
    assert backoff(30) <= timedelta(hours=6) * 1.2
    assert backoff(30) >= timedelta(hours=6) * 0.8


def test_temporary_failures_retry_with_backoff_then_fail(app, sms_provider, monkeypatch):
    # Retried until the retry period ends (72 hours by default).
    sms_provider.statuses = [500, 503, 429]
    message = _sms()
    now = message.next_attempt_at

    report = deliver_due(now=now)
    db.session.refresh(message)
    assert report.retried == 1
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error == "SMS provider answered HTTP 500"
    first_wait = message.next_attempt_at - now
    assert timedelta(seconds=47) <= first_wait <= timedelta(seconds=73)
    assert deliver_due(now=now + timedelta(seconds=30)).total == 0  # not due yet

    now = message.next_attempt_at
    assert deliver_due(now=now).retried == 1
    db.session.refresh(message)
    assert message.attempts == 2
    assert timedelta(seconds=95) <= message.next_attempt_at - now <= timedelta(seconds=145)

    monkeypatch.setitem(app.config, "OUTBOX_RETRY", timedelta(minutes=1))  # the period is over
    assert deliver_due(now=message.next_attempt_at).failed == 1
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.last_error == "SMS provider answered HTTP 429"
    assert len(sms_provider.requests) == 3


def test_permanent_failure_fails_at_once(sms_provider):
    sms_provider.statuses = [400]
    message = _sms()
    assert deliver_due().failed == 1
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error == "SMS provider answered HTTP 400"
    assert deliver_due(now=utcnow() + timedelta(days=1)).total == 0
    assert len(sms_provider.requests) == 1


def test_refused_email_recipient_is_permanent(smtp_server):
    smtp_server("550 5.1.1 no such user")
    message = _email()
    assert deliver_due().failed == 1
    db.session.refresh(message)
    assert message.last_error == "recipient refused (SMTP 550)"


def test_greylisted_email_is_retried(smtp_server):
    smtp_server("451 4.7.1 try again later")
    message = _email()
    assert deliver_due().retried == 1
    db.session.refresh(message)
    assert message.status == "pending"
    assert message.last_error == "recipient refused (SMTP 451)"


def test_unreachable_mail_server_is_temporary(app, monkeypatch):
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "smtp")
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", 9)  # discard port: nothing listens
    monkeypatch.setattr(state, "timeout", 2)
    message = _email()
    assert deliver_due().retried == 1
    db.session.refresh(message)
    assert message.last_error.startswith("mail server unreachable")


def test_sensitive_body_is_removed_after_sending(sms_outbox):
    message = _sms(body=f"Inloggen: {SECRET_LINK}", sensitive=True)
    deliver_due()
    db.session.refresh(message)
    assert sms_outbox == [("+31612345678", f"Inloggen: {SECRET_LINK}")]
    assert message.status == "sent"
    assert message.body == REMOVED_BODY


def test_sensitive_body_is_removed_when_given_up(sms_provider):
    sms_provider.statuses = [404]
    message = _sms(body=f"Inloggen: {SECRET_LINK}", sensitive=True)
    deliver_due()
    db.session.refresh(message)
    assert message.status == "failed"
    assert message.body == REMOVED_BODY
    with pytest.raises(ValueError, match="request a new one"):
        retry(message.id)


def test_ordinary_body_is_kept(mail_outbox):
    message = _email(body="Uitnodiging voor de ronde van december")
    deliver_due()
    db.session.refresh(message)
    assert message.body == "Uitnodiging voor de ronde van december"


def test_errors_and_logs_never_hold_body_or_token(app, sms_provider, caplog, monkeypatch):
    sms_provider.statuses = [500]
    message = _sms(body=f"Inloggen: {SECRET_LINK}", sensitive=True)

    def broken_send(to, body):
        raise RuntimeError(f"could not send {body}")

    with caplog.at_level(logging.DEBUG, logger="stem.notify"):
        deliver_due()
        db.session.refresh(message)
        assert "500" in message.last_error
        monkeypatch.setattr("stem.notify.senders.HttpSmsSender.send",
                            lambda self, to, body: broken_send(to, body))
        deliver_due(now=message.next_attempt_at)
    db.session.refresh(message)
    assert message.last_error.startswith("unexpected RuntimeError at ")
    assert "tok_SECRET123" not in message.last_error
    assert str(message.id) in caplog.text
    for secret in ("tok_SECRET123", "secret-token-xyz", "Inloggen"):
        assert secret not in caplog.text


def test_stale_sending_rows_are_sent_again(sms_outbox):
    # A process killed mid-send: the message may or may not have left. It is sent again
    # (at least once), never lost; one still being sent by a live process is left alone.
    stuck = _sms(body="Uw ronde staat klaar", kind="round_invitation", sensitive=True)
    recent = _sms(body="just claimed")
    now = utcnow()
    stuck.status, stuck.claimed_at = "sending", now - STALE_AFTER - timedelta(minutes=1)
    recent.status, recent.claimed_at = "sending", now - timedelta(minutes=2)
    db.session.commit()

    report = deliver_due(now=now)
    assert report.interrupted == 1
    assert report.sent == 1
    db.session.refresh(stuck)
    db.session.refresh(recent)
    assert stuck.status == "sent"
    assert stuck.attempts == 2
    assert recent.status == "sending"  # perhaps still being sent by a live process
    assert sms_outbox == [("+31612345678", "Uw ronde staat klaar")]


def test_an_interrupted_sign_in_link_past_its_lifetime_is_not_sent_again(sms_outbox):
    stuck = _sms(body=f"Inloggen: {SECRET_LINK}", kind="sign_in", sensitive=True)
    now = utcnow() + timedelta(hours=1)
    stuck.status, stuck.claimed_at = "sending", now - STALE_AFTER - timedelta(minutes=1)
    db.session.commit()
    assert deliver_due(now=now).interrupted == 1
    db.session.refresh(stuck)
    assert (stuck.status, stuck.last_error) == ("failed", INTERRUPTED_ERROR)
    assert stuck.body == REMOVED_BODY
    assert sms_outbox == []


def test_a_mail_outage_of_two_days_loses_no_invitation(app, smtp_server, mail_outbox):
    """The outage of the security test: every try fails for 48 hours, then the server is back."""
    invitations = [
        _email(recipient=f"lid{n}@example.nl", kind="round_invitation", sensitive=True,
               body=f"Je persoonlijke link: https://stem.example/r/tok{n}")
        for n in range(5)
    ]
    sign_in = _email(recipient="lid0@example.nl", kind="sign_in", sensitive=True,
                     body=f"Inloggen: {SECRET_LINK}")
    start = invitations[0].created_at
    smtp_server("451 4.3.0 try again later")
    moment = start
    while moment < start + timedelta(hours=48):
        deliver_due(now=moment)
        moment += timedelta(minutes=30)
    for message in invitations:
        db.session.refresh(message)
        assert message.status == "pending"  # still waiting, body intact
        assert "https://stem.example/r/tok" in message.body
    db.session.refresh(sign_in)
    assert sign_in.status == "failed"  # a sign-in link expires instead of waiting
    app.config["MAIL_BACKEND"] = app.extensions["mailman"].backend = "locmem"  # the server is back
    deliver_due(now=start + timedelta(hours=48 + 8), limit=100)  # back-off is at most ~7 h
    assert sorted(m.to[0] for m in mail_outbox) == [f"lid{n}@example.nl" for n in range(5)]


def test_a_message_fails_only_after_the_retry_period(app, sms_provider):
    sms_provider.statuses = [503] * 40
    message = _sms()
    start = message.next_attempt_at
    deliver_due(now=start)
    db.session.refresh(message)
    assert message.status == "pending"
    deliver_due(now=start + timedelta(hours=71))
    db.session.refresh(message)
    assert message.status == "pending"
    deliver_due(now=start + timedelta(hours=73))
    db.session.refresh(message)
    assert message.status == "failed"


def test_retry_all_failed_since_an_outage(sms_provider, sms_outbox, app, monkeypatch):
    from stem.notify.delivery import retry_failed_since

    sms_provider.statuses = [400] * 4
    old = _sms(body="from before the outage")
    old.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    during = [_sms(body=f"bericht {n}") for n in range(2)]
    expired = _sms(body=f"Inloggen: {SECRET_LINK}", kind="sign_in", sensitive=True)
    deliver_due()
    assert {m.status for m in (*during, expired, old)} == {"failed"}
    monkeypatch.setitem(app.config, "SMS_BACKEND", "memory")
    report = retry_failed_since(utcnow() - timedelta(days=1))
    assert (report.retried, report.skipped) == (2, 1)  # the sign-in link cannot be sent again
    assert deliver_due().sent == 2
    assert sorted(body for _to, body in sms_outbox) == ["bericht 0", "bericht 1"]


def test_retry_puts_a_failed_message_back(sms_provider, sms_outbox, app, monkeypatch):
    sms_provider.statuses = [400]
    message = _sms(body="Uw ronde staat klaar")
    deliver_due()
    monkeypatch.setitem(app.config, "SMS_BACKEND", "memory")
    retried = retry(message.id)
    assert (retried.status, retried.attempts, retried.last_error) == ("pending", 0, None)
    assert deliver_due().sent == 1
    assert sms_outbox == [("+31612345678", "Uw ronde staat klaar")]


def test_retry_refuses_messages_that_did_not_fail():
    message = _email()
    with pytest.raises(ValueError, match="only failed ones"):
        retry(message.id)
    with pytest.raises(LookupError):
        retry(message.id + 1000)


def test_misconfigured_sms_backend_is_a_temporary_failure(app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "pigeon")
    message = _sms()
    assert deliver_due().retried == 1
    db.session.refresh(message)
    assert message.last_error.startswith("SMS backend not usable")
    assert delivery.DeliveryReport(sent=1, failed=2).total == 3


def test_personal_messages_go_before_a_rounds_bulk_invitations(mail_outbox):
    for n in range(3):
        _email(kind="round_invitation", recipient=f"member{n}@example.nl")
    _email(kind="sign_in", recipient="late@example.nl")  # queued last, needed first
    assert deliver_due(limit=1).sent == 1
    assert mail_outbox[0].to == ["late@example.nl"]
    assert deliver_due().sent == 3


def test_the_scheduler_job_drains_a_backlog_larger_than_one_batch(mail_outbox):
    from stem.notify.scheduler import deliver_outbox

    for n in range(150):  # more than one batch of 100
        _email(kind="round_invitation", recipient=f"member{n}@example.nl")
    deliver_outbox()
    assert len(mail_outbox) == 150


def test_staff_see_failed_messages_and_retry_them_after_an_outage(
    client, login_as, sms_provider, sms_outbox, app, monkeypatch
):
    sms_provider.statuses = [400, 400]
    messages = [_sms(body=f"bericht {n}") for n in range(2)]
    deliver_due()
    login_as("staff")
    home = client.get("/home").get_data(as_text=True)
    assert "/outbox" in home  # the start page points at what failed
    page = client.get("/outbox").get_data(as_text=True)
    from stem.notify.cli import mask_recipient

    assert mask_recipient("+31612345678") in page
    assert "+31612345678" not in page
    assert "SMS provider answered HTTP 400" in page
    monkeypatch.setitem(app.config, "SMS_BACKEND", "memory")
    today = utcnow().date().isoformat()
    response = client.post_form("/outbox", {"since": today})
    assert response.status_code == 303
    assert deliver_due().sent == 2
    assert len(sms_outbox) == 2
    for message in messages:
        db.session.refresh(message)
        assert message.status == "sent"


@pytest.mark.parametrize("role", ["member", "partner"])
def test_only_staff_see_the_outbox(client, login_as, role):
    login_as(role)
    assert client.get("/outbox").status_code == 403
    assert client.post_form("/outbox", {"since": "2026-01-01"}).status_code == 403


@pytest.mark.parametrize("since", ["", "31-02-2026", "٢٠٢٦-٠١-٠١", "0001-01-01", "x" * 500])
def test_a_bad_date_gets_a_message(client, login_as, since):
    login_as("staff")
    response = client.post_form("/outbox", {"since": since})
    assert response.status_code == 200
    assert "Enter a date, like 31-12-2026." in response.get_data(as_text=True)
