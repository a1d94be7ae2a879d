"""Big files and very many signals: nothing typed is lost, nothing half is stored.

Files over 5 MB, or more than three, come back as a message on the form with the text,
theme, district and consent kept, even when together they pass the app-wide 16 MB limit.
Only a body beyond the signal form's own limit gets the 413 page, which says that nothing
was sent. Someone sending signals without pause meets the 429 page.
"""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from stem.signals.intake.routes import MAX_SIGNAL_REQUEST
from tests import factories
from tests.signals.intake_helpers import (
    JPEG,
    PDF,
    form_key,
    messages,
    newest_signal,
    signal_count,
    stored_files,
    upload,
)

MB = 1024 * 1024
BODY = "Bij het Welkomhuis stond de lift al twee weken stil. Hier zijn de foto's."
PER_HOUR = 60  # forms a member or partner may send in an hour


def photo(size: int) -> bytes:
    """A file of exactly `size` bytes that starts like a JPEG from a phone camera."""
    return JPEG[:4] + bytes(size - 4)


@pytest.fixture
def theme():
    return factories.create_theme()


def post_signal(client, data: dict, key: str | None = None):
    data = {"form_key": key or form_key(client), **data}
    return client.post_form("/signals/new", data, content_type="multipart/form-data")


def assert_kept(page: str, theme) -> None:
    """The form came back with what the person typed and chose."""
    assert escape(BODY) in page
    assert f'<option selected value="{theme.id}">' in page
    assert '<option selected value="oost">' in page
    assert re.search(r'<input[^>]*checked[^>]*name="may_contact"', page)


def assert_nothing_stored(files_before) -> None:
    assert signal_count() == 0
    assert stored_files() == files_before
    assert messages() == []


# --- files the form refuses ---------------------------------------------------------------


