"""The commitment register: staff read it, admins add and edit commitments."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import sqlalchemy as sa

from stem.commitments import services
from stem.commitments.models import Commitment
from stem.core.db import db
from stem.core.models import AuditEvent
from tests.commitments.helpers import commitment_form
from tests.factories import create_commitment, create_signal, create_user

NEW = "/admin/commitments/new"


def _text(response) -> str:
    """The page as a person reads it: entities decoded, invisible direction marks left out."""
    text = html.unescape(response.get_data(as_text=True))
    return text.replace("\u2066", "").replace("\u2069", "")


def _commitment(code: str) -> Commitment | None:
    return db.session.scalar(sa.select(Commitment).where(Commitment.code == code))


def _form(**fields) -> dict:
    return commitment_form(**fields)


def _edit_url(commitment: Commitment) -> str:
    return f"/commitments/{commitment.id}/edit"


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _edit_form(commitment: Commitment, **fields) -> dict:
    """The edit form as a browser sends it, loaded with the commitment's current version."""
    return _form(version=str(commitment.version), **fields)


# --- reading the register -----------------------------------------------------------------


def test_staff_see_the_seeded_register_with_signal_counts(client, login_as):
    login_as("staff", locale="nl")
    t40 = _commitment("21/T40")
    for _ in range(2):
        create_signal().commitments.append(t40)
    merged = create_signal(status="merged")
    merged.commitments.append(t40)
    db.session.commit()

    response = client.get("/commitments")
    assert response.status_code == 200
    page = _text(response)
    for code in ("21/T37", "21/T40", "20/T580", "20/T581", "21/T36"):
        assert code in page
    # 20/T580 and 20/T581 (made in 2020) come before the 2021 ones.
    assert page.index("20/T581") < page.index("21/T36") < page.index("21/T37")
    row = page[page.index(f"/commitments/{t40.id}") :].split("</tr>")[0]
    assert ">2</td>" in row  # the merged duplicate is not counted twice
    assert "Afgedaan" in row
    assert NEW not in page  # staff cannot add commitments


def test_detail_shows_fields_and_the_linked_signals(client, login_as, app):
    login_as("staff", locale="nl")
    commitment = create_commitment(
        "26/T7",
        title="Welkomhuis ook op zaterdag open",
        description="Eerste regel.\nTweede regel.",
        made_on=date(2026, 2, 3),
        department="Asiel en Integratie",
    )
    linked = create_signal(body="Het Welkomhuis is op zaterdag dicht.", district="zuidwest")
    linked.commitments.append(commitment)
    other = create_signal(body="Dit signaal hoort bij een andere toezegging.")
    db.session.commit()

    response = client.get(f"/commitments/{commitment.id}")
    assert response.status_code == 200
    page = _text(response)
    assert "Welkomhuis ook op zaterdag open" in page
    assert "3 februari 2026" in page
    assert "Asiel en Integratie" in page
    assert linked.reference in page
    assert "Het Welkomhuis is op zaterdag dicht." in page
    assert "Zuidwest" in page
    assert other.reference not in page
    if "signals.triage" in app.view_functions:
        assert f'href="/staff/signals/{linked.id}"' in page
    else:
        assert f"/staff/signals/{linked.id}" not in page


def test_codes_stay_left_to_right_in_arabic(client, login_as):
    login_as("staff", locale="ar")
    commitment = _commitment("20/T580")
    page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert '<span class="stem-nowrap" dir="ltr">20/T580</span>' in page
    assert "\u206620/T580\u2069" in page  # isolated inside translated sentences (the title)


def test_detail_without_signals_says_so(client, login_as):
    login_as("admin", locale="nl")
    commitment = create_commitment()
    db.session.commit()
    page = _text(client.get(f"/commitments/{commitment.id}"))
    assert "Er zijn nog geen signalen aan deze toezegging gekoppeld." in page
    assert _edit_url(commitment) in page  # admins may edit


def test_detail_queries_do_not_grow_with_the_signals(client, login_as, count_queries):
    login_as("staff")
    commitment = create_commitment()
    create_signal().commitments.append(commitment)
    db.session.commit()
    with count_queries() as one:
        assert client.get(f"/commitments/{commitment.id}").status_code == 200
    for _ in range(5):
        create_signal().commitments.append(commitment)
    db.session.commit()
    with count_queries() as six:
        assert client.get(f"/commitments/{commitment.id}").status_code == 200
    assert len(six) == len(one)


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "partner"])
def test_members_and_partners_cannot_open_the_register(client, login_as, role):
    login_as(role)
    commitment = _commitment("21/T37")
    for path in ("/commitments", f"/commitments/{commitment.id}", NEW, _edit_url(commitment)):
        assert client.get(path).status_code == 403, path
    assert client.post_form(NEW, _form()).status_code == 403
    assert _commitment("26/T101") is None


