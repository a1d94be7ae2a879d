"""Download my data holds everything Stem keeps about the person."""

from __future__ import annotations

import json

import stem.models  # noqa: F401 - every table, so the walk below sees them all
from stem.accounts.my_data import SOURCES
from stem.core.db import db
from stem.signals.intake.services import create_signal
from stem.surveys.models import ContactRequest
from tests import factories
from tests.surveys.answering_helpers import invite, open_round


def test_every_column_that_points_at_a_person_has_a_place_in_the_export():
    pointing = {
        (table.name, fk.parent.name)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "users"
    }
    assert pointing == set(SOURCES), "add the new column to stem/accounts/my_data.py"


def test_the_export_holds_signals_rounds_and_contact_requests(app, client, login_as):
    member = login_as("member", locale="en")
    theme = factories.create_theme()
    with app.test_request_context():
        signal = create_signal(actor=member, body="De les in het Welkomhuis valt uit.", theme=theme)
    round_ = open_round(kinds=("single",), period="2026-11")
    invite(round_, member)
    db.session.add(ContactRequest(round_id=round_.id, question_id=round_.survey.questions[0].id,
                                  user_id=member.id))
    db.session.commit()
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert [s["reference"] for s in data["signals"]] == [signal.reference]
    assert data["signals"][0]["text"] == "De les in het Welkomhuis valt uit."
    assert [i["period"] for i in data["rounds"]["invitations"]] == ["2026-11"]
    assert [c["period"] for c in data["rounds"]["contact_requests"]] == ["2026-11"]
    assert data["devices"]  # the browser this test signed in with
    assert {m["kind"] for m in data["messages"]} >= {"signal_confirmation"}
    assert "user.export" in {a["action"] for a in data["activity"]}
