"""An invitation that could not be delivered for days is written again, never lost."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.notify.delivery import REMOVED_BODY, deliver_due, retry_failed_since
from stem.notify.models import OutboxMessage
from stem.surveys.answering import links
from stem.surveys.rounds.invitations import queue_invitations
from stem.surveys.rounds.services import close_round, open_round
from tests.factories import create_survey, create_user
from tests.notify.conftest import sms_outbox, sms_provider  # noqa: F401 - the fixtures


def test_a_failed_invitation_is_rebuilt_with_its_link_and_sent(app, sms_provider, sms_outbox):  # noqa: F811
    member = create_user("member", phone="+31612345678", email=None, channel="sms", locale="ar")
    now = utcnow()
    round_ = open_round("2026-12", now, survey=create_survey())
    queue_invitations(round_, now=now)
    db.session.commit()
    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    sms_provider.statuses = [503] * 50
    moment = message.next_attempt_at
    while moment < message.created_at + timedelta(hours=74):
        deliver_due(now=moment)
        moment += timedelta(hours=2)
    db.session.refresh(message)
    assert (message.status, message.body) == ("failed", REMOVED_BODY)  # 72 hours, then given up
    app.config["SMS_BACKEND"] = "memory"  # the provider is back (the fixture restores it)
    report = retry_failed_since(now - timedelta(days=1), now=moment)
    assert (report.retried, report.skipped) == (1, 0)
    assert deliver_due(now=moment).sent == 1
    [(recipient, body)] = sms_outbox
    assert recipient == "+31612345678"
    assert links.invitation_url(links.invitation_token(round_.id, member.id)) in body


def test_a_failed_invitation_to_a_closed_round_is_not_sent_again(app, sms_provider):  # noqa: F811
    create_user("member", phone="+31612345679", email=None, channel="sms")
    now = utcnow()
    round_ = open_round("2026-12", now, survey=create_survey())
    queue_invitations(round_, now=now)
    db.session.commit()
    sms_provider.statuses = [400]
    deliver_due(now=now + timedelta(minutes=1))
    close_round(round_, now + timedelta(days=1))
    db.session.commit()
    report = retry_failed_since(now - timedelta(days=1))
    assert (report.retried, report.skipped) == (0, 1)
