"""Translations: one row per item and language, missing/unreviewed/reviewed at a glance."""

from __future__ import annotations

import re

from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.surveys.builder.translations import MISSING, REVIEWED, UNREVIEWED, items, overview
from stem.surveys.models import OptionTranslation, Question, QuestionTranslation, Survey
from tests import factories
from tests.surveys.builder_helpers import errors, fresh, sign_in_staff


def _rows(owner) -> dict[str, object]:
    return {row.locale: row for row in owner.translations}


def _form_for(client, survey, locale) -> dict[str, str]:
    """The translation form as the page fills it in (text fields and ticked boxes)."""
    html = client.get(f"/staff/surveys/{survey.id}/translations/{locale}").get_data(as_text=True)
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name != "csrf_token" and not name.endswith("_reviewed"):
            data[name] = value
    for name in re.findall(r'<textarea[^>]*name="([^"]+)"', html):
        match = re.search(rf'name="{name}"[^>]*>\r?\n?(.*?)</textarea>', html, re.S)
        data[name] = match.group(1)
    for name in re.findall(r'<input[^>]*checked[^>]*name="([^"]+_reviewed)"', html):
        data[name] = "y"
    for name in re.findall(r'<input[^>]*name="([^"]+_reviewed)"[^>]*checked', html):
        data[name] = "y"
    return data


def test_status_per_item_and_language():
    survey = factories.create_survey(kinds=("yesno",))
    question = survey.questions[0]
    question.translations[0].hint = "Een toelichting"  # Dutch has a hint now: en lacks it
    question.translations.append(QuestionTranslation(locale="ar", text="سؤال", hint="شرح"))
    question.translations.append(QuestionTranslation(locale="tr", text="Soru", reviewed=True))
    db.session.flush()
    grid = overview(survey)
    statuses = {item.prefix: s for item, s in grid.rows}
    assert statuses["s"]["nl"] == REVIEWED
    assert statuses["s"]["en"] == REVIEWED
    assert statuses["s"]["ar"] == MISSING
    q = statuses[f"q{question.id}"]
    assert (q["nl"], q["en"], q["ar"], q["tr"]) == (REVIEWED, MISSING, UNREVIEWED, MISSING)
    assert grid.counts["nl"] == {MISSING: 0, UNREVIEWED: 0, REVIEWED: 4}
    assert grid.complete_locales == ["nl"]


def test_grid_page_says_status_in_words(client, login_as):
    survey = factories.create_survey(kinds=("yesno",))
    survey.questions[0].translations.append(QuestionTranslation(locale="uk", text="Питання"))
    db.session.flush()
    sign_in_staff(login_as)
    html = client.get(f"/staff/surveys/{survey.id}/translations").get_data(as_text=True)
    for word in ("ontbreekt", "niet gecontroleerd", "gecontroleerd"):
        assert f">{word}</span>" in html
    for code in LOCALE_CODES:
        assert f"/staff/surveys/{survey.id}/translations/{code}" in html
    # 4 items (title, question, 2 options) x 8 languages, one status each.
    assert len(re.findall(r'class="stem-badge stem-badge--(ok|warning|error)"', html)) == 32


def test_per_language_page_shows_dutch_beside_and_saves_rows(client, login_as):
    survey = factories.create_survey(kinds=("single",))
    question = survey.questions[0]
    option = question.options[0]
    question.translations[0].hint = "Kies er een."
    db.session.flush()
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/translations/ar"
    html = client.get(url).get_data(as_text=True)
    assert '<dd class="stem-dl__value" lang="nl" dir="ltr">Vraag 1 (single)?</dd>' in html
    assert 'lang="ar"' in html
    data = _form_for(client, survey, "ar")
    data.update(
        {
            "s_title": "جولة",
            f"q{question.id}_text": "أين تعلمت اللغة؟",
            f"q{question.id}_hint": "اختر واحدة.",
            f"q{question.id}_reviewed": "y",
            f"o{option.id}_label": "الخيار أ",
        }
    )
    response = client.post_form(url, data)
    assert response.status_code == 303
    survey = fresh(Survey, survey.id)
    ar = _rows(survey.questions[0])["ar"]
    assert (ar.text, ar.hint, ar.reviewed) == ("أين تعلمت اللغة؟", "اختر واحدة.", True)
    assert _rows(survey)["ar"].title == "جولة"
    assert not _rows(survey)["ar"].reviewed
    assert _rows(survey.questions[0].options[0])["ar"].label == "الخيار أ"
    assert "ar" not in _rows(survey.questions[0].options[1])
    assert survey.version == 1  # not in use: no new version


