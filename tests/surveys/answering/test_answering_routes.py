"""A member answers a round from their link: pages, saving as they go, checking, submitting."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from stem.core.db import db
from stem.core.i18n import BY_CODE, LANGUAGE_COOKIE
from stem.surveys.models import ContactRequest, ContactWish, Invitation, Response
from stem.surveys.rounds.participation import take_steps
from tests import factories
from tests.core.test_pages import check_page
from tests.surveys.answering_helpers import (
    add_question,
    answer,
    csrf_from,
    invite,
    open_round,
    option_id,
    questions,
    responses,
    stored_answers,
    submit,
)
from tests.texts import in_language


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_start_page_in_the_members_language(client):
    round_ = open_round()
    token, _member = invite(round_)
    page = client.get(f"/r/{token}")
    html = _text(page)
    assert page.status_code == 200
    assert '<html lang="nl"' in html  # the member's language, not the client's English
    assert next(t.title for t in round_.survey.translations if t.locale == "nl") in html
    assert "Deze ronde heeft 3 vragen." in html
    assert f'href="/r/{token}/1"' in html
    assert ">Begin<" in html
    assert page.headers["Cache-Control"] == "no-store"


def test_member_language_wins_over_the_browser_but_not_over_the_switch(client):
    round_ = open_round()
    token, _member = invite(round_, locale="en")
    html = _text(client.get(f"/r/{token}/1"))
    assert '<html lang="en"' in html
    assert "Question 1 (smiley5)?" in html  # the survey's English text
    client.set_cookie(LANGUAGE_COOKIE, "ar")
    html = _text(client.get(f"/r/{token}/1"))
    assert '<html lang="ar" dir="rtl"' in html
    # No Arabic question text yet: the Dutch text, marked as Dutch for screen readers.
    assert '<span lang="nl" dir="auto">Vraag 1 (smiley5)?</span>' in html


def test_question_page_shows_progress_faces_and_buttons(client):
    round_ = open_round(kinds=("smiley5", "yesno", "short_text"))
    token, _member = invite(round_)
    html = _text(client.get(f"/r/{token}/1"))
    assert "Vraag 1 van 3" in html
    assert re.search(r'<progress[^>]*max="3"[^>]*value="1"', html)
    assert html.count('type="radio" name="answer"') == 5
    assert html.count('class="stem-face"') == 5
    for label in ("Slecht", "Niet goed", "Gaat wel", "Goed", "Heel goed"):
        assert f">{label}</span>" in html  # every face has its words
    assert 'name="go" value="next"' in html
    assert 'name="go" value="back"' in html
    assert "data-read-aloud" in html
    assert " hidden>" in html


def test_answers_are_saved_as_given_and_the_flow_moves_on(client):
    round_ = open_round()
    smiley, single, text = questions(round_)
    token, _member = invite(round_)

    response = answer(client, token, 1, {"answer": option_id(smiley, "4")})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/r/{token}/2")
    [stored] = responses(round_)
    assert stored.user_id is None
    assert stored.status == "in_progress"
    assert stored_answers(stored) == {smiley.id: (None, {option_id(smiley, "4")})}

    assert answer(client, token, 2, {"answer": option_id(single, "b")}).status_code == 303
    response = answer(client, token, 3, {"text": "  De les is te vroeg.  "})
    assert response.headers["Location"].endswith(f"/r/{token}/check")
    [stored] = responses(round_)
    assert stored_answers(stored)[text.id] == ("De les is te vroeg.", set())

    # Back on question 1, the saved face is chosen.
    html = _text(client.get(f"/r/{token}/1"))
    assert re.search(rf'value="{option_id(smiley, "4")}" checked', html)

    check = _text(client.get(f"/r/{token}/check"))
    assert "Controleer je antwoorden" in check
    assert "Goed" in check
    assert "Keuze B" in check
    assert "De les is te vroeg." in check
    assert f'href="/r/{token}/2?from=check"' in check

    done = submit(client, token)
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/r/{token}/thanks")
    assert "Bedankt!" in _text(client.get(f"/r/{token}/thanks"))
    [stored] = responses(round_)
    assert stored.status == "submitted"
    assert stored.submitted_on == date.today()
    # Handing in changed the response only; taking part is marked in a step of five.
    assert db.session.scalar(sa.select(Invitation.responded)) is False
    # The link knows it was handed in (from the response), so it goes to the thank-you page.
    assert client.get(f"/r/{token}/1").headers["Location"].endswith("/thanks")


def test_changing_an_answer_from_the_check_page_returns_there(client):
    round_ = open_round(kinds=("yesno", "single"))
    yesno, single = questions(round_)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(yesno, "yes")})
    answer(client, token, 2, {"answer": option_id(single, "a")})
    response = answer(client, token, 1, {"answer": option_id(yesno, "no")}, query="?from=check")
    assert response.headers["Location"].endswith(f"/r/{token}/check")
    [stored] = responses(round_)
    assert stored_answers(stored)[yesno.id] == (None, {option_id(yesno, "no")})


def test_back_keeps_the_answer_and_goes_to_the_previous_page(client):
    round_ = open_round(kinds=("single", "short_text"))
    single, text = questions(round_)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(single, "c")})
    response = answer(client, token, 2, {"text": "Half af", "go": "back"})
    assert response.headers["Location"].endswith(f"/r/{token}/1")
    [stored] = responses(round_)
    assert stored_answers(stored)[text.id] == ("Half af", set())
    # Back from an empty required question is fine too: nothing to keep, no error.
    response = answer(client, token, 2, {"text": "", "go": "back"})
    assert response.status_code == 303
    response = answer(client, token, 1, {"go": "back"})
    assert response.headers["Location"].endswith(f"/r/{token}")


def test_multiple_choice_keeps_every_choice(client):
    round_ = open_round(kinds=("multiple",))
    [multiple] = questions(round_)
    token, _member = invite(round_)
    chosen = [option_id(multiple, "a"), option_id(multiple, "c")]
    answer(client, token, 1, {"answer": chosen})
    [stored] = responses(round_)
    assert stored_answers(stored) == {multiple.id: (None, set(chosen))}
    html = _text(client.get(f"/r/{token}/1"))
    assert html.count('type="checkbox" name="answer"') == 3
    assert html.count(" checked") == 2


def test_continue_later_on_another_device_from_the_same_link(app, client):
    round_ = open_round()
    smiley, single, _text_q = questions(round_)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(smiley, "2")})

    other_phone = app.test_client()
    start = _text(other_phone.get(f"/r/{token}"))
    assert "Je bent al begonnen" in start
    assert f'href="/r/{token}/2"' in start
    assert ">Verder<" in start
    html = _text(other_phone.get(f"/r/{token}/1"))
    assert re.search(rf'value="{option_id(smiley, "2")}" checked', html)
    answer(other_phone, token, 2, {"answer": option_id(single, "a")})
    [stored] = responses(round_)  # one response, both answers
    assert set(stored_answers(stored)) == {smiley.id, single.id}


def test_changing_language_midway_keeps_the_answers(client):
    round_ = open_round(kinds=("single", "single"))
    first, second = questions(round_)
    token, _member = invite(round_)
    for _other in range(5):
        invite(round_, locale="ar")  # Arabic is a language group of this round
    answer(client, token, 1, {"answer": option_id(first, "b")})
    switched = client.post(
        "/language",
        data={"locale": "ar", "next": f"/r/{token}/2", "csrf_token": csrf_from(client.get("/"))},
    )
    assert switched.headers["Location"].endswith(f"/r/{token}/2")
    answer(client, token, 2, {"answer": option_id(second, "c")})
    html = _text(client.get(f"/r/{token}/1"))
    assert 'dir="rtl"' in html
    assert re.search(rf'value="{option_id(first, "b")}" checked', html)
    [stored] = responses(round_)
    assert stored.locale == "ar"
    assert len(stored_answers(stored)) == 2


def test_htmx_gets_only_the_main_block_and_the_new_url(client):
    round_ = open_round()
    token, _member = invite(round_)
    response = client.get(f"/r/{token}/2", headers={"HX-Request": "true"})
    html = _text(response)
    assert not html.lstrip().startswith("<!DOCTYPE")
    assert html.startswith("<title>Vraag 2 van 3 · De Stem</title>")
    assert "<header" not in html
    assert response.headers["HX-Push-Url"] == f"/r/{token}/2"
    assert 'hx-boost="true"' in html


def test_optional_question_may_be_skipped(client):
    round_ = open_round(kinds=("single",))
    extra = add_question(round_.survey, "short_text", required=False)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(round_.survey.questions[0], "a")})
    assert "Deze vraag mag je overslaan." in _text(client.get(f"/r/{token}/2"))
    response = answer(client, token, 2, {"text": ""})
    assert response.headers["Location"].endswith(f"/r/{token}/check")
    assert "Overgeslagen" in _text(client.get(f"/r/{token}/check"))
    assert submit(client, token).status_code == 303
    [stored] = responses(round_)
    assert extra.id not in stored_answers(stored)
    assert stored.status == "submitted"


def test_contact_opt_in_records_consent_but_no_copy_of_an_anonymous_answer(client):
    round_ = open_round(kinds=("single",))
    question = add_question(round_.survey, "long_text", ask_contact=True)
    token, member = invite(round_)
    others = [invite(round_)[0] for _ in range(4)]
    answer(client, token, 1, {"answer": option_id(round_.survey.questions[0], "a")})
    html = _text(client.get(f"/r/{token}/2"))
    assert "Mag De Stem contact met je opnemen over dit antwoord?" in html
    answer(client, token, 2, {"text": "Mijn taalles is gestopt.", "contact": "y"})
    assert 'name="contact" id="contact" value="y" checked' in _text(client.get(f"/r/{token}/2"))

    # Changing one's mind removes the wish; ticking it again brings it back.
    answer(client, token, 2, {"text": "Mijn taalles is gestopt."})
    assert db.session.scalars(sa.select(ContactWish)).all() == []
    answer(client, token, 2, {"text": "Mijn taalles is gestopt.", "contact": "y"})

    # Until a step of five respondents, the wish has no name: written with one now, it
    # would share the answer's transaction (and so its id on PostgreSQL).
    assert db.session.scalars(sa.select(ContactRequest)).all() == []
    assert [w.question_id for w in db.session.scalars(sa.select(ContactWish))] == [question.id]
    assert submit(client, token).status_code == 303
    for other in others:
        answer(client, other, 1, {"answer": option_id(round_.survey.questions[0], "b")})
        answer(client, other, 2, {"text": "Goed."})
        submit(client, other)
    assert take_steps() == 1

    [request] = db.session.scalars(sa.select(ContactRequest)).all()
    assert request.user_id == member.id
    assert request.question_id == question.id
    # A copy would match the anonymous answer's text and so unmask the whole response.
    assert request.note == ""
    assert "taalles" not in str(db.session.execute(sa.select(ContactRequest.__table__)).all())
    assert request.consent_id is not None
    consent = next(c for c in member.consents if c.id == request.consent_id)
    assert consent.purpose == "survey_contact"
    assert consent.active
    assert db.session.scalars(sa.select(ContactWish)).all() == []
    stored = responses(round_)
    assert all(r.user_id is None and r.consent_id is None for r in stored)


def test_contact_is_opt_in(client):
    round_ = open_round(kinds=("single",))
    add_question(round_.survey, "short_text", ask_contact=True)
    token, _member = invite(round_)
    answer(client, token, 2, {"text": "Iets"})
    assert db.session.scalars(sa.select(ContactRequest)).all() == []


def test_named_round_starts_with_consent_and_stores_the_member(client):
    round_ = open_round(kinds=("single",), anonymous=False)
    [single] = questions(round_)
    token, member = invite(round_)
    start = client.get(f"/r/{token}")
    assert "Bij deze ronde ziet De Stem je naam bij je antwoorden." in _text(start)
    # Without consent the question page sends the member back to the start.
    assert client.get(f"/r/{token}/1").headers["Location"].endswith(f"/r/{token}")
    refused = client.post(f"/r/{token}", data={"csrf_token": csrf_from(start)})
    assert refused.status_code == 200
    assert "Zet een vinkje als je met je naam mee wilt doen." in _text(refused)
    assert responses(round_) == []

    agreed = client.post(f"/r/{token}", data={"csrf_token": csrf_from(start), "consent": "y"})
    assert agreed.headers["Location"].endswith(f"/r/{token}/1")
    answer(client, token, 1, {"answer": option_id(single, "a")})
    submit(client, token)
    [stored] = responses(round_)
    assert stored.user_id == member.id
    assert stored.status == "submitted"
    consent = next(c for c in member.consents if c.id == stored.consent_id)
    assert consent.purpose == "survey_named"


def test_my_rounds_shows_state_and_published_summaries(client, login_as):
    from stem.core.db import utcnow
    from stem.surveys.models import RoundSummary

    member = login_as("member", locale="nl")
    november = open_round(kinds=("single",), status="closed", period="2025-11")
    november.summary_published_at = utcnow()
    db.session.add(RoundSummary(round=november, locale="nl", body="De groep wil meer taalcafés."))
    invite(november, member)
    october = open_round(kinds=("single",), status="closed", period="2025-10")
    invite(october, member)
    current = open_round(kinds=("single",), period="2025-12")
    token, _member = invite(current, member)
    db.session.commit()

    html = _text(client.get("/my/rounds"))
    check_page(html, BY_CODE["nl"])
    assert "Nog niet begonnen" in html
    assert f'href="/r/{token}"' in html
    assert "Wat De Stem zei in november 2025" in html
    assert "De groep wil meer taalcafés." in html
    assert "De samenvatting van deze ronde komt uiterlijk" in html  # October: not yet

    answer(client, token, 1, {"answer": option_id(current.survey.questions[0], "a")})
    assert "Bezig" in _text(client.get("/my/rounds"))
    submit(client, token)
    html = _text(client.get("/my/rounds"))
    assert "Klaar" in html
    assert f'href="/r/{token}"' not in html


def test_my_rounds_finds_the_named_round_in_progress(client, login_as):
    member = login_as("member", locale="nl")
    round_ = open_round(kinds=("single",), anonymous=False)
    token, _member = invite(round_, member)
    db.session.commit()
    assert "Nog niet begonnen" in _text(client.get("/my/rounds"))
    start = client.get(f"/r/{token}")
    client.post(f"/r/{token}", data={"csrf_token": csrf_from(start), "consent": "y"})
    assert "Bezig" in _text(client.get("/my/rounds"))


def test_my_rounds_needs_sign_in(client):
    response = client.get("/my/rounds")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_one_response_per_link_even_when_started_twice(client):
    round_ = open_round(kinds=("single", "single"))
    first, second = questions(round_)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(first, "a")})
    answer(client, token, 2, {"answer": option_id(second, "a")})
    answer(client, token, 1, {"answer": option_id(first, "b")})
    assert len(responses(round_)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def _queries(statements: list[str]) -> list[str]:
    """The statements a request ran, without the test's own savepoints."""
    return [s for s in statements if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))]


