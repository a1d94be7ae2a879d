"""Two admins editing one commitment: the second save is refused, never overwriting the first."""

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
from tests.conftest import sign_in_session
from tests.factories import create_commitment, create_user

STALE = "Iemand anders heeft deze toezegging intussen gewijzigd."
TAMPERED = "Het formulier is onvolledig: we weten niet van welke versie van de toezegging"
STORED = "Zo is de toezegging nu opgeslagen"


def _text(response) -> str:
    """The page as a person reads it: entities decoded, invisible direction marks left out."""
    text = html.unescape(response.get_data(as_text=True))
    return text.replace("\u2066", "").replace("\u2069", "")


def _edit_url(commitment: Commitment) -> str:
    return f"/commitments/{commitment.id}/edit"


def _version_in(page: str) -> str:
    """The value of the hidden version field on an edit page."""
    field = re.search(r'<input[^>]*name="version"[^>]*>', page)
    assert field, "the edit form has no version field"
    value = re.search(r'value="([^"]*)"', field.group(0))
    assert value, "the version field has no value"
    return value.group(1)


def _input_value(page: str, name: str) -> str:
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert field, f"no input {name}"
    return html.unescape(re.search(r'value="([^"]*)"', field.group(0)).group(1))


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    return html.unescape(match.group(1)).strip()


def _stored_panel(page: str) -> str:
    """The section that shows the commitment as it is stored now."""
    match = re.search(r'<section[^>]*aria-labelledby="stored-heading".*?</section>', page, re.S)
    assert match, "the page does not show the stored commitment"
    return html.unescape(match.group(0))


def _fields(version: str, **changes) -> dict:
    return commitment_form(**{"code": "26/T20", "version": version, **changes})


def _updates(commitment: Commitment) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.action == "commitment.update",
                AuditEvent.object_id == str(commitment.id),
            )
            .order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def commitment():
    made = create_commitment(
        "26/T20",
        title="Taalcafé in elke wijk",
        description="Het college onderzoekt een taalcafé in elke wijk.",
        made_on=date(2026, 3, 12),
        due_on=date(2026, 12, 31),
        department="Asiel en Integratie",
    )
    db.session.commit()
    return made


@pytest.fixture
def other_client(app):
    """A second browser, for a second admin."""
    from tests.conftest import StemClient

    app.test_client_class = StemClient
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    return other


def _sign_in(test_client, user) -> None:
    """Sign a test client in as `user`, the way the login_as fixture does."""
    with test_client.session_transaction() as sess:
        sign_in_session(sess, user)
    db.session.commit()


def test_a_new_commitment_starts_at_version_one_and_each_save_counts(commitment):
    admin = create_user("admin")
    assert commitment.version == 1
    services.update_commitment(admin, commitment, version=1, title="Anders")
    db.session.commit()
    db.session.refresh(commitment)
    assert commitment.version == 2
    # Saving without changes writes nothing, so the version stays.
    assert services.update_commitment(admin, commitment, version=2, title="Anders") == []
    db.session.commit()
    db.session.refresh(commitment)
    assert commitment.version == 2


def test_the_edit_form_carries_the_version(client, login_as, commitment):
    login_as("admin", locale="nl")
    assert _version_in(client.get(_edit_url(commitment)).get_data(as_text=True)) == "1"