def test_clearing_a_translation_removes_it_and_members_see_dutch(client, login_as):
    survey = factories.create_survey(kinds=("yesno",))
    question = survey.questions[0]
    sign_in_staff(login_as)
    data = _form_for(client, survey, "en")
    assert data[f"q{question.id}_text"] == "Question 1 (yesno)?"
    data[f"q{question.id}_text"] = ""
    assert client.post_form(f"/staff/surveys/{survey.id}/translations/en", data).status_code == 303
    assert "en" not in _rows(fresh(Question, question.id))


def test_hint_without_question_and_overlong_texts_are_refused(client, login_as):
    survey = factories.create_survey(kinds=("yesno",))
    question = survey.questions[0]
    question.translations[0].hint = "Toelichting"
    db.session.flush()
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/translations/tr"
    data = _form_for(client, survey, "tr")
    data[f"q{question.id}_hint"] = "Açıklama"
    response = client.post_form(url, data)
    assert "Vul ook deze tekst in, of maak de andere teksten hiervan leeg." in errors(
        response.get_data(as_text=True)
    )
    data[f"q{question.id}_text"] = "x" * 1001
    response = client.post_form(url, data)
    assert "Gebruik maximaal 1000 tekens." in errors(response.get_data(as_text=True))
    assert "tr" not in _rows(fresh(Question, question.id))


def test_dutch_is_required_and_changing_it_marks_translations_unreviewed(client, login_as):
    survey = factories.create_survey(kinds=("yesno",))
    question = survey.questions[0]
    option = question.options[0]
    option.translations.append(OptionTranslation(locale="so", label="Haa", reviewed=True))
    db.session.flush()
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/translations/nl"
    data = _form_for(client, survey, "nl")
    data[f"q{question.id}_text"] = ""
    response = client.post_form(url, data)
    assert "Vul de Nederlandse tekst in." in errors(response.get_data(as_text=True))
    data = _form_for(client, survey, "nl")
    data[f"q{question.id}_text"] = "Ben je tevreden over het Welkomhuis?"
    data[f"o{option.id}_label"] = "Ja, zeker"
    assert client.post_form(url, data).status_code == 303
    question = fresh(Question, question.id)
    assert _rows(question)["nl"].text == "Ben je tevreden over het Welkomhuis?"
    assert _rows(question)["en"].reviewed is False  # the English must be checked again
    assert _rows(question.options[0])["so"].reviewed is False
    assert _rows(fresh(Survey, survey.id))["en"].reviewed is True  # title unchanged


def test_question_form_change_of_dutch_marks_translations_unreviewed(client, login_as):
    survey = factories.create_survey(kinds=("long_text",))
    question = survey.questions[0]
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/questions/{question.id}"
    same = {"kind": "long_text", "text": "Vraag 1 (long_text)?", "required": "y", "theme": "0"}
    client.post_form(url, same)
    assert _rows(fresh(Question, question.id))["en"].reviewed is True  # Dutch unchanged
    client.post_form(url, {**same, "text": "Wat vond je van de taalles?"})
    assert _rows(fresh(Question, question.id))["en"].reviewed is False


def test_nothing_changed_writes_nothing(client, login_as):
    survey = factories.create_survey(kinds=("yesno",))
    sign_in_staff(login_as)
    data = _form_for(client, survey, "en")
    response = client.post_form(f"/staff/surveys/{survey.id}/translations/en", data)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Er was niets veranderd." in page


def test_no_hint_to_translate_where_dutch_has_none():
    survey = factories.create_survey(kinds=("long_text",))
    item = next(i for i in items(survey) if i.prefix.startswith("q"))
    assert [f.name for f in item.editable_fields("ar")] == ["text"]
    assert [f.name for f in item.editable_fields("nl")] == ["text", "hint"]