def test_question_page_runs_few_queries(client, count_queries):
    round_ = open_round(kinds=("smiley5", "single", "long_text"))
    smiley = questions(round_)[0]
    neutral, happy = option_id(smiley, "3"), option_id(smiley, "5")
    token, _member = invite(round_)
    client.get(f"/r/{token}/1")  # warms the survey cache
    with count_queries() as statements:
        assert client.get(f"/r/{token}/2").status_code == 200
    # The link with its round, then the response with the answer to this question.
    assert len(_queries(statements)) == 2, statements
    page = client.get(f"/r/{token}/1")
    with count_queries() as statements:
        response = client.post(
            f"/r/{token}/1",
            data={"csrf_token": csrf_from(page), "answer": neutral, "go": "next"},
        )
    assert response.status_code == 303
    # Link, response lookup, response insert, answer lookup, answer insert, choice insert.
    assert len(_queries(statements)) <= 6, statements
    page = client.get(f"/r/{token}/1")
    with count_queries() as statements:
        client.post(
            f"/r/{token}/1",
            data={"csrf_token": csrf_from(page), "answer": happy, "go": "next"},
        )
    # A changed answer: link, response, answer, old choices out, new choice in, update.
    assert len(_queries(statements)) <= 6, statements


def test_staff_preview_in_any_language_saves_nothing(app, client, login_as):
    login_as("staff", locale="nl")
    survey = factories.create_survey(kinds=("smiley3", "short_text"))
    db.session.commit()
    start = client.get(f"/staff/surveys/{survey.id}/preview?lang=ar")
    html = _text(start)
    # The staff member's page stays Dutch (navigation, title); the member page's content in
    # it is Arabic, marked as such.
    check_page(html, BY_CODE["nl"])
    assert '<html lang="nl" dir="ltr"' in html
    assert '<div class="stem-preview-page" lang="ar" dir="rtl">' in html
    nav = html.split('<nav class="stem-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Vragenlijsten" in nav
    assert in_language(app, "ar", "Vragenlijsten") not in nav
    assert "<title>Voorbeeld: " in html
    content = html.split('class="stem-preview-page"', 1)[1]
    assert in_language(app, "ar", "Begin") in content
    assert "Zo ziet een lid deze vragenlijst. Er wordt niets bewaard." in html
    assert "Nog niet vertaald: Nederlandse tekst" in html  # Arabic texts fall back to Dutch
    question = client.get(f"/staff/surveys/{survey.id}/preview/1?lang=ar")
    assert in_language(app, "ar", "Vraag %(number)d van %(total)d", number=1, total=2) in _text(
        question
    )
    empty = client.post(
        f"/staff/surveys/{survey.id}/preview/1?lang=ar",
        data={"csrf_token": csrf_from(question), "go": "next"},
    )
    assert in_language(app, "ar", "Kies een antwoord.") in _text(empty)  # as on the real page
    moved = client.post(
        f"/staff/surveys/{survey.id}/preview/1?lang=ar",
        data={
            "csrf_token": csrf_from(question),
            "go": "next",
            "answer": survey.questions[0].options[0].id,
        },
    )
    assert moved.headers["Location"].endswith(f"/staff/surveys/{survey.id}/preview/2?lang=ar")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
    english = _text(client.get(f"/staff/surveys/{survey.id}/preview/1?lang=en"))
    assert "Question 1 (smiley3)?" in english
    assert "Nog niet vertaald" in english  # option labels exist only in Dutch


def test_preview_is_for_staff_only(client, login_as):
    survey = factories.create_survey()
    login_as("member")
    assert client.get(f"/staff/surveys/{survey.id}/preview").status_code == 403
    assert client.get("/staff/surveys/999999/preview").status_code == 403


def test_preview_of_an_unknown_survey_is_404(client, login_as):
    login_as("staff")
    assert client.get("/staff/surveys/999999/preview").status_code == 404


def test_recorded_audio_gets_a_play_button_with_a_plain_player_underneath(client):
    import hashlib

    from stem.surveys.models import QuestionAudio

    round_ = open_round(kinds=("yesno", "yesno"))
    first, _second = questions(round_)
    digest = hashlib.sha256(b"clip").hexdigest()
    db.session.add(
        QuestionAudio(
            question=first,
            locale="nl",
            content_type="audio/mpeg",
            size=4,
            sha256=digest,
            storage_key="answer-test-" + digest[:16],
        )
    )
    token, _member = invite(round_)
    db.session.flush()
    html = _text(client.get(f"/r/{token}/1"))
    audio_id = first.audio[0].id
    assert (
        f'<audio class="stem-listen__audio" controls preload="none" src="/audio/{audio_id}?v={digest[:12]}"'
        in html
    )
    assert "data-listen-play" in html
    assert "data-read-aloud" not in html
    # No clip for question 2, and none in Arabic: the read-aloud button, hidden until a voice is found.
    assert "data-read-aloud" in _text(client.get(f"/r/{token}/2"))
    client.set_cookie(LANGUAGE_COOKIE, "ar")
    arabic = _text(client.get(f"/r/{token}/1"))
    assert "<audio" not in arabic
    assert 'data-read-lang="nl"' in arabic  # the text shown is Dutch, so is the voice


def test_every_answer_page_parses_in_every_language(client):
    from stem.core.i18n import LANGUAGES

    round_ = open_round(kinds=("smiley3", "multiple", "yesno", "short_text", "long_text"))
    add_question(round_.survey, "single", required=False, ask_contact=True, options=[("a", "A")])
    token, _member = invite(round_)
    paths = [f"/r/{token}"] + [f"/r/{token}/{n}" for n in range(1, 7)] + [f"/r/{token}/check"]
    for language in LANGUAGES:
        client.set_cookie(LANGUAGE_COOKIE, language.code)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (language.code, path)
            check_page(response.get_data(as_text=True), language)
        # A page with errors, too.
        check_page(_text(answer(client, token, 1, {})), language)


def test_round_links_never_reach_the_request_log():
    from stem.core.log_filters import redact

    token = "AbC-12_" + "x" * 36
    line = f'127.0.0.1 - - "POST /r/{token}/3?from=check HTTP/1.1" 303 -'
    assert redact(line) == '127.0.0.1 - - "POST /r/[token]/3?from=check HTTP/1.1" 303 -'
    assert token not in redact(f"GET /r/{token} HTTP/1.1")
