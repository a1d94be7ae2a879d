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


def test_the_readable_page_shows_every_section_and_the_members_own_things(app, client, login_as):
    member = login_as("member", locale="nl")
    theme = factories.create_theme()
    with app.test_request_context():
        signal = create_signal(actor=member, body="De bus naar de taalles rijdt niet.", theme=theme)
    round_ = open_round(kinds=("single",), period="2026-11")
    invite(round_, member)
    db.session.add(ContactRequest(round_id=round_.id, question_id=round_.survey.questions[0].id,
                                  user_id=member.id, note="Bel me na vijf uur."))
    db.session.commit()
    response = client.get("/account/my-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl"' in html
    for section in {"account", *SOURCES.values()}:
        assert f'id="data-{section}"' in html, section
    assert signal.reference in html
    assert "De bus naar de taalles rijdt niet." in html
    assert "Bel me na vijf uur." in html  # the contact request
    assert "november 2026" in html
    assert 'href="/account/my-data.json"' in html
    # Only that the member took part, never answers: the page names no question's answers.
    assert "Ontvangen" in html  # the signal's status in words, not "new"
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/account/my-data"' in account


def test_the_page_and_the_file_say_who_else_saw_the_data(app, client, login_as):
    from stem.core.audit import audit

    member = login_as("member", locale="nl")
    admin = factories.create_user("admin")
    with app.test_request_context():
        audit("user.role_change", member, actor=admin, old="member", new="member")
    db.session.commit()
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert [(e["action"], e["by_role"]) for e in data["seen_by_others"]] == [
        ("user.role_change", "admin")
    ]
    html = client.get("/account/my-data").get_data(as_text=True)
    section = html.split('id="data-seen_by_others"', 1)[1].split("</section>", 1)[0]
    assert "user.role_change" in section
    assert "Beheerder" in section