def test_staff_can_read_and_edit_but_not_add(client, login_as):
    staff = login_as("staff", locale="nl")
    commitment = _commitment("21/T40")
    assert client.get(f"/commitments/{commitment.id}").status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.get(f"/admin/commitments/{commitment.id}/delete").status_code == 403
    assert client.post_form(NEW, _form()).status_code == 403
    assert client.get(_edit_url(commitment)).status_code == 200
    response = client.post_form(
        _edit_url(commitment),
        _edit_form(
            commitment,
            code="21/T40",
            title=commitment.title,
            description=commitment.description,
            made_on=_iso(commitment.made_on),
            due_on=_iso(commitment.due_on),
            status="fulfilled",
            fulfilled_on=_iso(commitment.fulfilled_on) or "2026-01-15",
            fulfilled_by="Raadsbrief over het Welkomhuis",
            department=commitment.department,
            progress_note="Brief is verstuurd.",
        ),
    )
    assert response.status_code == 303
    db.session.refresh(commitment)
    assert commitment.fulfilled_by == "Raadsbrief over het Welkomhuis"
    assert commitment.progress_note == "Brief is verstuurd."
    assert commitment.events[-1].actor_id == staff.id


def test_signed_out_visitors_are_sent_to_sign_in(client):
    commitment = _commitment("21/T37")
    for path in ("/commitments", f"/commitments/{commitment.id}", NEW):
        assert client.get(path).status_code == 302, path


def test_unknown_commitments_are_not_found(client, login_as):
    login_as("admin")
    assert client.get("/commitments/999999").status_code == 404
    assert client.get("/commitments/999999/edit").status_code == 404
    assert client.post_form("/commitments/999999/edit", _form()).status_code == 404


# --- adding and editing -------------------------------------------------------------------


def test_admin_adds_a_commitment(client, login_as):
    admin = login_as("admin", locale="nl")
    response = client.post_form(NEW, _form(code=" 26 / t101 "))
    assert response.status_code == 303
    commitment = _commitment("26/T101")  # written the way the register writes codes
    assert response.headers["Location"].endswith(f"/commitments/{commitment.id}")
    assert commitment.title == "Taalcafé in elke wijk"
    assert commitment.made_on == date(2026, 3, 12)
    assert commitment.due_on == date(2026, 12, 31)
    assert commitment.status == "open"
    assert commitment.department == "Asiel en Integratie"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "commitment.create"))
    assert event.actor_id == admin.id
    assert event.object_id == str(commitment.id)
    assert event.details == {"commitment": "26/T101"}
    assert "De toezegging 26/T101 is toegevoegd." in _text(client.get(response.headers["Location"]))


def test_dates_may_be_typed_the_dutch_way(client, login_as):
    login_as("admin")
    response = client.post_form(NEW, _form(made_on="12-03-2026", due_on=""))
    assert response.status_code == 303
    commitment = _commitment("26/T101")
    assert commitment.made_on == date(2026, 3, 12)
    assert commitment.due_on is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": ""}, "Vul het nummer van de toezegging in."),
        ({"code": "T37"}, "Vul het nummer in zoals 21/T37"),
        ({"code": "2021/T37"}, "Vul het nummer in zoals 21/T37"),
        ({"code": "21/T37"}, "Er is al een toezegging met dit nummer."),
        ({"title": "  "}, "Vul een titel in."),
        ({"title": "x" * 201}, "Gebruik maximaal 200 tekens."),
        ({"made_on": "31-02-2026"}, "Vul een datum in, zoals 31-12-2026."),
        ({"due_on": "morgen"}, "Vul een datum in, zoals 31-12-2026."),
        ({"due_on": "2026-01-01"}, "De afgesproken datum ligt voor de datum waarop"),
        ({"status": "done"}, "Not a valid choice"),
        ({"status": "fulfilled"}, "Vul in wanneer de toezegging is afgedaan."),
        (
            {"status": "fulfilled", "fulfilled_on": "2026-06-01"},
            "Vul in met welke brief de toezegging is afgedaan.",
        ),
        (
            {"status": "fulfilled", "fulfilled_on": "2026-01-01", "fulfilled_by": "Raadsbrief"},
            "De toezegging kan niet zijn afgedaan voordat ze is gedaan.",
        ),
    ],
)
def test_bad_input_is_a_clear_form_error(client, login_as, fields, message):
    login_as("admin", locale="nl")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Commitment))
    response = client.post_form(NEW, _form(**fields))
    assert response.status_code == 200
    page = _text(response)
    assert "Er is een probleem" in page
    if message == "Not a valid choice":  # WTForms' own message for a tampered radio value
        assert 'aria-invalid="true"' in page
    else:
        assert message in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Commitment)) == before


