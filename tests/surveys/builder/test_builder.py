"""Staff build surveys: settings, questions of every kind, options, order, copies, bad input."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale

from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.surveys.builder.options import update_option
from stem.surveys.builder.versions import copy_survey
from stem.surveys.models import (
    Option,
    OptionTranslation,
    Question,
    QuestionTranslation,
    Survey,
)
from tests import factories
from tests.surveys.builder_helpers import errors, fresh, nl, option_values, sign_in_staff


def _new_survey(client, **data):
    form = {
        "name": "Ronde december",
        "title": "Hoe gaat het?",
        "intro": "",
        "anonymity": "anonymous",
    }
    form.update(data)
    return client.post_form("/staff/surveys/new", form)


def _add_question(client, survey, **data):
    form = {
        "kind": "smiley5",
        "text": "Hoe tevreden ben je?",
        "hint": "",
        "required": "y",
        "theme": "0",
    }
    form.update(data)
    return client.post_form(f"/staff/surveys/{survey.id}/questions/new", form)


def _only_survey(name="Ronde december") -> Survey:
    return db.session.scalar(sa.select(Survey).where(Survey.name == name))


# --- access and the list -------------------------------------------------------------


def test_members_and_partners_cannot_build_surveys(client, login_as):
    survey = factories.create_survey()
    for role in ("member", "partner"):
        login_as(role)
        assert client.get("/staff/surveys").status_code == 403
        assert client.get(f"/staff/surveys/{survey.id}").status_code == 403
        response = client.post_form(f"/staff/surveys/{survey.id}/copy")
        assert response.status_code == 403


def test_list_shows_newest_version_status_anonymity_and_complete_languages(client, login_as):
    factories.create_survey(name="Welkomhuis-ronde", kinds=("yesno",))
    old = factories.create_survey(name="Oude ronde", status="archived", anonymous=False)
    sign_in_staff(login_as)
    html = client.get("/staff/surveys").get_data(as_text=True)
    assert "Welkomhuis-ronde" in html
    assert "Oude ronde" in html
    assert "Klaar voor gebruik" in html
    assert "Gearchiveerd" in html
    assert "Op naam" in html
    assert "Anoniem" in html
    # The factory writes Dutch and English for everything but the options' labels.
    assert "1 van de 8" in html
    assert old.name in html


# --- new survey and settings -------------------------------------------------------------


def test_staff_create_a_survey(client, login_as):
    user = sign_in_staff(login_as)
    response = _new_survey(client, intro="Vijf korte vragen.")
    survey = _only_survey()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/staff/surveys/{survey.id}")
    assert (survey.version, survey.status, survey.anonymous) == (1, "draft", True)
    assert survey.family_id == survey.id
    assert survey.created_by_id == user.id
    row = survey.translations[0]
    assert (row.locale, row.title, row.intro, row.reviewed) == (
        "nl",
        "Hoe gaat het?",
        "Vijf korte vragen.",
        True,
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ronde december" in page
    assert "De vragenlijst is gemaakt." in page


def test_empty_and_overlong_survey_fields_are_refused(client, login_as):
    sign_in_staff(login_as)
    response = _new_survey(client, name="", title="x" * 201)
    assert response.status_code == 200
    messages = errors(response.get_data(as_text=True))
    assert "Vul een naam in." in messages
    assert "Gebruik maximaal 200 tekens." in messages
    response = _new_survey(client, anonymity="sometimes")
    assert "Kies anoniem of op naam." in errors(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 0


def test_named_survey_and_settings_change_in_place(client, login_as):
    sign_in_staff(login_as)
    _new_survey(client, anonymity="named")
    survey = _only_survey()
    assert survey.anonymous is False
    response = client.post_form(
        f"/staff/surveys/{survey.id}/settings",
        {
            "name": "Ronde januari",
            "title": "Hoe gaat het nu?",
            "intro": "Kort.",
            "anonymity": "anonymous",
            "status": "ready",
        },
    )
    assert response.status_code == 303
    survey = fresh(Survey, survey.id)
    assert (survey.name, survey.status, survey.anonymous, survey.version) == (
        "Ronde januari",
        "ready",
        True,
        1,
    )
    assert nl(survey) == "Hoe gaat het nu?"
    response = client.post_form(
        f"/staff/surveys/{survey.id}/settings",
        {
            "name": "Ronde januari",
            "title": "Hoe gaat het nu?",
            "anonymity": "anonymous",
            "status": "published",
        },
    )
    assert "Kies een status uit de lijst." in errors(response.get_data(as_text=True))
    assert fresh(Survey, survey.id).status == "ready"


# --- questions -------------------------------------------------------------------------


def test_smiley_and_yes_no_questions_get_their_options_with_default_labels(client, login_as):
    survey = factories.create_survey(kinds=())
    sign_in_staff(login_as)
    for kind in ("smiley5", "smiley3", "yesno"):
        assert _add_question(client, survey, kind=kind).status_code == 303
    smiley5, smiley3, yesno = fresh(Survey, survey.id).questions
    assert [o.value for o in smiley5.options] == ["1", "2", "3", "4", "5"]
    assert [nl(o) for o in smiley5.options] == [
        "Heel slecht",
        "Slecht",
        "Gaat wel",
        "Goed",
        "Heel goed",
    ]
    assert [o.value for o in smiley3.options] == ["1", "2", "3"]
    assert [nl(o) for o in smiley3.options] == ["Slecht", "Gaat wel", "Goed"]
    assert [(o.value, nl(o)) for o in yesno.options] == [("yes", "Ja"), ("no", "Nee")]
    # Other languages get the label from the app's catalogs, where there is a translation.
    for option in smiley5.options + yesno.options:
        dutch = nl(option)
        for row in option.translations:
            if row.locale == "nl":
                continue
            with force_locale(row.locale):
                from flask_babel import gettext

                assert row.label == gettext(dutch) != dutch
            assert row.reviewed
    assert {r.locale for o in smiley5.options for r in o.translations} <= set(LOCALE_CODES)


def test_question_fields_theme_and_commitments_are_saved(client, login_as):
    survey = factories.create_survey(kinds=())
    theme = factories.create_theme(names={"nl": "Welkomhuis-test"})
    commitment = factories.create_commitment(code="99/T1")
    other = factories.create_commitment(code="99/T2")
    sign_in_staff(login_as)
    response = _add_question(
        client,
        survey,
        kind="long_text",
        text="Wat kan beter?",
        hint="Schrijf zoveel als je wilt.",
        required="",
        ask_contact="y",
        theme=str(theme.id),
        commitments=[str(commitment.id), str(other.id)],
    )
    assert response.status_code == 303
    question = fresh(Survey, survey.id).questions[0]
    assert (question.kind, question.required, question.ask_contact) == ("long_text", False, True)
    assert question.theme_id == theme.id
    assert {c.code for c in question.commitments} == {"99/T1", "99/T2"}
    assert question.options == []
    row = question.translations[0]
    assert (row.text, row.hint) == ("Wat kan beter?", "Schrijf zoveel als je wilt.")
    assert question.key.startswith("q-")
    page = client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True)
    assert "Welkomhuis-test" in page
    assert "99/T1" in page


def test_bad_question_input_gets_clear_messages_and_stores_nothing(client, login_as):
    survey = factories.create_survey(kinds=())
    sign_in_staff(login_as)
    cases = [
        ({"text": ""}, "Vul de vraag in."),
        ({"text": "x" * 1001}, "Gebruik maximaal 1000 tekens."),
        ({"kind": "essay"}, "Kies een soort vraag uit de lijst."),
        ({"theme": "999999"}, "Kies een thema uit de lijst."),
        ({"theme": "abc"}, "Kies een thema uit de lijst."),
        ({"commitments": ["999999"]}, "Kies toezeggingen uit de lijst."),
    ]
    for data, message in cases:
        response = _add_question(client, survey, **data)
        assert response.status_code == 200, data
        assert message in errors(response.get_data(as_text=True)), data
    assert fresh(Survey, survey.id).questions == []


def test_changing_the_kind_brings_the_options_of_the_new_kind(client, login_as):
    survey = factories.create_survey(kinds=("smiley5",))
    question = survey.questions[0]
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/questions/{question.id}"
    data = {"kind": "smiley3", "text": "Hoe was het?", "required": "y", "theme": "0"}
    assert client.post_form(url, data).status_code == 303
    assert option_values(question) == ["1", "2", "3"]
    assert client.post_form(url, {**data, "kind": "single"}).status_code == 303
    assert option_values(question) == []
    client.post_form(f"{url}/options", {"label": "De taalschool"})
    client.post_form(f"{url}/options", {"label": "Het Welkomhuis"})
    assert client.post_form(url, {**data, "kind": "multiple"}).status_code == 303
    assert option_values(question) == ["de-taalschool", "het-welkomhuis"]  # kept
    assert client.post_form(url, {**data, "kind": "short_text"}).status_code == 303
    assert option_values(question) == []
    assert nl(fresh(Question, question.id)) == "Hoe was het?"


def test_questions_move_up_and_down(client, login_as):
    survey = factories.create_survey(kinds=("smiley5", "single", "long_text"))
    first, second, third = (q.id for q in survey.questions)
    sign_in_staff(login_as)
    base = f"/staff/surveys/{survey.id}/questions"
    assert client.post_form(f"{base}/{third}/move", {"direction": "up"}).status_code == 303
    assert [q.id for q in fresh(Survey, survey.id).questions] == [first, third, second]
    client.post_form(f"{base}/{first}/move", {"direction": "up"})  # already first: nothing
    client.post_form(f"{base}/{first}/move", {"direction": "down"})
    survey = fresh(Survey, survey.id)
    assert [q.id for q in survey.questions] == [third, first, second]
    assert [q.position for q in survey.questions] == [0, 1, 2]
    assert client.post_form(f"{base}/{first}/move", {"direction": "sideways"}).status_code == 400


def test_delete_question_asks_first(client, login_as):
    survey = factories.create_survey(kinds=("smiley5", "single", "long_text"))
    first, second, third = (q.id for q in survey.questions)
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/questions/{second}/delete"
    page = client.get(url)
    assert page.status_code == 200
    assert "Weet je zeker" in page.get_data(as_text=True)
    assert len(fresh(Survey, survey.id).questions) == 3
    assert client.post_form(url).status_code == 303
    survey = fresh(Survey, survey.id)
    assert [q.id for q in survey.questions] == [first, third]
    assert [q.position for q in survey.questions] == [0, 1]
    assert client.post_form(url).status_code == 404  # twice: it is gone, nothing breaks


# --- options ---------------------------------------------------------------------------


def test_options_add_edit_reorder_delete(client, login_as):
    survey = factories.create_survey(kinds=("single",))
    question = survey.questions[0]
    a, b, c = (o.id for o in question.options)
    sign_in_staff(login_as)
    base = f"/staff/surveys/{survey.id}/questions/{question.id}/options"
    assert client.post_form(base, {"label": "Bij het buurtteam"}).status_code == 303
    assert client.post_form(base, {"label": "Bij het buurtteam"}).status_code == 303
    assert option_values(question) == ["a", "b", "c", "bij-het-buurtteam", "bij-het-buurtteam-2"]
    assert client.post_form(f"{base}/{b}", {"label": "Bij de taalschool"}).status_code == 303
    assert nl(fresh(Option, b)) == "Bij de taalschool"
    client.post_form(f"{base}/{c}/move", {"direction": "up"})
    assert [o.id for o in fresh(Question, question.id).options][:3] == [a, c, b]
    assert client.post_form(f"{base}/{a}/delete").status_code == 303
    options = fresh(Question, question.id).options
    assert [o.id for o in options][:2] == [c, b]
    assert [o.position for o in options] == list(range(len(options)))


def test_bad_option_input(client, login_as):
    survey = factories.create_survey(kinds=("single", "smiley5"))
    single, smiley = survey.questions
    sign_in_staff(login_as)
    url = f"/staff/surveys/{survey.id}/questions/{single.id}/options"
    for label, message in (
        ("", "Vul de tekst van de keuze in."),
        ("x" * 301, "Gebruik maximaal 300 tekens."),
    ):
        response = client.post_form(url, {"label": label})
        assert response.status_code == 200
        assert message in errors(response.get_data(as_text=True))
    assert option_values(single) == ["a", "b", "c"]
    # Smiley faces are fixed: their labels can change, nothing else.
    smiley_url = f"/staff/surveys/{survey.id}/questions/{smiley.id}/options"
    response = client.post_form(smiley_url, {"label": "Super"})
    assert "Bij deze soort vraag liggen de keuzes vast." in response.get_data(as_text=True)
    face = smiley.options[0]
    client.post_form(f"{smiley_url}/{face.id}/delete")
    assert len(fresh(Question, smiley.id).options) == 5
    assert client.post_form(f"{smiley_url}/{face.id}", {"label": "Heel boos"}).status_code == 303
    assert nl(fresh(Option, face.id)) == "Heel boos"


def test_tampered_ids_are_not_found(client, login_as):
    survey = factories.create_survey(kinds=("single",))
    other = factories.create_survey(kinds=("single",))
    mine, theirs = survey.questions[0], other.questions[0]
    their_option = theirs.options[0]
    sign_in_staff(login_as)
    base = f"/staff/surveys/{survey.id}/questions"
    assert client.get(f"{base}/{theirs.id}").status_code == 404
    assert (
        client.post_form(f"{base}/{theirs.id}", {"kind": "yesno", "text": "x"}).status_code == 404
    )
    assert client.post_form(f"{base}/{theirs.id}/delete").status_code == 404
    assert client.post_form(f"{base}/{theirs.id}/move", {"direction": "up"}).status_code == 404
    assert client.post_form(f"{base}/{theirs.id}/options", {"label": "x"}).status_code == 404
    assert (
        client.post_form(f"{base}/{mine.id}/options/{their_option.id}", {"label": "x"}).status_code
        == 404
    )
    assert client.post_form(f"{base}/{mine.id}/options/{their_option.id}/delete").status_code == 404
    assert client.get("/staff/surveys/999999").status_code == 404
    assert client.get(f"/staff/surveys/{survey.id}/translations/xx").status_code == 404
    assert len(fresh(Question, theirs.id).options) == 3
    assert nl(fresh(Option, their_option.id)) == "Keuze A"


# --- showing a survey in a language ------------------------------------------------------


def test_edit_page_shows_a_language_and_marks_dutch_stand_ins(client, login_as):
    survey = factories.create_survey(kinds=("yesno", "long_text"))
    yesno, text = survey.questions
    yesno.translations.append(QuestionTranslation(locale="ar", text="هل أنت راضٍ؟"))
    db.session.flush()
    sign_in_staff(login_as)
    html = client.get(f"/staff/surveys/{survey.id}?locale=ar").get_data(as_text=True)
    assert f'href="/staff/surveys/{survey.id}/preview?lang=ar"' in html  # preview as a member
    assert '<span lang="ar" dir="rtl">هل أنت راضٍ؟</span>' in html
    assert '<span lang="nl" dir="ltr">Vraag 2 (long_text)?</span> ' in html
    # The long_text question, the title and the yes/no labels are Dutch stand-ins.
    assert html.count("Nederlands: nog niet vertaald") >= 2
    dutch = client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True)
    assert "Nederlands: nog niet vertaald" not in dutch
    assert "Vraag 2 (long_text)?" in dutch


# --- copies ----------------------------------------------------------------------------


def test_copy_is_an_independent_draft_with_new_question_keys(client, login_as):
    survey = factories.create_survey(kinds=("smiley5", "single"))
    theme = factories.create_theme()
    commitment = factories.create_commitment()
    survey.questions[0].theme = theme
    survey.questions[0].commitments = [commitment]
    survey.questions[1].options[0].translations.append(
        OptionTranslation(locale="tr", label="Seçenek A")
    )
    db.session.flush()
    sign_in_staff(login_as)
    response = client.post_form(f"/staff/surveys/{survey.id}/copy")
    assert response.status_code == 303
    copy = db.session.scalar(sa.select(Survey).where(Survey.id != survey.id))
    assert response.headers["Location"].endswith(f"/staff/surveys/{copy.id}")
    assert copy.name == f"Kopie van {survey.name}"
    assert (copy.family_id, copy.version, copy.status) == (copy.id, 1, "draft")
    assert [q.kind for q in copy.questions] == ["smiley5", "single"]
    assert not {q.key for q in copy.questions} & {q.key for q in survey.questions}
    assert copy.questions[0].theme_id == theme.id
    assert [c.id for c in copy.questions[0].commitments] == [commitment.id]
    assert [nl(o) for o in copy.questions[1].options] == ["Keuze A", "Keuze B", "Keuze C"]
    assert {r.locale for r in copy.questions[1].options[0].translations} == {"nl", "tr"}
    # The copy is separate: changing it leaves the original alone.
    update_option(copy.questions[1].options[0], None, "Iets anders")
    assert nl(fresh(Survey, survey.id).questions[1].options[0]) == "Keuze A"


def test_copy_service_names_the_copy(app):
    survey = factories.create_survey(name="Basis")
    with app.test_request_context():
        copy = copy_survey(survey, None)
    assert copy.name == "Kopie van Basis"


def test_every_builder_page_parses_with_unique_ids_in_arabic(client, login_as):
    from stem.core.i18n import language
    from tests.core.test_pages import check_page

    survey = factories.create_survey(kinds=("single", "smiley5", "long_text"))
    question = survey.questions[0]
    option = question.options[0]
    login_as("staff", locale="ar")
    base = f"/staff/surveys/{survey.id}"
    paths = [
        "/staff/surveys",
        "/staff/surveys/new",
        base,
        f"{base}?locale=so",
        f"{base}/settings",
        f"{base}/questions/new",
        f"{base}/questions/{question.id}",
        f"{base}/questions/{question.id}/delete",
        f"{base}/questions/{question.id}/options/{option.id}",
        f"{base}/questions/{question.id}/options/{option.id}/delete",
        f"{base}/questions/{question.id}/audio",
        f"{base}/translations",
        f"{base}/translations/nl",
        f"{base}/translations/fa_AF",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        check_page(response.get_data(as_text=True), language("ar"))
