"""A survey in use by an opened round is not changed: edits go into a new version."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.core.uploads import upload_exists
from stem.surveys.builder import services
from stem.surveys.builder.versions import BuilderError, is_locked, latest_version
from stem.surveys.models import OptionTranslation, QuestionAudio, Round, Survey
from tests import factories
from tests.surveys.answering_helpers import invite
from tests.surveys.builder_helpers import MP3, errors, family, fresh, nl, sign_in_staff


@pytest.fixture
def in_use():
    """A ready survey that the (open) round of 2026-10 uses, and the planned round of 2026-12."""
    survey = factories.create_survey(kinds=("smiley5", "single", "long_text"))
    factories.create_round(survey, period="2026-10", status="open")
    factories.create_round(survey, period="2026-12", status="planned")
    return survey


def _round(period: str) -> Round:
    db.session.expire_all()
    return db.session.scalar(sa.select(Round).where(Round.period == period))


@pytest.mark.parametrize(
    ("status", "locked"), [("planned", False), ("open", True), ("closed", True)]
)
def test_locked_once_a_round_opened(status, locked):
    survey = factories.create_survey()
    assert is_locked(survey) is False
    factories.create_round(survey, status=status)
    assert is_locked(survey) is locked


def test_editing_a_question_of_a_survey_in_use_makes_a_new_version(client, login_as, in_use):
    question = in_use.questions[1]
    theme = factories.create_theme()
    commitment = factories.create_commitment()
    question.theme = theme
    question.commitments = [commitment]
    question.options[0].translations.append(OptionTranslation(locale="ti", label="ምርጫ ሀ"))
    db.session.flush()
    sign_in_staff(login_as)
    url = f"/staff/surveys/{in_use.id}/questions/{question.id}"
    data = {
        "kind": "single",
        "text": "Waar heb je Nederlands geleerd?",
        "required": "y",
        "theme": str(theme.id),
        "commitments": [str(commitment.id)],
    }
    response = client.post_form(url, data)
    assert response.status_code == 303
    old, new = family(in_use)
    assert (old.version, new.version) == (1, 2)
    assert new.family_id == old.family_id == in_use.id
    assert response.headers["Location"].endswith(
        f"/staff/surveys/{new.id}#question-{new.questions[1].id}"
    )
    # The edit is in the new version only; the old one is as it was.
    assert nl(new.questions[1]) == "Waar heb je Nederlands geleerd?"
    assert nl(old.questions[1]) == "Vraag 2 (single)?"
    # Everything else came along: keys, options, translations, theme, commitments.
    assert [q.key for q in new.questions] == [q.key for q in old.questions]
    assert [q.id for q in new.questions] != [q.id for q in old.questions]
    assert [o.value for o in new.questions[1].options] == ["a", "b", "c"]
    assert {r.locale for r in new.questions[1].options[0].translations} == {"nl", "ti"}
    assert {r.locale for r in new.translations} == {"nl", "en"}
    assert new.questions[1].theme_id == theme.id
    assert [c.id for c in new.questions[1].commitments] == [commitment.id]
    assert (new.status, new.anonymous) == (old.status, old.anonymous)
    # The open round keeps its version; the planned round switches.
    assert _round("2026-10").survey_id == old.id
    assert _round("2026-12").survey_id == new.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Daarom staat je wijziging in een nieuwe versie: versie 2." in page
    assert "De geplande rondes (2026-12) gebruiken nu de nieuwe versie." in page
    assert latest_version(old).id == new.id


def test_the_second_edit_goes_into_the_same_new_version(client, login_as, in_use):
    sign_in_staff(login_as)
    question = in_use.questions[2]
    url = f"/staff/surveys/{in_use.id}/questions/{question.id}"
    client.post_form(url, {"kind": "long_text", "text": "Wat kan beter?", "theme": "0"})
    _old, new = family(in_use)
    again = new.questions[2]
    url = f"/staff/surveys/{new.id}/questions/{again.id}"
    client.post_form(url, {"kind": "long_text", "text": "Wat kan er beter?", "theme": "0"})
    assert len(family(in_use)) == 2
    assert nl(fresh(Survey, new.id).questions[2]) == "Wat kan er beter?"


def test_editing_an_old_version_is_refused_when_a_newer_one_exists(client, login_as, in_use):
    sign_in_staff(login_as)
    question = in_use.questions[2]
    url = f"/staff/surveys/{in_use.id}/questions/{question.id}"
    client.post_form(url, {"kind": "long_text", "text": "Eerste wijziging", "theme": "0"})
    response = client.post_form(
        url, {"kind": "long_text", "text": "Tweede wijziging", "theme": "0"}
    )
    assert response.status_code == 200
    assert "Er is al een nieuwere versie van deze vragenlijst (versie 2)." in " ".join(
        errors(response.get_data(as_text=True))
    )
    old, new = family(in_use)
    assert nl(old.questions[2]) == "Vraag 3 (long_text)?"
    assert nl(new.questions[2]) == "Eerste wijziging"
    page = client.get(f"/staff/surveys/{old.id}").get_data(as_text=True)
    assert "Dit is een oude versie." in page


@pytest.mark.parametrize(
    "action",
    ["add_question", "delete_question", "move_question", "add_option", "move_option"],
)
def test_every_kind_of_edit_lands_in_a_new_version(client, login_as, in_use, action):
    sign_in_staff(login_as)
    single = in_use.questions[1]
    base = f"/staff/surveys/{in_use.id}"
    keys = [q.key for q in in_use.questions]
    options = [o.value for o in single.options]
    if action == "add_question":
        client.post_form(f"{base}/questions/new", {"kind": "yesno", "text": "Nieuw?", "theme": "0"})
    elif action == "delete_question":
        client.post_form(f"{base}/questions/{single.id}/delete")
    elif action == "move_question":
        client.post_form(f"{base}/questions/{single.id}/move", {"direction": "up"})
    elif action == "add_option":
        client.post_form(f"{base}/questions/{single.id}/options", {"label": "Keuze D"})
    else:
        option = single.options[2]
        client.post_form(
            f"{base}/questions/{single.id}/options/{option.id}/move", {"direction": "up"}
        )
    old, new = family(in_use)
    assert [q.key for q in old.questions] == keys  # the old version is untouched
    assert [o.value for o in old.questions[1].options] == options
    expected = {
        "add_question": lambda: len(new.questions) == 4,
        "delete_question": lambda: [q.key for q in new.questions] == [keys[0], keys[2]],
        "move_question": lambda: [q.key for q in new.questions] == [keys[1], keys[0], keys[2]],
        "add_option": lambda: [o.value for o in new.questions[1].options][-1] == "keuze-d",
        "move_option": lambda: [o.value for o in new.questions[1].options] == ["a", "c", "b"],
    }
    assert expected[action]()


def test_nothing_changed_makes_no_new_version(client, login_as, in_use):
    sign_in_staff(login_as)
    base = f"/staff/surveys/{in_use.id}"
    client.post_form(f"{base}/questions/{in_use.questions[0].id}/move", {"direction": "up"})
    client.post_form(f"{base}/translations/ar", {})
    assert len(family(in_use)) == 1


def test_audio_and_translations_land_in_the_open_rounds_version(client, login_as, in_use, app):
    """A clip or a translation changes no answer's meaning: the open round gets it now."""
    sign_in_staff(login_as)
    question = in_use.questions[0]
    base = f"/staff/surveys/{in_use.id}"
    page = client.get(f"{base}/questions/{question.id}/audio").get_data(as_text=True)
    assert "Opnames en vertalingen gaan meteen mee in de ronde die nu open is." in page
    response = client.post_form(
        f"{base}/questions/{question.id}/audio/ar",
        {"clip": (io.BytesIO(MP3), "a.mp3")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    client.post_form(f"{base}/translations/uk", {"s_title": "Раунд"})
    (survey,) = family(in_use)  # no new version
    (clip,) = survey.questions[0].audio
    assert clip.locale == "ar"
    assert any(r.locale == "uk" and r.title == "Раунд" for r in survey.translations)
    assert _round("2026-10").survey_id == survey.id
    # The open round's question page plays the clip at once, without preloading it.
    token, _member = invite(_round("2026-10"), locale="ar")
    page = app.test_client().get(f"/r/{token}/1").get_data(as_text=True)
    assert 'lang="ar"' in page
    assert f'src="/audio/{clip.id}?v={clip.sha256[:12]}"' in page
    assert 'preload="none"' in page


def test_audio_and_translations_made_on_a_newer_version_reach_the_open_round(
    client, login_as, in_use
):
    """Next month's version exists already: what fits the open round's questions goes there too."""
    sign_in_staff(login_as)
    base = f"/staff/surveys/{in_use.id}"
    # A structural edit (December) and a new Dutch wording of question 2 make version 2.
    client.post_form(f"{base}/questions/{in_use.questions[2].id}/move", {"direction": "up"})
    old, new = family(in_use)
    same = next(q for q in new.questions if q.key == in_use.questions[0].key)
    reworded = next(q for q in new.questions if q.key == in_use.questions[1].key)
    client.post_form(
        f"/staff/surveys/{new.id}/questions/{reworded.id}",
        {"kind": "single", "text": "Andere woorden?", "required": "y", "theme": "0"},
    )
    for question in (same, reworded):
        client.post_form(
            f"/staff/surveys/{new.id}/questions/{question.id}/audio/ti",
            {"clip": (io.BytesIO(MP3), "ti.mp3")},
            content_type="multipart/form-data",
        )
    client.post_form(f"/staff/surveys/{new.id}/translations/uk", {"s_title": "Раунд"})
    old, new = family(in_use)
    assert len(family(in_use)) == 2
    by_key = {q.key: q for q in old.questions}
    (clip,) = by_key[same.key].audio  # the open round's question reads the same: it gets it
    assert clip.locale == "ti"
    assert upload_exists(clip.storage_key)
    assert by_key[reworded.key].audio == []  # it reads differently there: not that clip
    assert {len(q.audio) for q in new.questions if q.key in (same.key, reworded.key)} == {1}
    assert any(r.locale == "uk" and r.title == "Раунд" for r in old.translations)
    assert _round("2026-10").survey_id == old.id


def test_audio_is_copied_into_the_new_version(client, login_as, in_use, app):
    sign_in_staff(login_as)
    question = in_use.questions[0]
    url = f"/staff/surveys/{in_use.id}/questions/{question.id}/audio/ar"
    client.post_form(url, {"clip": (io.BytesIO(MP3), "a.mp3")}, content_type="multipart/form-data")
    (clip,) = in_use.questions[0].audio
    # A structural edit makes version 2, with a copied file under its own key.
    client.post_form(
        f"/staff/surveys/{in_use.id}/questions/{in_use.questions[1].id}/move", {"direction": "up"}
    )
    versions = family(in_use)
    assert len(versions) == 2
    copied = next(q for q in versions[1].questions if q.key == question.key).audio[0]
    assert copied.storage_key != clip.storage_key
    assert (copied.sha256, copied.content_type, copied.locale) == (clip.sha256, "audio/mpeg", "ar")
    assert upload_exists(copied.storage_key)
    assert upload_exists(clip.storage_key)
    # Deleting the clip of version 2 leaves version 1's file alone.
    copy_question = next(q for q in versions[1].questions if q.key == question.key)
    client.post_form(
        f"/staff/surveys/{versions[1].id}/questions/{copy_question.id}/audio/ar/delete"
    )
    assert not upload_exists(copied.storage_key)
    assert upload_exists(clip.storage_key)
    assert db.session.get(QuestionAudio, clip.id) is not None


def test_anonymity_is_fixed_once_a_round_opened(client, login_as, in_use):
    sign_in_staff(login_as)
    url = f"/staff/surveys/{in_use.id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="anonymity"' not in page
    assert "Dit ligt vast" in page
    response = client.post_form(
        url,
        {"name": "Nieuwe naam", "title": nl(in_use), "anonymity": "named", "status": "archived"},
    )
    assert response.status_code == 303
    survey = fresh(Survey, in_use.id)
    assert survey.anonymous is True
    # Name and status are for staff only: changed in place, no new version.
    assert (survey.name, survey.status) == ("Nieuwe naam", "archived")
    assert len(family(in_use)) == 1
    with pytest.raises(BuilderError, match="anoniem of op naam"):
        services.update_survey(
            survey, None, name="x", title="Ronde", intro="", anonymous=False, status="ready"
        )


def test_a_failed_edit_leaves_no_new_version(in_use):
    question = in_use.questions[0]
    with pytest.raises(BuilderError):
        services.update_question(question, None, kind="essay", text="Hoe gaat het?")
    assert len(family(in_use)) == 1
    assert _round("2026-12").survey_id == in_use.id


def test_title_change_on_a_survey_in_use_makes_a_new_version(client, login_as, in_use):
    sign_in_staff(login_as)
    client.post_form(
        f"/staff/surveys/{in_use.id}/settings",
        {"name": in_use.name, "title": "Nieuwe titel", "anonymity": "anonymous", "status": "ready"},
    )
    old, new = family(in_use)
    assert nl(new) == "Nieuwe titel"
    assert next(r for r in new.translations if r.locale == "en").reviewed is False


def test_copy_of_a_survey_in_use_is_unlocked_and_its_own_family(client, login_as, in_use):
    sign_in_staff(login_as)
    client.post_form(f"/staff/surveys/{in_use.id}/copy")
    copy = db.session.scalar(sa.select(Survey).where(Survey.family_id != in_use.family_id))
    assert not is_locked(copy)
    assert not {q.key for q in copy.questions} & {q.key for q in in_use.questions}
    assert _round("2026-12").survey_id == in_use.id  # planned rounds stay with the original
