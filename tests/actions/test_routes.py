"""Staff make actions from a signal, a commitment and a round, and edit them safely."""

from __future__ import annotations

import html
from datetime import date

import sqlalchemy as sa

from stem.actions.models import Action
from stem.core.db import db
from tests import factories
from tests.actions.helpers import create_action, form_data
from tests.conftest import sign_in_session


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _only_action() -> Action:
    return db.session.scalars(sa.select(Action)).one()


def test_an_action_made_from_a_signal_is_linked_and_shown_on_both_sides(client, login_as):
    staff = login_as("staff", locale="nl")
    signal = factories.create_signal()
    db.session.commit()
    page = _text(client.get(f"/staff/signals/{signal.id}"))
    assert f"/actions/new?signal={signal.id}" in page
    response = client.post(f"/actions/new?signal={signal.id}", data=form_data(client.csrf_token(), staff))
    assert response.status_code == 303
    action = _only_action()
    assert action.signals == [signal]
    assert signal.reference in _text(client.get(f"/actions/{action.id}"))
    assert "Taaloefenen drie keer per week" in _text(client.get(f"/staff/signals/{signal.id}"))


def test_from_a_merged_signal_the_survivor_is_linked(client, login_as):
    staff = login_as("staff", locale="nl")
    survivor = factories.create_signal()
    merged = factories.create_signal(status="merged", merged_into_id=survivor.id)
    db.session.commit()
    client.post(f"/actions/new?signal={merged.id}", data=form_data(client.csrf_token(), staff))
    assert _only_action().signals == [survivor]


def test_an_action_made_from_a_commitment_is_linked_and_shown_on_both_sides(client, login_as):
    staff = login_as("staff", locale="nl")
    commitment = factories.create_commitment(code="98/T40", department="Werk en Inkomen")
    db.session.commit()
    page = _text(client.get(f"/commitments/{commitment.id}"))
    assert f"/actions/new?commitment={commitment.id}" in page
    form = _text(client.get(f"/actions/new?commitment={commitment.id}"))
    assert "98/T40" in form
    assert 'value="Werk en Inkomen"' in form
    client.post(f"/actions/new?commitment={commitment.id}", data=form_data(client.csrf_token(), staff))
    action = _only_action()
    assert action.commitments == [commitment]
    assert "98/T40" in _text(client.get(f"/actions/{action.id}"))
    assert "Taaloefenen drie keer per week" in _text(client.get(f"/commitments/{commitment.id}"))


def test_an_action_made_from_a_round_and_question_is_linked_both_ways(client, login_as):
    staff = login_as("staff", locale="nl")
    round_ = factories.create_round(status="closed")
    question = round_.survey.questions[0]
    db.session.commit()
    page = _text(client.get(f"/staff/rounds/{round_.id}/results"))
    assert f"/actions/new?round={round_.id}" in page
    url = f"/actions/new?round={round_.id}&question={question.id}"
    assert url.replace("&", "&amp;") in client.get(f"/actions/new?round={round_.id}").get_data(as_text=True)
    assert client.post(url, data=form_data(client.csrf_token(), staff)).status_code == 303
    link = _only_action().round_links[0]
    assert (link.round_id, link.question_id) == (round_.id, question.id)
    assert "Taaloefenen drie keer per week" in _text(client.get(f"/staff/rounds/{round_.id}/results"))


def test_tampered_link_ids_are_not_found_and_nothing_is_made(client, login_as):
    staff = login_as("staff")
    round_, other = factories.create_round(), factories.create_round()
    db.session.commit()
    for query in ("signal=999999", "commitment=abc", "round=٣", f"round={round_.id}&question={other.survey.questions[0].id}", "question=1"):
        assert client.get(f"/actions/new?{query}").status_code == 404, query
        assert client.post(f"/actions/new?{query}", data=form_data(client.csrf_token(), staff)).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


def test_bad_input_gets_clear_messages_and_stores_nothing(client, login_as):
    staff = login_as("staff", locale="nl")
    token = client.csrf_token()
    cases = {
        "Vul een voortgang in van 0 tot en met 100 procent.": {"progress": "150"},
        "De einddatum ligt voor de startdatum.": {"starts_on": "01-05-2027", "due_on": "01-04-2027"},
        "Schrijf op waarom de vervolgactie is gestopt.": {"status": "stopped"},
        "Vul de afdeling in, of kies een partnerorganisatie als eigenaar.": {"owner_department": ""},
    }
    for message, fields in cases.items():
        response = client.post("/actions/new", data=form_data(token, staff, **fields))
        assert response.status_code == 400
        assert message in _text(response), message
    response = client.post("/actions/new", data=form_data(token, staff, progress="abc"))
    assert "Vul een voortgang in van 0 tot en met 100 procent." in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


def test_a_stopped_action_shows_its_reason(client, login_as):
    staff = login_as("staff", locale="nl")
    action = create_action(staff, status="stopped", stopped_reason="De locatie is gesloten.")
    db.session.commit()
    page = _text(client.get(f"/actions/{action.id}"))
    assert "Gestopt, omdat:" in page
    assert "De locatie is gesloten." in page


