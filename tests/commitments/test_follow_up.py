"""The commitment as a policy officer's tool: follow-up, where it stands, history, flags."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from stem.actions.links import link_commitment, link_round
from stem.actions.updates import UpdateText, post_update
from stem.commitments import queries, services
from stem.commitments.models import Commitment, CommitmentText
from stem.core.db import db
from tests.actions.helpers import create_action
from tests.commitments.helpers import commitment_form
from tests.factories import create_commitment, create_round, create_signal, create_user

STALE = "Iemand anders heeft deze toezegging intussen gewijzigd."


def _text(response) -> str:
    text = html.unescape(response.get_data(as_text=True))
    return text.replace("\u2066", "").replace("\u2069", "")


def _edit(commitment: Commitment, **fields) -> dict:
    values = {
        "code": commitment.code,
        "title": commitment.title,
        "description": commitment.description,
        "made_on": commitment.made_on.isoformat() if commitment.made_on else "",
        "due_on": commitment.due_on.isoformat() if commitment.due_on else "",
        "department": commitment.department,
        "status": commitment.status,
        "fulfilled_on": commitment.fulfilled_on.isoformat() if commitment.fulfilled_on else "",
        "fulfilled_by": commitment.fulfilled_by,
        "version": str(commitment.version),
    }
    return commitment_form(**{**values, **fields})


def _today() -> date:
    return queries.today()


@pytest.fixture
def followed(app):
    """A commitment with two linked actions (one with sub-weight 3), updates and a round."""
    today = _today()
    staff = create_user("staff", display_name="Pim Beleid")
    commitment = create_commitment(
        "26/T50",
        title="Taalles in het Welkomhuis",
        made_on=today - timedelta(days=300),
        due_on=today + timedelta(days=200),
    )
    with app.test_request_context():
        big = create_action(staff, title="Taaloefenen drie keer per week", status="in_progress",
                            progress=60, weight=3, due_on=today + timedelta(days=100))
        small = create_action(staff, title="Nieuwe locatie zoeken", status="planned",
                              due_on=today + timedelta(days=150))
        for action in (big, small):
            link_commitment(staff, action, commitment)
        round_ = create_round(period="2026-11")
        link_round(staff, big, round_)
        post_update(
            staff, big, happened_on=today - timedelta(days=3), next_on=today + timedelta(days=20),
            public=False,
            texts={"nl": UpdateText("De tweede groep is gestart.", "Een derde groep op vrijdag.")},
        )
    db.session.commit()
    return {"staff": staff, "commitment": commitment, "big": big, "small": small, "round": round_}


def test_the_page_shows_progress_next_steps_rounds_and_a_timeline(client, login_as, followed):
    login_as(followed["staff"], locale="nl")
    page = _text(client.get(f"/commitments/{followed['commitment'].id}"))
    # Overall: (60 * 3 + 0 * 1) / 4 = 45, and how that is computed.
    assert "45% klaar" in page
    assert "het gewogen gemiddelde van de voortgang van de gekoppelde vervolgacties" in page
    # The status with its rule written out.
    assert "Op schema" in page
    assert "Te laat: de afgesproken datum is voorbij en de toezegging is niet afgedaan." in page
    # Each action with its own progress bar and due date.
    assert "Taaloefenen drie keer per week" in page
    assert "60% klaar" in page
    assert "Nieuwe locatie zoeken" in page
    assert "0% klaar" in page
    # The next step from the latest update, with its date.
    assert "Een derde groep op vrijdag." in page
    # The round the action is linked to.
    assert "Ronde 2026-11" in page
    # The timeline holds the action update.
    timeline = page[page.index("Tijdlijn"):]
    assert "De tweede groep is gestart." in timeline


def test_a_staff_edit_is_history_with_who_when_old_and_new(client, login_as, followed):
    staff = login_as(followed["staff"], locale="nl")
    commitment = followed["commitment"]
    response = client.post_form(
        f"/commitments/{commitment.id}/edit",
        _edit(commitment, status="in_progress", progress_note="Wacht op de begroting."),
    )
    assert response.status_code == 303
    db.session.refresh(commitment)
    kinds = [(e.kind, e.old, e.new, e.actor_id) for e in commitment.events]
    assert ("status", "open", "in_progress", staff.id) in kinds
    assert ("progress_note", "", "", staff.id) in kinds  # a long text: only that it changed
    page = _text(client.get(f"/commitments/{commitment.id}"))
    timeline = page[page.index("Tijdlijn"):]
    assert "Status: Open → In uitvoering" in timeline
    assert "Stand van zaken gewijzigd" in timeline
    assert "Pim Beleid" in timeline


def test_two_staff_saving_at_once_the_second_gets_409_with_both_versions(client, login_as):
    login_as("staff", locale="nl")
    commitment = create_commitment("26/T51", title="Eerste titel")
    db.session.commit()
    loaded = _edit(commitment)
    first = client.post_form(f"/commitments/{commitment.id}/edit", {**loaded, "title": "Van de eerste"})
    assert first.status_code == 303
    second = client.post_form(f"/commitments/{commitment.id}/edit", {**loaded, "title": "Van de tweede"})
    assert second.status_code == 409
    page = _text(second)
    assert STALE in page
    assert "Van de eerste" in page  # as stored
    assert 'value="Van de tweede"' in page  # the input kept
    db.session.refresh(commitment)
    assert commitment.title == "Van de eerste"


def test_labels_tell_made_on_from_fulfilled_on_and_every_field_has_a_hint(client, login_as):
    login_as("staff", locale="nl")
    commitment = create_commitment("26/T52")
    db.session.commit()
    page = _text(client.get(f"/commitments/{commitment.id}/edit"))
    assert "Toegezegd op" in page
    assert "Gedaan op" not in page
    assert "Afgedaan op" in page
    for hint in (
        "De dag waarop het college de toezegging deed",
        "De dag waarop de raad de brief kreeg die de toezegging afdoet",
        "Wanneer moet de toezegging zijn afgedaan?",
        "Het webadres van de toezegging bij de raad",
        "Voor medewerkers: waar staat de uitvoering",
    ):
        assert hint in page


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://raad.utrecht.nl/t40", "raad.utrecht.nl/t40", "https://", "https://a b.nl"],
)
def test_the_council_page_must_be_an_http_address(client, login_as, url):
    login_as("staff", locale="nl")
    commitment = create_commitment("26/T53")
    db.session.commit()
    response = client.post_form(f"/commitments/{commitment.id}/edit", _edit(commitment, council_url=url))
    assert response.status_code == 200
    assert "Vul een webadres in dat begint met https:// of http://" in _text(response)
    db.session.refresh(commitment)
    assert commitment.council_url == ""


def test_the_council_page_is_saved_and_linked(client, login_as):
    login_as("staff", locale="nl")
    commitment = create_commitment("26/T54")
    db.session.commit()
    url = "https://utrecht.bestuurlijkeinformatie.nl/Toezeggingen/26-T54"
    response = client.post_form(f"/commitments/{commitment.id}/edit", _edit(commitment, council_url=url))
    assert response.status_code == 303
    assert f'href="{url}"' in client.get(f"/commitments/{commitment.id}").get_data(as_text=True)


def test_fulfilled_before_made_is_refused_by_the_service_too(app):
    commitment = create_commitment("26/T55", made_on=date(2026, 5, 1))
    staff = create_user("staff")
    with app.test_request_context(), pytest.raises(services.CommitmentError) as caught:
        services.update_commitment(
            staff, commitment, status="fulfilled", fulfilled_on=date(2026, 4, 1), fulfilled_by="Brief"
        )
    assert caught.value.field == "fulfilled_on"


def test_translations_are_edited_on_the_edit_page_and_read_with_text(client, login_as):
    login_as("staff", locale="nl")
    commitment = create_commitment("26/T56", title="Taalcafé", description="In elke wijk.")
    db.session.commit()
    response = client.post_form(
        f"/commitments/{commitment.id}/edit",
        _edit(commitment, title_ar="مقهى اللغة", description_ar="في كل حي.", reviewed_ar="y",
              title_en="Language café"),
    )
    assert response.status_code == 303
    db.session.refresh(commitment)
    arabic = commitment.text("ar")
    assert (arabic.title, arabic.description, arabic.locale) == ("مقهى اللغة", "في كل حي.", "ar")
    assert arabic.reviewed
    assert not arabic.fallback
    # An English title without its description is not a whole translation: the Dutch text
    # shows, marked as Dutch, rather than an English title over Dutch words marked English.
    english = commitment.text("en")
    assert (english.title, english.description, english.locale) == (
        "Taalcafé", "In elke wijk.", "nl"
    )
    assert english.fallback
    somali = commitment.text("so")
    assert (somali.title, somali.locale, somali.fallback) == ("Taalcafé", "nl", True)
    dutch = commitment.text("nl")
    assert (dutch.title, dutch.fallback, dutch.reviewed) == ("Taalcafé", False, True)
    assert sorted(e.new for e in commitment.events if e.kind == "translation") == ["ar", "en"]
    # Shown again in the form, and removed by emptying the title.
    assert "مقهى اللغة" in _text(client.get(f"/commitments/{commitment.id}/edit"))
    client.post_form(f"/commitments/{commitment.id}/edit", _edit(commitment, title_en="Language café"))
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommitmentText)) == 1


def _fulfilled_with_late_signal(days_after: int) -> Commitment:
    commitment = create_commitment(
        "22/T9", status="fulfilled", made_on=date(2022, 1, 1),
        fulfilled_on=date(2022, 6, 1), fulfilled_by="Raadsbrief 2022",
    )
    before = create_signal(body="Van voor de afdoening.")
    before.created_at = datetime(2022, 3, 1, tzinfo=UTC)
    before.commitments.append(commitment)
    later = create_signal(body="Van na de afdoening.")
    later.created_at = datetime(2022, 6, 1, 12, tzinfo=UTC) + timedelta(days=days_after)
    later.commitments.append(commitment)
    db.session.commit()
    return commitment


def test_new_signals_after_fulfilment_are_flagged_on_register_page_and_home(client, login_as):
    login_as("staff", locale="nl")
    commitment = _fulfilled_with_late_signal(days_after=1500)
    register = _text(client.get("/commitments"))
    assert "1 nieuw signaal na afdoening" in register
    assert "Nieuwe signalen na afdoening: 1 afgedane toezegging kreeg daarna nog signalen." in register
    page = _text(client.get(f"/commitments/{commitment.id}"))
    assert "Nieuwe signalen na afdoening: na 1 juni 2022 is er 1 signaal" in page
    home = _text(client.get("/", follow_redirects=True))
    assert "afgedane toezeggingen met nieuwe signalen na afdoening" in home


def test_a_signal_on_the_day_of_fulfilment_is_not_flagged(client, login_as):
    login_as("staff", locale="nl")
    _fulfilled_with_late_signal(days_after=0)
    assert "na afdoening" not in _text(client.get("/commitments"))
    assert "na afdoening" not in _text(client.get("/", follow_redirects=True))


def test_admins_delete_after_a_question_and_staff_cannot(client, login_as):
    login_as("staff")
    commitment = create_commitment("26/T57")
    db.session.commit()
    url = f"/admin/commitments/{commitment.id}/delete"
    assert client.post_form(url).status_code == 403
    login_as("admin", locale="nl")
    assert "Toezegging 26/T57 verwijderen?" in _text(client.get(url))
    response = client.post_form(url)
    assert response.status_code == 303
    assert db.session.get(Commitment, commitment.id) is None
    assert "De toezegging 26/T57 is verwijderd." in _text(client.get(response.headers["Location"]))
