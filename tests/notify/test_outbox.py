"""Queueing: a row per message, in the caller's transaction, never two for one key."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.notify.delivery import deliver_due
from stem.notify.models import OutboxMessage
from stem.notify.outbox import queue_for_user, queue_message
from tests.factories import create_user


def _count(**filters) -> int:
    query = sa.select(sa.func.count()).select_from(OutboxMessage).filter_by(**filters)
    return db.session.scalar(query)


def test_queue_message_adds_a_pending_row():
    message = queue_message(channel="email", recipient="a@example.nl", kind="test", body="Hallo")
    db.session.commit()
    assert message.id is not None
    assert (message.status, message.attempts, message.channel) == ("pending", 0, "email")


def test_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="unknown channel"):
        queue_message(channel="fax", recipient="x", kind="test", body="x")


def test_same_dedupe_key_returns_the_first_message():
    first = queue_message(channel="email", recipient="a@example.nl", kind="invitation",
                          body="first", dedupe_key="invitation:2026-12:7")
    second = queue_message(channel="email", recipient="a@example.nl", kind="invitation",
                           body="second", dedupe_key="invitation:2026-12:7")
    db.session.commit()
    assert second.id == first.id
    assert second.body == "first"
    assert _count(dedupe_key="invitation:2026-12:7") == 1


def test_dedupe_across_transactions_keeps_the_callers_transaction_usable():
    queue_message(channel="sms", recipient="+31612345678", kind="reminder", body="one",
                  dedupe_key="reminder:1")
    db.session.commit()
    db.session.expunge_all()  # as in a new request: nothing cached in the session
    user = create_user(role="member")
    again = queue_message(channel="sms", recipient="+31612345678", kind="reminder",
                          body="two", dedupe_key="reminder:1")
    db.session.commit()
    assert again.body == "one"
    assert _count(dedupe_key="reminder:1") == 1
    assert db.session.get(type(user), user.id) is not None  # the caller's work survived


def test_lost_insert_race_returns_the_winner(monkeypatch):
    """Another transaction inserted the key between our check and our insert."""
    from stem.notify import outbox

    winner = queue_message(channel="email", recipient="a@example.nl", kind="test", body="winner",
                           dedupe_key="race:1")
    db.session.commit()
    real_find = outbox._find_by_key
    calls = []

    def find_after_check(key):
        calls.append(key)
        return None if len(calls) == 1 else real_find(key)  # the check misses the winner

    monkeypatch.setattr(outbox, "_find_by_key", find_after_check)
    loser = queue_message(channel="email", recipient="a@example.nl", kind="test", body="loser",
                          dedupe_key="race:1")
    db.session.commit()
    assert loser.id == winner.id
    assert len(calls) == 2
    assert _count(dedupe_key="race:1") == 1


def test_queue_for_user_uses_channel_address_and_language():
    user = create_user(role="member", phone="+31612345678", channel="sms", locale="ar")
    message = queue_for_user(user, kind="test", subject="s", body="b")
    db.session.commit()
    assert (message.channel, message.recipient, message.locale, message.user_id) == (
        "sms", "+31612345678", "ar", user.id)


def test_rolled_back_change_leaves_no_message_and_sends_nothing(mail_outbox, sms_outbox):
    create_user(role="member")
    queue_message(channel="email", recipient="a@example.nl", kind="test", body="never")
    queue_message(channel="sms", recipient="+31612345678", kind="test", body="never")
    db.session.rollback()
    assert _count() == 0
    report = deliver_due()
    assert report.total == 0
    assert mail_outbox == []
    assert sms_outbox == []