def test_a_double_submit_adds_one_commitment(client, login_as):
    login_as("admin", locale="nl")
    assert client.post_form(NEW, _form()).status_code == 303
    again = client.post_form(NEW, _form())
    assert again.status_code == 200
    assert "Er is al een toezegging met dit nummer." in _text(again)
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Commitment).where(Commitment.code == "26/T101")
    )
    assert count == 1


def test_admin_marks_a_commitment_fulfilled_and_back(client, login_as):
    admin = login_as("admin", locale="nl")
    commitment = create_commitment("26/T5", title="Oud", made_on=date(2026, 1, 5))
    db.session.commit()
    letter = "Raadsbrief voortgang inburgering 2026"
    response = client.post_form(
        _edit_url(commitment),
        _edit_form(
            commitment,
            code="26/T5",
            title="Nieuw",
            made_on="2026-01-05",
            status="fulfilled",
            fulfilled_on="2026-06-30",
            fulfilled_by=letter,
        ),
    )
    assert response.status_code == 303
    db.session.refresh(commitment)
    assert (commitment.title, commitment.status) == ("Nieuw", "fulfilled")
    assert (commitment.fulfilled_on, commitment.fulfilled_by) == (date(2026, 6, 30), letter)
    page = _text(client.get(f"/commitments/{commitment.id}"))
    assert letter in page
    assert "30 juni 2026" in page
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "commitment.update"))
    assert event.actor_id == admin.id
    assert event.details["status_change"] == ["open", "fulfilled"]
    assert {"title", "status", "fulfilled_on", "fulfilled_by"} <= set(event.details["changed"])

    # Back to "in progress": a date and letter belong only to a fulfilled commitment.
    response = client.post_form(
        _edit_url(commitment),
        _edit_form(
            commitment,
            code="26/T5",
            title="Nieuw",
            made_on="2026-01-05",
            status="in_progress",
            fulfilled_on="2026-06-30",
            fulfilled_by=letter,
        ),
    )
    assert response.status_code == 303
    db.session.refresh(commitment)
    assert commitment.status == "in_progress"
    assert commitment.fulfilled_on is None
    assert commitment.fulfilled_by == ""


def test_edit_form_shows_the_current_values(client, login_as):
    login_as("admin", locale="nl")
    commitment = _commitment("21/T40")
    page = _text(client.get(_edit_url(commitment)))
    assert 'value="21/T40"' in page
    assert 'value="2022-06-21"' in page
    checked = re.search(r'<input[^>]*\bchecked\b[^>]*value="(\w+)"', page)
    assert checked, "no status is chosen"
    assert checked.group(1) == "fulfilled"


def test_editing_to_a_code_in_use_is_a_form_error(client, login_as):
    login_as("admin", locale="nl")
    commitment = create_commitment("26/T9")
    db.session.commit()
    response = client.post_form(_edit_url(commitment), _edit_form(commitment, code="21/T37"))
    assert response.status_code == 200
    assert "Er is al een toezegging met dit nummer." in _text(response)
    db.session.refresh(commitment)
    assert commitment.code == "26/T9"


def test_saving_without_changes_writes_no_audit_event(client, login_as):
    login_as("admin")
    commitment = create_commitment("26/T11", title="Zelfde", department="")
    db.session.commit()
    fields = _edit_form(
        commitment,
        code="26/T11",
        title="Zelfde",
        description="",
        made_on="",
        due_on="",
        department="",
    )
    assert client.post_form(_edit_url(commitment), fields).status_code == 303
    assert (
        db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "commitment.update"))
        is None
    )


# --- the services, for callers other than the form -----------------------------------------


def test_services_enforce_the_rules_themselves():
    admin = create_user("admin")
    with pytest.raises(services.CommitmentError) as bad_code:
        services.create_commitment(admin, code="T1", title="Iets")
    assert bad_code.value.field == "code"
    with pytest.raises(services.CommitmentError) as unfinished:
        services.create_commitment(admin, code="26/T1", title="Iets", status="fulfilled")
    assert unfinished.value.field == "fulfilled_on"
    with pytest.raises(services.CommitmentError) as taken:
        services.create_commitment(admin, code="21/t37", title="Dubbel")
    assert taken.value.field == "code"
    commitment = services.create_commitment(admin, code="26/T1", title="Iets")
    with pytest.raises(services.CommitmentError):
        services.update_commitment(admin, commitment, code="21/T36")
    assert services.update_commitment(admin, commitment, title="Iets anders") == ["title"]
