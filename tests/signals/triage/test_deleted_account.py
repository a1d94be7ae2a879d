"""A submitter who deleted their account: staff read that, and no reply is offered."""

from __future__ import annotations

from stem.accounts.services import delete_account
from stem.core.db import db
from stem.signals.triage import replies
from tests import factories
from tests.signals.triage_helpers import page, reload, signal


def test_staff_read_that_the_account_was_deleted_and_get_no_reply_form(client, login_as):
    login_as("staff", locale="nl")
    member = factories.create_user("member", email="weg@example.nl")
    s = signal(submitter=member)
    delete_account(member, member)
    db.session.commit()
    s = reload(s)
    assert replies.recipients(s.submitters) == []
    html = page(client.get(f"/staff/signals/{s.id}"))
    assert "Deze indiener heeft het eigen account verwijderd." in html
    assert "Er kan geen antwoord meer naar deze persoon." in html
    assert "Gemeld namens iemand" not in html
    assert "Het antwoord krijgt deze persoon wel." not in html
    assert "Antwoord versturen" not in html
    assert "Niemand kan een antwoord op dit signaal krijgen." in html
