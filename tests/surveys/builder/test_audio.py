"""Audio clips per question and language: checked by content, stored outside static/, served well."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.core.uploads import UploadError, upload_root
from stem.surveys.builder.audio import audio_url, upload_message
from stem.surveys.models import QuestionAudio
from tests import factories
from tests.surveys.builder_helpers import M4A, MP3, MP3_FRAME, OGG, PNG, errors, sign_in_staff


def _upload(client, question, locale, data: bytes, filename: str):
    url = f"/staff/surveys/{question.survey_id}/questions/{question.id}/audio/{locale}"
    return client.post_form(
        url, {"clip": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def _clips() -> list[QuestionAudio]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(QuestionAudio).order_by(QuestionAudio.id)))


def _stored_files() -> set[str]:
    return {p.name for p in Path(upload_root()).rglob("*") if p.is_file()}


@pytest.fixture
def question():
    return factories.create_survey(kinds=("smiley5",)).questions[0]


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        (MP3, "vraag1.mp3", "audio/mpeg"),
        (MP3_FRAME, "opname.MP3", "audio/mpeg"),
        (OGG, "vraag1.ogg", "audio/ogg"),
        (M4A, "iphone-opname.m4a", "audio/mp4"),
        (OGG, "named-wrong.mp3", "audio/ogg"),  # the content decides, not the name
    ],
)
def test_audio_is_stored_by_its_content(client, login_as, question, data, filename, content_type):
    user = sign_in_staff(login_as)
    response = _upload(client, question, "ti", data, filename)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/staff/surveys/{question.survey_id}/questions/{question.id}/audio#audio-ti"
    )
    (clip,) = _clips()
    assert (clip.locale, clip.content_type, clip.size) == ("ti", content_type, len(data))
    assert clip.uploaded_by_id == user.id
    assert clip.storage_key in _stored_files()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De opname is opgeslagen." in page
    assert f'src="/audio/{clip.id}?v={clip.sha256[:12]}"' in page


def test_audio_is_served_publicly_with_type_ranges_and_cache_headers(
    client, login_as, question, app
):
    sign_in_staff(login_as)
    _upload(client, question, "so", MP3, "vraag.mp3")
    (clip,) = _clips()
    with app.test_request_context():
        url = audio_url(clip)
    client.post_form("/sign-out")
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.data == MP3
    assert response.headers["Content-Type"] == "audio/mpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response.headers["Content-Disposition"].startswith("inline")
    partial = anonymous.get(url, headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206
    assert partial.data == MP3[:10]
    assert partial.headers["Content-Range"] == f"bytes 0-9/{len(MP3)}"
    # Without the fingerprint a phone asks again, and gets a cheap 304 when nothing changed.
    plain = anonymous.get(f"/audio/{clip.id}")
    assert plain.headers["Cache-Control"] == "private, no-cache"
    again = anonymous.get(f"/audio/{clip.id}", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_signed_in_members_may_keep_the_clip_too(client, login_as, question):
    sign_in_staff(login_as)
    _upload(client, question, "ar", OGG, "vraag.ogg")
    (clip,) = _clips()
    login_as("member")
    response = client.get(f"/audio/{clip.id}?v={clip.sha256[:12]}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    # Pages stay uncached for signed-in users.
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_a_png_called_mp3_is_refused_and_nothing_is_stored(client, login_as, question):
    sign_in_staff(login_as)
    before = _stored_files()
    response = _upload(client, question, "nl", PNG, "vraag.mp3")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert errors(html) == ["Dit bestand is geen mp3-, ogg- of m4a-geluid. Kies een ander bestand."]
    assert 'id="clip-nl"' in html
    assert 'aria-invalid="true"' in html
    assert _clips() == []
    assert _stored_files() == before


def test_empty_and_too_big_uploads_are_refused(client, login_as, question, app):
    sign_in_staff(login_as)
    response = _upload(client, question, "nl", b"", "leeg.mp3")
    assert errors(response.get_data(as_text=True)) == ["Kies een geluidsbestand."]
    url = f"/staff/surveys/{question.survey_id}/questions/{question.id}/audio/nl"
    response = client.post_form(url, {}, content_type="multipart/form-data")
    assert errors(response.get_data(as_text=True)) == ["Kies een geluidsbestand."]
    limit = app.config["AUDIO_MAX_BYTES"]
    assert limit == 3 * 1024 * 1024
    app.config["AUDIO_MAX_BYTES"] = 1000
    try:
        response = _upload(client, question, "nl", MP3, "lang.mp3")
    finally:
        app.config["AUDIO_MAX_BYTES"] = limit
    (message,) = errors(response.get_data(as_text=True))
    assert message.startswith("Het bestand is te groot. Kies een opname van maximaal ")
    assert _clips() == []
    with app.test_request_context():
        assert upload_message(UploadError("too_big")) == (
            "Het bestand is te groot. Kies een opname van maximaal 3 MB."
        )


def test_replace_gives_a_new_url_and_removes_the_old_file(client, login_as, question, app):
    sign_in_staff(login_as)
    _upload(client, question, "uk", MP3, "eerste.mp3")
    (first,) = _clips()
    with app.test_request_context():
        old_url, old_key = audio_url(first), first.storage_key
    assert _upload(client, question, "uk", OGG, "tweede.ogg").status_code == 303
    (second,) = _clips()
    with app.test_request_context():
        new_url = audio_url(second)
    assert new_url != old_url  # the fingerprint changed, whatever the id
    assert second.content_type == "audio/ogg"
    assert old_key not in _stored_files()
    assert client.get(new_url).data == OGG
    # A phone that kept the old URL is not told to keep what it gets now for a year.
    stale = client.get(old_url)
    assert stale.status_code == 404 or stale.headers["Cache-Control"] == "private, no-cache"


def test_delete_removes_row_and_file(client, login_as, question):
    sign_in_staff(login_as)
    _upload(client, question, "fa_AF", M4A, "dari.m4a")
    (clip,) = _clips()
    url = f"/staff/surveys/{question.survey_id}/questions/{question.id}/audio/fa_AF/delete"
    assert client.post_form(url).status_code == 303
    assert _clips() == []
    assert clip.storage_key not in _stored_files()
    assert client.get(f"/audio/{clip.id}").status_code == 404
    assert client.post_form(url).status_code == 303  # twice: nothing to do, no error


def test_unknown_ids_locales_and_other_surveys_questions_are_not_found(client, login_as, question):
    other = factories.create_survey(kinds=("yesno",)).questions[0]
    sign_in_staff(login_as)
    assert client.get("/audio/987654").status_code == 404
    assert _upload(client, question, "xx", MP3, "a.mp3").status_code == 404
    wrong = f"/staff/surveys/{question.survey_id}/questions/{other.id}/audio"
    assert client.get(wrong).status_code == 404
    response = client.post_form(
        f"{wrong}/nl", {"clip": (io.BytesIO(MP3), "a.mp3")}, content_type="multipart/form-data"
    )
    assert response.status_code == 404
    assert _clips() == []


def test_audio_page_lists_every_language(client, login_as, question):
    sign_in_staff(login_as)
    _upload(client, question, "ar", MP3, "a.mp3")
    html = client.get(
        f"/staff/surveys/{question.survey_id}/questions/{question.id}/audio"
    ).get_data(as_text=True)
    assert html.count('enctype="multipart/form-data"') == 8
    assert html.count("<audio ") == 1
    assert "Opname verwijderen: العربية" in html


def test_survey_page_lists_languages_without_a_recording_tigrinya_and_somali_first(
    client, login_as
):
    import re

    survey = factories.create_survey(kinds=("smiley5", "yesno"))
    sign_in_staff(login_as)
    for locale in ("nl", "ar", "ti"):
        _upload(client, survey.questions[0], locale, MP3, "vraag.mp3")
    page = client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True)
    listing = re.search(r'<ul[^>]*id="missing-recordings">(.*?)</ul>', page, re.S).group(1)
    languages = re.findall(r'<li><span lang="([^"]+)"', listing)
    assert languages == ["ti", "so", "nl", "en", "ar", "fa-AF", "tr", "uk"]
    counts = dict(re.findall(r'<li><span lang="([^"]+)"[^>]*>[^<]*</span>: (\d) van de 2', listing))
    assert counts == {"ti": "1", "so": "2", "nl": "1", "en": "2", "ar": "1", "fa-AF": "2",
                      "tr": "2", "uk": "2"}
    assert listing.count("Geen telefoon kan deze taal voorlezen") == 2
