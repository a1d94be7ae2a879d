"""The answering services on their own: links, saving, submitting, the survey view."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.answering import view as answer_view
from stem.surveys.answering.links import resume_key
from stem.surveys.answering.services import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    AnswerError,
    ConsentNeeded,
    MissingAnswers,
    find_link,
    first_open_question,
    progress,
    response_state,
    save_answer,
    start_named,
    submit,
)
from stem.surveys.answering.view import build_survey_view, load_survey_view, survey_view
from stem.surveys.models import Invitation, QuestionAudio, Response, SurveyTranslation
from tests.surveys.answering_helpers import invite, open_round, option_id, questions


def _view(round_):
    return load_survey_view(round_.survey_id)


def test_find_link_knows_only_real_tokens():
    round_ = open_round()
    token, member = invite(round_, locale="tr")
    link = find_link(token)
    assert link.round.id == round_.id
    assert link.user_id == member.id
    assert link.member_locale == "tr"
    assert find_link("x" * 43) is None
    assert find_link(token[:-1]) is None
    assert find_link(token + "=") is None


def test_save_and_resume_an_anonymous_response():
    round_ = open_round()
    smiley, single, text = questions(round_)
    token, _member = invite(round_)
    for _other in range(5):
        invite(round_, locale="uk")  # five Ukrainian speakers asked: a language group
    link, view = find_link(token), _view(round_)
    assert progress(link, response_state(link)) == NOT_STARTED

    save_answer(link, view.question(1), option_ids=[option_id(smiley, "5")], locale="nl")
    save_answer(link, view.question(3), text="  Goed zo  ", locale="uk")
    state = response_state(link)
    assert progress(link, state) == IN_PROGRESS
    assert state.answers[smiley.id].option_ids == {option_id(smiley, "5")}
    assert state.answers[text.id].text == "Goed zo"
    assert first_open_question(view, state) == 2
    # Only one question asked for: only that answer comes back.
    assert set(response_state(link, smiley.id).answers) == {smiley.id}

    stored = db.session.scalar(sa.select(Response))
    assert stored.resume_key_hash == resume_key(token)
    assert stored.user_id is None
    assert stored.locale == "uk"
    assert stored.started_on == date.today()

    # An empty answer removes the earlier one.
    save_answer(link, view.question(3), text="", locale="nl")
    assert text.id not in response_state(link).answers


@pytest.mark.parametrize("case", ["foreign option", "two for single", "too long"])
def test_save_refuses_what_the_question_cannot_hold(case):
    round_ = open_round()
    smiley, single, _text = questions(round_)
    token, _member = invite(round_)
    link, view = find_link(token), _view(round_)
    attempts = {
        "foreign option": (2, {"option_ids": [option_id(smiley, "1")]}),
        "two for single": (2, {"option_ids": [o.id for o in single.options[:2]]}),
        "too long": (3, {"text": "x" * 4001}),
    }
    number, given = attempts[case]
    with pytest.raises(AnswerError):
        save_answer(link, view.question(number), **given)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_submit_checks_required_questions_and_happens_once():
    round_ = open_round(kinds=("single", "single"))
    first, second = questions(round_)
    token, _member = invite(round_)
    link, view = find_link(token), _view(round_)
    save_answer(link, view.question(1), option_ids=[option_id(first, "a")])
    with pytest.raises(MissingAnswers) as missing:
        submit(link, view, "nl")
    assert missing.value.numbers == [2]
    save_answer(link, view.question(2), option_ids=[option_id(second, "c")])
    assert submit(link, view, "nl") is True
    assert submit(link, view, "nl") is False
    assert link.responded is True
    assert progress(link, response_state(link)) == DONE
    assert find_link(token).responded is True  # the link knows, from the response alone
    stored = db.session.scalar(sa.select(Response))
    # Handing in changes the response only; the key goes in a step of five or more.
    assert (stored.status, stored.resume_key_hash, stored.step) == (
        "submitted", resume_key(token), None)
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.responded is False


def test_a_language_group_of_fewer_than_five_invitees_is_stored_as_other():
    round_ = open_round(kinds=("single",))
    [question] = questions(round_)
    tokens = [invite(round_, locale="ti")[0] for _ in range(2)]
    tokens += [invite(round_, locale="ar")[0] for _ in range(5)]
    view = _view(round_)
    for token in (tokens[0], tokens[2]):
        save_answer(find_link(token), view.question(1),
                    option_ids=[option_id(question, "a")], locale=find_link(token).member_locale)
    stored = sorted(db.session.scalars(sa.select(Response.locale)))
    assert stored == ["ar", "other"]


def test_named_round_needs_consent_before_answers():
    round_ = open_round(kinds=("single",), anonymous=False)
    [single] = questions(round_)
    token, member = invite(round_)
    link, view = find_link(token), _view(round_)
    with pytest.raises(ConsentNeeded):
        save_answer(link, view.question(1), option_ids=[option_id(single, "a")])
    response_id = start_named(link, "nl")
    assert start_named(link, "nl") == response_id  # once
    response = db.session.get(Response, response_id)
    assert response.user_id == member.id
    assert response.resume_key_hash is None
    assert response.consent_id is not None
    save_answer(link, view.question(1), option_ids=[option_id(single, "a")])
    assert response_state(link).answers[single.id].option_ids == {option_id(single, "a")}


def test_start_named_is_for_named_rounds_only():
    round_ = open_round(kinds=("single",))
    token, _member = invite(round_)
    with pytest.raises(ValueError, match="anonymous"):
        start_named(find_link(token), "nl")


def test_survey_view_falls_back_to_dutch_and_counts_fallbacks():
    round_ = open_round(kinds=("smiley3",))
    view = _view(round_)
    question = view.question(1)
    assert question.text["en"].text == "Question 1 (smiley3)?"
    assert not question.text["en"].fallback
    assert question.text["ti"].fallback
    assert question.text["ti"].text == "Vraag 1 (smiley3)?"
    assert view.question(0) is None
    assert view.question(2) is None
    # Tigrinya: title, question and three faces in Dutch; English: only the faces.
    assert view.fallbacks("ti") == 5
    assert view.fallbacks("en") == 3
    assert view.fallbacks("nl") == 0


def test_survey_view_knows_each_languages_audio():
    round_ = open_round(kinds=("yesno",))
    [question] = questions(round_)
    digest = hashlib.sha256(b"clip").hexdigest()
    db.session.add(
        QuestionAudio(
            question=question,
            locale="ar",
            content_type="audio/mpeg",
            size=4,
            sha256=digest,
            storage_key="test-" + digest[:20],
        )
    )
    db.session.flush()
    view = build_survey_view(round_.survey)
    assert view.question(1).audio == {"ar": (question.audio[0].id, digest[:12], False)}


def test_survey_view_cache_is_reused_and_refreshed():
    round_ = open_round(kinds=("single",))
    stamp = round_.survey.created_at
    answer_view.forget_survey()
    first = survey_view(round_.survey_id, stamp)
    assert survey_view(round_.survey_id, stamp) is first
    # A different survey that got the same id (a rolled-back test database) is rebuilt.
    assert survey_view(round_.survey_id, "another stamp") is not first
    # Edits show after a while, or at once when the builder says so.
    title = db.session.scalar(
        sa.select(SurveyTranslation).where(
            SurveyTranslation.survey_id == round_.survey_id, SurveyTranslation.locale == "nl"
        )
    )
    title.title = "Nieuwe titel"
    db.session.flush()
    answer_view.forget_survey(round_.survey_id)
    assert survey_view(round_.survey_id, stamp).title["nl"].text == "Nieuwe titel"