def test_the_second_of_two_admins_is_refused_and_keeps_their_input(
    client, login_as, other_client, commitment
):
    anna = login_as("admin", locale="nl")
    bram = create_user("admin", locale="nl")
    db.session.commit()
    _sign_in(other_client, bram)
    url = _edit_url(commitment)
    anna_version = _version_in(client.get(url).get_data(as_text=True))
    bram_version = _version_in(other_client.get(url).get_data(as_text=True))
    assert anna_version == bram_version == "1"

    saved = client.post_form(
        url, _fields(anna_version, title="Titel van Anna", status="in_progress")
    )
    assert saved.status_code == 303

    bram_text = "Bram schrijft een nieuwe omschrijving."
    refused = other_client.post_form(
        url,
        _fields(bram_version, title="Titel van Bram", description=bram_text, department="Wonen"),
    )
    assert refused.status_code == 409
    page = _text(refused)
    assert "Er is een probleem" in page
    assert STALE in page
    assert "Je wijzigingen zijn niet opgeslagen." in page
    # What is stored now, to compare with ...
    stored = _stored_panel(refused.get_data(as_text=True))
    assert STORED in stored
    assert "Titel van Anna" in stored
    assert "In uitvoering" in stored
    assert "Titel van Bram" not in stored
    # ... what Bram typed, still in the form, now based on the version Anna saved.
    raw = refused.get_data(as_text=True)
    assert _input_value(raw, "title") == "Titel van Bram"
    assert _input_value(raw, "department") == "Wonen"
    assert _textarea(raw, "description") == bram_text
    assert re.search(r'<input[^>]*\bchecked\b[^>]*value="open"', raw), "Bram chose Open"
    assert _version_in(raw) == "2"

    db.session.expire_all()
    kept = db.session.get(Commitment, commitment.id)
    assert (kept.title, kept.status, kept.department) == (
        "Titel van Anna",
        "in_progress",
        "Asiel en Integratie",
    )
    assert kept.version == 2
    assert [event.actor_id for event in _updates(commitment)] == [anna.id]

    # Having compared, Bram saves deliberately: the form he was shown is the current version.
    again = other_client.post_form(
        url,
        _fields(
            _version_in(raw), title="Titel van Bram", description=bram_text, department="Wonen"
        ),
    )
    assert again.status_code == 303
    db.session.expire_all()
    kept = db.session.get(Commitment, commitment.id)
    assert (kept.title, kept.status, kept.description) == ("Titel van Bram", "open", bram_text)
    assert kept.version == 3
    assert [event.actor_id for event in _updates(commitment)] == [anna.id, bram.id]


def test_an_old_version_is_reported_before_other_mistakes(client, login_as, commitment):
    login_as("admin", locale="nl")
    url = _edit_url(commitment)
    assert client.post_form(url, _fields("1", title="Eerste")).status_code == 303

    response = client.post_form(url, _fields("1", title="", due_on="morgen"))
    assert response.status_code == 409
    page = _text(response)
    assert STALE in page
    assert "Vul een titel in." in page
    assert "Vul een datum in, zoals 31-12-2026." in page
    assert _input_value(response.get_data(as_text=True), "due_on") == "morgen"
    db.session.refresh(commitment)
    assert commitment.title == "Eerste"


def test_a_version_from_the_future_is_refused_too(client, login_as, commitment):
    login_as("admin", locale="nl")
    response = client.post_form(_edit_url(commitment), _fields("7", title="Gegokt"))
    assert response.status_code == 409
    assert STALE in _text(response)
    db.session.refresh(commitment)
    assert (commitment.title, commitment.version) == ("Taalcafé in elke wijk", 1)


@pytest.mark.parametrize(
    "version",
    [None, "", "abc", "0", "-1", "1.5", "01", "1 OR 1=1", "9" * 30, ["1", "1"]],
)
def test_a_missing_or_tampered_version_is_a_clear_form_error(client, login_as, commitment, version):
    login_as("admin", locale="nl")
    url = _edit_url(commitment)
    fields = _fields("1", title="Zonder versie")
    if version is None:
        del fields["version"]  # an old page, or a hand-made request
    else:
        fields["version"] = version
    response = client.post_form(url, fields)
    assert response.status_code == 400
    page = _text(response)
    assert "Er is een probleem" in page
    assert TAMPERED in page
    assert STALE not in page
    raw = response.get_data(as_text=True)
    assert "Taalcafé in elke wijk" in _stored_panel(raw)
    assert _input_value(raw, "title") == "Zonder versie"
    db.session.refresh(commitment)
    assert (commitment.title, commitment.version) == ("Taalcafé in elke wijk", 1)

    # The page offers the current version, so saving again after comparing works.
    assert _version_in(raw) == "1"
    assert (
        client.post_form(url, _fields(_version_in(raw), title="Zonder versie")).status_code == 303
    )
    db.session.refresh(commitment)
    assert (commitment.title, commitment.version) == ("Zonder versie", 2)


