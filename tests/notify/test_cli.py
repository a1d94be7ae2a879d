"""`stem outbox list|send|retry`: operators see ids and masked addresses, never contents."""

from __future__ import annotations

import pytest

from stem.core.db import db
from stem.notify.cli import mask_recipient, outbox_cli
from stem.notify.outbox import queue_message


@pytest.mark.parametrize(
    ("address", "masked"),
    [("jan@example.nl", "j***@example.nl"), ("+31612345678", "+31*******78"),
     ("0612345678", "061*****78"), ("123", "***")],
)
def test_mask_recipient(address, masked):
    assert mask_recipient(address) == masked


def _invoke(app, *args):
    return app.test_cli_runner().invoke(outbox_cli, list(args))


def test_list_shows_masked_recipients_and_no_bodies(app):
    queue_message(channel="email", recipient="jan@example.nl", kind="invitation",
                  body="Geheime inhoud")
    queue_message(channel="sms", recipient="+31612345678", kind="login_code", body="Code 987654")
    db.session.commit()
    result = _invoke(app, "list")
    assert result.exit_code == 0
    assert "j***@example.nl" in result.output
    assert "+31*******78" in result.output
    assert "invitation" in result.output
    assert "login_code" in result.output
    for secret in ("jan@example.nl", "+31612345678", "Geheime", "987654"):
        assert secret not in result.output


def test_list_filters_by_status(app):
    queue_message(channel="email", recipient="jan@example.nl", kind="invitation", body="x")
    db.session.commit()
    assert "No messages." in _invoke(app, "list", "--status", "failed").output
    assert "invitation" in _invoke(app, "list", "--status", "pending").output
    assert _invoke(app, "list", "--status", "lost").exit_code == 2


def test_send_delivers_and_reports(app, sms_outbox):
    queue_message(channel="sms", recipient="+31612345678", kind="test", body="Hallo")
    db.session.commit()
    result = _invoke(app, "send")
    assert result.exit_code == 0
    assert "sent 1, retrying later 0, failed 0" in result.output
    assert sms_outbox == [("+31612345678", "Hallo")]


def test_retry_requeues_a_failed_message(app):
    message = queue_message(channel="sms", recipient="+31612345678", kind="test", body="Hallo")
    message.status = "failed"
    message.attempts = 8
    db.session.commit()
    result = _invoke(app, "retry", str(message.id))
    assert result.exit_code == 0, result.output
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("pending", 0)
    again = _invoke(app, "retry", str(message.id))
    assert again.exit_code == 1
    assert "only failed ones" in again.output


def test_stem_command_has_the_outbox_and_scheduler_commands():
    from stem.cli import cli

    assert {"outbox", "scheduler"} <= set(cli.commands)


def test_retry_failed_since_from_the_command_line(app, sms_provider):
    from stem.notify.cli import outbox_cli
    from stem.notify.delivery import deliver_due
    from stem.notify.models import OutboxMessage
    from stem.notify.outbox import queue_message

    sms_provider.statuses = [400]
    message = queue_message(channel="sms", recipient="+31612345678", kind="test", body="Hallo")
    db.session.commit()
    deliver_due()
    db.session.refresh(message)
    assert message.status == "failed"
    result = app.test_cli_runner().invoke(outbox_cli, ["retry-failed", "--since", "2020-01-01"])
    assert result.exit_code == 0, result.output
    assert "queued again 1" in result.output
    assert db.session.get(OutboxMessage, message.id).status == "pending"