def test_three_big_photos_beyond_16_mb_come_back_as_a_message_with_the_text_kept(
    app, client, login_as, theme
):
    login_as("member", locale="nl")
    photos = [upload(photo(6 * MB), f"IMG_2024{n}.jpg") for n in range(3)]
    assert app.config["MAX_CONTENT_LENGTH"] < 3 * 6 * MB
    before = stored_files()
    key = form_key(client)
    fields = {"body": BODY, "theme": theme.id, "district": "oost", "may_contact": "y"}

    response = post_signal(client, {**fields, "attachments": photos}, key)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er is een probleem" in page
    assert 'href="#attachments"' in page
    for n in range(3):
        assert f"Het bestand IMG_2024{n}.jpg is groter dan 5 MB." in page
    assert "Kies ze opnieuw" in page  # a browser cannot put the files back
    assert_kept(page, theme)
    assert key in page
    assert_nothing_stored(before)

    # With a smaller photo the same form goes through once, however often it is sent.
    first = post_signal(client, {**fields, "attachments": upload(JPEG, "klein.jpg")}, key)
    again = post_signal(client, {**fields, "attachments": upload(JPEG, "klein.jpg")}, key)
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert signal_count() == 1
    assert [a.filename for a in newest_signal().attachments] == ["klein.jpg"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ([(photo(6 * MB), "scan.jpg")], ["Het bestand scan.jpg is groter dan 5 MB."]),
        ([(photo(5 * MB + 1), "net-te-groot.jpg")], ["net-te-groot.jpg is groter dan 5 MB"]),
        ([(JPEG, f"{n}.jpg") for n in range(4)], ["maximaal 3 bestanden"]),
        (
            [(JPEG, "a.jpg"), (PDF, "b.pdf"), (JPEG, "c.jpg"), (photo(7 * MB), "d.jpg")],
            ["maximaal 3 bestanden", "Het bestand d.jpg is groter dan 5 MB."],
        ),
    ],
)
@pytest.mark.parametrize("role", ["member", "partner"])
def test_a_file_too_big_or_too_many_files_are_named_and_nothing_is_stored(
    client, login_as, theme, role, files, expected
):
    login_as(role, locale="nl")
    before = stored_files()
    data = {"body": BODY, "theme": theme.id, "district": "oost", "may_contact": "y"}
    response = post_signal(client, {**data, "attachments": [upload(*f) for f in files]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="attachments-error"' in page
    for text in expected:
        assert text in page
    assert_kept(page, theme)
    assert_nothing_stored(before)


def test_staff_keep_whom_they_report_for(client, login_as, theme):
    login_as("staff", locale="nl")
    before = stored_files()
    response = post_signal(
        client,
        {
            "body": BODY,
            "theme": theme.id,
            "source": "meeting",
            "on_behalf_name": "Hodan",
            "on_behalf_locale": "so",
            "on_behalf_channel": "none",
            "attachments": upload(photo(6 * MB), "verslag.jpg"),
        },
    )
    page = response.get_data(as_text=True)
    assert "Het bestand verslag.jpg is groter dan 5 MB." in page
    assert 'value="Hodan"' in page
    assert '<option selected value="so">' in page
    assert_nothing_stored(before)


def test_a_file_of_exactly_5_mb_is_fine(client, login_as, theme):
    login_as("member")
    response = post_signal(
        client, {"body": BODY, "theme": theme.id, "attachments": upload(photo(5 * MB), "a.jpg")}
    )
    assert response.status_code == 303
    assert newest_signal().attachments[0].size == 5 * MB


# --- bodies beyond the limits -------------------------------------------------------------


def test_a_body_beyond_the_forms_limit_is_a_413_page_that_says_nothing_was_sent(
    client, login_as, theme
):
    login_as("member", locale="nl")
    before = stored_files()
    response = post_signal(
        client,
        {
            "body": BODY,
            "theme": theme.id,
            "attachments": upload(photo(MAX_SIGNAL_REQUEST), "video.jpg"),
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Je bestanden zijn te groot" in page
    assert "Er is niets verstuurd." in page
    assert "terugknop" in page
    assert_nothing_stored(before)


def test_other_pages_keep_the_general_413_message(client, login_as, app):
    login_as("member", locale="nl")
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post_form("/account", {"display_name": big})
    assert response.status_code == 413
    assert "Je bestanden zijn te groot" not in response.get_data(as_text=True)


def test_signed_out_visitors_keep_the_app_wide_limit(client, theme):
    response = client.post(
        "/signals/new",
        data={"body": BODY, "theme": theme.id, "attachments": upload(photo(17 * MB), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert signal_count() == 0


def test_the_larger_limit_still_needs_a_valid_csrf_token(client, login_as, theme):
    login_as("member", locale="nl")
    response = client.post(
        "/signals/new",
        data={"body": BODY, "theme": theme.id, "attachments": upload(photo(17 * MB), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Deze pagina stond te lang open" in response.get_data(as_text=True)
    assert signal_count() == 0


def test_text_fields_keep_their_memory_limit(client, login_as, theme, app):
    """Only files may be large; they go to temporary files, text is held in memory."""
    login_as("member")
    text = "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)
    response = post_signal(client, {"body": text, "theme": theme.id})
    assert response.status_code == 413
    assert signal_count() == 0


# --- the rate limit -----------------------------------------------------------------------


def send_many(client, count: int) -> list[int]:
    """POST the form `count` times, as fast as a script would: each one counts."""
    token = client.csrf_token()
    data = {"csrf_token": token, "body": "", "theme": ""}
    return [client.post("/signals/new", data=data).status_code for _ in range(count)]


def test_a_member_who_keeps_sending_gets_the_429_page_and_nothing_is_stored(
    client, login_as, theme
):
    login_as("member")
    assert send_many(client, PER_HOUR) == [200] * PER_HOUR
    before = stored_files()
    response = post_signal(
        client, {"body": BODY, "theme": theme.id, "attachments": upload(JPEG, "a.jpg")}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert_nothing_stored(before)


def test_the_limit_is_per_person_not_per_address(client, login_as, theme):
    login_as("partner")
    assert send_many(client, PER_HOUR + 1)[-1] == 429
    login_as("partner")  # a colleague on the same network (every test request is 127.0.0.1)
    response = post_signal(client, {"body": BODY, "theme": theme.id})
    assert response.status_code == 303
    assert signal_count() == 1


def test_staff_typing_up_a_meeting_are_not_stopped(client, login_as, theme):
    login_as("staff")
    statuses = send_many(client, PER_HOUR + 5)
    assert 429 not in statuses