def test_a_save_that_loses_the_race_after_the_check_is_refused(client, login_as, commitment):
    """Another save commits between this request's version check and its UPDATE."""
    login_as("admin", locale="nl")
    table = Commitment.__table__

    def other_admin_saves(_mapper, connection, target):
        connection.execute(
            sa.update(table)
            .where(table.c.id == target.id)
            .values(title="Van de ander", version=table.c.version + 1)
        )

    sa.event.listen(Commitment, "before_update", other_admin_saves, once=True)
    try:
        response = client.post_form(_edit_url(commitment), _fields("1", title="Van mij"))
    finally:
        if sa.event.contains(Commitment, "before_update", other_admin_saves):
            sa.event.remove(Commitment, "before_update", other_admin_saves)
    assert response.status_code == 409
    assert STALE in _text(response)
    assert _input_value(response.get_data(as_text=True), "title") == "Van mij"
    db.session.refresh(commitment)
    # The other save ran inside this test's own transaction, so the refused request's
    # rollback took it along; what matters is that "Van mij" was not written over it.
    assert commitment.title != "Van mij"
    assert _updates(commitment) == []


def test_the_service_turns_a_lost_race_into_stale_commitment(commitment):
    """The flush finds the row changed since it was read: StaleDataError, not an overwrite."""
    admin = create_user("admin")
    table = Commitment.__table__
    # Another admin's save, behind this session's back: the loaded object still says 1.
    db.session.execute(
        sa.update(table)
        .where(table.c.id == commitment.id)
        .values(title="Van de ander", version=table.c.version + 1)
    )
    assert commitment.version == 1
    with pytest.raises(services.StaleCommitment) as stale:
        services.update_commitment(admin, commitment, version=1, title="Van mij")
    assert stale.value.field == "version"
    # Only the savepoint was rolled back: the session goes on, and reads the other save.
    assert (commitment.title, commitment.version) == ("Van de ander", 2)
    assert _updates(commitment) == []
    assert services.update_commitment(admin, commitment, version=2, title="Van mij") == ["title"]
    db.session.expire_all()
    assert db.session.get(Commitment, commitment.id).version == 3


def test_a_code_taken_between_the_check_and_the_save_is_a_form_error(client, login_as, commitment):
    """Another admin adds a commitment with the same code just before this UPDATE."""
    login_as("admin", locale="nl")
    table = Commitment.__table__

    def other_admin_adds(_mapper, connection, _target):
        connection.execute(sa.insert(table).values(code="26/T99", title="Van de ander"))

    sa.event.listen(Commitment, "before_update", other_admin_adds, once=True)
    try:
        response = client.post_form(_edit_url(commitment), _fields("1", code="26/T99"))
    finally:
        if sa.event.contains(Commitment, "before_update", other_admin_adds):
            sa.event.remove(Commitment, "before_update", other_admin_adds)
    assert response.status_code == 200
    assert "Er is al een toezegging met dit nummer." in _text(response)
    db.session.refresh(commitment)
    assert (commitment.code, commitment.version) == ("26/T20", 1)


def test_the_service_checks_the_version_before_anything_else(commitment):
    admin = create_user("admin")
    with pytest.raises(services.StaleCommitment):
        services.update_commitment(admin, commitment, version=2, code="21/T37")
    db.session.refresh(commitment)
    assert (commitment.code, commitment.version) == ("26/T20", 1)