def test_two_staff_saving_the_same_action_overwrite_nothing(app, client, login_as):
    eva = login_as("staff", locale="nl")
    action = create_action(eva, title="Eerste titel")
    db.session.commit()
    version = action.version
    # Eva's colleague saves first, from a form loaded at the same version.
    other_client = app.test_client()
    colleague = factories.create_user("staff", locale="nl")
    db.session.commit()
    with other_client.session_transaction() as sess:
        sign_in_session(sess, colleague)
    db.session.commit()
    token = other_client.csrf_token()
    saved = other_client.post(
        f"/actions/{action.id}/edit",
        data=form_data(token, colleague, title_nl="Titel van de collega", version=str(version)),
    )
    assert saved.status_code == 303
    response = client.post(
        f"/actions/{action.id}/edit",
        data=form_data(client.csrf_token(), eva, title_nl="Titel van Eva", version=str(version)),
    )
    assert response.status_code == 409
    page = _text(response)
    assert "Iemand anders heeft deze vervolgactie intussen gewijzigd." in page
    assert "Titel van de collega" in page
    assert "Titel van Eva" in page
    db.session.expire_all()
    assert db.session.get(Action, action.id).title_nl == "Titel van de collega"
    # Without a version, nothing is saved either.
    data = form_data(client.csrf_token(), eva, title_nl="Zonder versie")
    assert client.post(f"/actions/{action.id}/edit", data=data).status_code == 409
    db.session.expire_all()
    assert db.session.get(Action, action.id).title_nl == "Titel van de collega"


def test_an_edit_with_the_right_version_saves(client, login_as):
    staff = login_as("staff", locale="nl")
    action = create_action(staff)
    db.session.commit()
    data = form_data(client.csrf_token(), staff, title_nl="Nieuw", status="done", version=str(action.version),
                     due_on="31-03-2027")
    assert client.post(f"/actions/{action.id}/edit", data=data).status_code == 303
    db.session.expire_all()
    saved = db.session.get(Action, action.id)
    assert (saved.title_nl, saved.status, saved.progress, saved.due_on) == ("Nieuw", "done", 100, date(2027, 3, 31))


def test_links_are_added_and_removed_on_the_action_page(client, login_as):
    login_as("staff", locale="nl")
    action = create_action()
    signal = factories.create_signal()
    commitment = factories.create_commitment()
    db.session.commit()
    token = client.csrf_token()
    response = client.post(
        f"/actions/{action.id}/links",
        data={"csrf_token": token, "reference": signal.reference, "commitment": str(commitment.id),
              "round": "0", "question": "0"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    action = db.session.get(Action, action.id)
    assert action.signals == [signal]
    assert action.commitments == [commitment]
    wrong = client.post(f"/actions/{action.id}/links",
                        data={"csrf_token": token, "reference": "S-0000-00000", "commitment": "0",
                              "round": "0", "question": "0"})
    assert wrong.status_code == 400
    assert "Er is geen signaal met nummer S-0000-00000" in _text(wrong)
    client.post(f"/actions/{action.id}/unlink",
                data={"csrf_token": token, "kind": "signal", "target": str(signal.id)})
    db.session.expire_all()
    assert db.session.get(Action, action.id).signals == []


def test_an_action_of_an_inactive_organisation_can_still_be_saved(client, login_as):
    staff = login_as("staff", locale="nl")
    org = factories.create_organisation(name="Gesloten stichting")
    action = create_action(staff, owner_organisation=org)
    org.active = False
    db.session.commit()
    assert "Gesloten stichting" in _text(client.get(f"/actions/{action.id}/edit"))
    data = form_data(client.csrf_token(), staff, owner_organisation=str(org.id), owner_department="",
                     version=str(action.version))
    assert client.post(f"/actions/{action.id}/edit", data=data).status_code == 303


def test_a_partner_finds_her_organisations_actions_from_the_start_page(client, login_as):
    login_as("partner", locale="nl")
    assert 'href="/actions"' in _text(client.get("/home"))


def test_actions_of_a_signal_merged_later_show_on_the_survivor(client, login_as):
    login_as("staff", locale="nl")
    survivor, merged = factories.create_signal(), factories.create_signal()
    action = create_action(title="Actie bij het latere duplicaat")
    action.signals.append(merged)
    merged.status, merged.merged_into_id = "merged", survivor.id
    db.session.commit()
    assert "Actie bij het latere duplicaat" in _text(client.get(f"/staff/signals/{survivor.id}"))


def test_tampered_ids_on_updates_and_links_are_refused_cleanly(client, login_as):
    login_as("staff", locale="nl")
    one, other = create_action(), create_action()
    from stem.actions.updates import UpdateText, post_update

    update = post_update(other.responsible, other, happened_on=date(2027, 1, 1), next_on=None,
                         public=False, texts={"nl": UpdateText("Bij de andere actie")})
    db.session.commit()
    token = client.csrf_token()
    response = client.post(f"/actions/{one.id}/updates/{update.id}/approve", data={"csrf_token": token})
    assert response.status_code == 404
    for kind, target in (("signal", "999999"), ("round", "٣"), ("nonsense", "1"), ("commitment", "")):
        response = client.post(f"/actions/{one.id}/unlink",
                               data={"csrf_token": token, "kind": kind, "target": target})
        assert response.status_code == 303
    assert client.get("/actions/999999").status_code == 404
