"""From open answers to a signal: it keeps the round and question, never a member."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.signals.models import Signal
from stem.surveys.results.open_answers import answer_ref
from tests import factories
from tests.surveys.results_helpers import fill, invite, question

TEXTS = [
    "De taalschool is te ver weg.",
    "Ik wacht al drie maanden op een plek.",
    "Meer les in de avond alstublieft.",
    "Goed geholpen door het Welkomhuis.",
    "De bus naar de les is duur.",
]


@pytest.fixture
def setup():
    theme = factories.create_theme()
    survey = factories.create_survey(kinds=("smiley5", "long_text"))
    text_question = question(survey, "long_text")
    text_question.theme_id = theme.id
    round_ = factories.create_round(survey)
    invite(round_, {"nl": 6}, responded=6)
    fill(round_, {text_question: [*TEXTS, "Niets te melden."]})
    return round_, text_question, theme


def answers_url(round_, q) -> str:
    return f"/staff/rounds/{round_.id}/results/questions/{q.id}/answers"


def signals() -> list[Signal]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Signal)))


def test_chosen_answers_become_one_signal_without_a_member(client, login_as, setup):
    round_, q, theme = setup
    staff = login_as("staff", locale="nl")
    page = client.get(answers_url(round_, q)).get_data(as_text=True)
    assert f'value="{answer_ref(TEXTS[1])}"' in page
    assert f'<option selected value="{theme.id}">' in page  # the question's theme is proposed
    response = client.post_form(
        answers_url(round_, q),
        {
            "answers": [answer_ref(TEXTS[2]), answer_ref(TEXTS[0])],
            "theme": theme.id,
            "action": "signal",
            "form_key": "key-1",
        },
    )
    assert response.status_code == 303
    (signal,) = signals()
    assert signal.source == "survey"
    assert signal.round_id == round_.id
    assert signal.question_id == q.id
    assert signal.theme_id == theme.id
    assert signal.body == f"{TEXTS[0]}\n\n{TEXTS[2]}"  # in text order, like the page
    assert signal.submitters == []  # nobody is linked, not even by accident
    assert signal.created_by_id == staff.id
    assert signal.organisation_id is None


def test_the_same_form_twice_makes_one_signal(client, login_as, setup):
    round_, q, theme = setup
    login_as("staff", locale="nl")
    data = {
        "answers": [answer_ref(TEXTS[3])],
        "theme": theme.id,
        "action": "signal",
        "form_key": "same-key",
    }
    client.post_form(answers_url(round_, q), data)
    client.post_form(answers_url(round_, q), data)
    assert len(signals()) == 1


@pytest.mark.parametrize(
    "answers",
    [
        [],  # nothing chosen
        ["0123456789abcdef"],  # made up
        [answer_ref("Een antwoord uit een andere ronde")],
    ],
)
def test_bad_choices_are_a_form_error(client, login_as, setup, answers):
    round_, q, theme = setup
    other = factories.create_round(round_.survey)
    fill(other, {q: ["Een antwoord uit een andere ronde"] * 6})
    login_as("staff", locale="nl")
    response = client.post_form(
        answers_url(round_, q), {"answers": answers, "theme": theme.id, "action": "signal"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Er is een probleem" in html
    assert signals() == []


def test_a_theme_must_be_chosen(client, login_as, setup):
    round_, q, _theme = setup
    login_as("staff", locale="nl")
    response = client.post_form(
        answers_url(round_, q), {"answers": [answer_ref(TEXTS[0])], "theme": 0, "action": "signal"}
    )
    assert "Kies een thema voor het signaal." in response.get_data(as_text=True)
    response = client.post_form(
        answers_url(round_, q),
        {"answers": [answer_ref(TEXTS[0])], "theme": 999999, "action": "signal"},
    )
    assert "Kies een thema voor het signaal." in response.get_data(as_text=True)
    assert signals() == []


def test_answers_of_a_small_group_cannot_be_used(client, login_as):
    theme = factories.create_theme()
    survey = factories.create_survey(kinds=("long_text",))
    round_ = factories.create_round(survey)
    q = survey.questions[0]
    fill(round_, {q: ["Alleen ik schreef dit."] + [None] * 9})
    login_as("staff", locale="nl")
    response = client.post_form(
        answers_url(round_, q),
        {"answers": [answer_ref("Alleen ik schreef dit.")], "theme": theme.id, "action": "signal"},
    )
    assert response.status_code == 200
    assert "Alleen ik schreef dit." not in response.get_data(as_text=True)
    assert signals() == []


def test_a_signal_of_answers_in_several_languages_is_not_called_dutch(client, login_as):
    theme = factories.create_theme()
    survey = factories.create_survey(kinds=("smiley5", "long_text"))
    q = question(survey, "long_text")
    round_ = factories.create_round(survey, period="2026-10")
    invite(round_, {"nl": 3, "ti": 3}, responded=6)
    tigrinya = "ናብ ቤት ትምህርቲ ቋንቋ ዝወስድ ኣውቶቡስ ክቡር እዩ።"
    fill(
        round_,
        {q: [*TEXTS[:3], tigrinya, "ትምህርቲ ምሸት ይሓይሽ።", "ሓገዝ ረኺበ።"]},
        locales=["nl", "nl", "nl", "ti", "ti", "ti"],
    )
    staff = login_as("staff", locale="nl")
    client.post_form(
        answers_url(round_, q),
        {
            "answers": [answer_ref(TEXTS[0]), answer_ref(tigrinya)],
            "theme": theme.id,
            "action": "signal",
            "form_key": "key-mixed",
        },
    )
    (signal,) = signals()
    assert signal.language == "mul"
    html = client.get(f"/staff/signals/{signal.id}").get_data(as_text=True)
    # Where it came from, with a link back to the question's answers.
    assert 'Gemaakt van open antwoorden van ronde <bdi dir="ltr">2026-10</bdi>, vraag 2.' in html
    assert f'href="{answers_url(round_, q)}"' in html
    assert 'lang="mul" dir="auto"' in html
    assert "Meerdere talen" in html
    # Nobody to reply to: said so, and no reply form.
    assert "geen indieners meer" not in html
    assert "Het heeft geen indieners, dus er is niemand om een antwoord aan te sturen." in html
    assert "Antwoord versturen" not in html
    assert f"/staff/signals/{signal.id}/reply" not in html
    assert staff.id == signal.created_by_id


def test_answers_of_one_small_language_group_do_not_name_it(setup):
    from stem.surveys.results.open_answers import quoted_language

    round_, q, _theme = setup
    assert quoted_language(round_, q, TEXTS[:2]) == "nl"  # six Dutch respondents
    assert quoted_language(round_, q, ["not an answer"]) == "und"
