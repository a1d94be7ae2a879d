"""What members read on their link and in My rounds: a language switch that keeps the
answer being given, one deadline stated one way, and plain news about the summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.core.i18n import LANGUAGE_COOKIE
from stem.notify.models import OutboxMessage
from stem.surveys.answering.links import invitation_token
from stem.surveys.models import RoundSummary
from stem.surveys.rounds.invitations import queue_invitations
from stem.surveys.rounds.schedule import closes_at
from tests.surveys.answering_helpers import (
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

OPENED_AT_NIGHT = datetime(2026, 12, 7, 0, 23, tzinfo=UTC)  # 01:23 in Amsterdam


def _opened_at_night(**fields):
    """A round opened by hand at 01:23 on 7 December (open through 21 December)."""
    round_ = open_round(**fields)
    round_.opened_at = OPENED_AT_NIGHT
    round_.closes_at = closes_at(OPENED_AT_NIGHT)
    db.session.flush()
    return round_


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- item 1: the language switch on a question keeps what was ticked or typed -------------


def test_switching_language_on_a_question_keeps_the_ticked_option(client):
    round_ = open_round()
    token, _member = invite(round_)
    single = questions(round_)[1]
    url = f"/r/{token}/2"
    page = client.get(url)
    assert 'form="answer-form"' in _text(page)  # the language buttons submit the answer form
    chosen = option_id(single, "b")
    response = client.post(
        url, data={"csrf_token": csrf_from(page), "answer": chosen, "locale": "en"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url)  # the same question, not the next
    assert f"{LANGUAGE_COOKIE}=en" in response.headers["Set-Cookie"]
    [stored] = responses(round_)
    assert stored_answers(stored)[single.id][1] == {chosen}
    html = _text(client.get(url))
    assert '<html lang="en"' in html
    assert f'value="{chosen}" checked' in html


def test_switching_language_with_nothing_ticked_is_not_an_error(client):
    round_ = open_round()
    token, _member = invite(round_)
    url = f"/r/{token}/1"
    page = client.get(url)
    response = client.post(url, data={"csrf_token": csrf_from(page), "locale": "ar"})
    assert response.status_code == 303  # a draft: "required" waits for Next
    html = _text(client.get(url))
    assert '<html lang="ar" dir="rtl"' in html
    assert "utrecht-form-fieldset--invalid" not in html


def test_switching_language_keeps_a_text_that_is_too_long_and_says_so_in_the_new_language(
    client,
):
    round_ = open_round()
    token, _member = invite(round_)
    url = f"/r/{token}/3"
    page = client.get(url)
    too_long = "x" * 4001
    response = client.post(
        url, data={"csrf_token": csrf_from(page), "text": too_long, "locale": "en"}
    )
    html = _text(response)
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert too_long in html
    assert "Your answer is too long" in html
    assert f"{LANGUAGE_COOKIE}=en" in response.headers["Set-Cookie"]


# --- item 4: one deadline, stated one way, and the pages close at it ----------------------


def test_one_deadline_in_the_invitation_the_start_page_my_rounds_and_for_staff(
    client, login_as
):
    member = login_as("member", locale="nl")
    round_ = _opened_at_night()
    queue_invitations(round_, now=OPENED_AT_NIGHT)
    db.session.commit()
    deadline = "Je kunt antwoorden tot en met 21 december."
    body = db.session.scalar(
        sa.select(OutboxMessage.body).where(OutboxMessage.user_id == member.id)
    )
    assert deadline in body
    token = invitation_token(round_.id, member.id)
    assert deadline in _text(client.get(f"/r/{token}"))
    assert deadline in _text(client.get("/my/rounds"))
    login_as("staff", locale="nl")
    staff_page = _text(client.get(f"/staff/rounds/{round_.id}"))
    assert "21 december 2026" in staff_page
    assert "22 december" not in staff_page
    assert "20 december" not in staff_page


def test_answer_pages_close_when_the_stated_day_ends_even_before_the_closing_job(
    client, monkeypatch
):
    round_ = _opened_at_night()
    token, _member = invite(round_)
    db.session.commit()
    import stem.surveys.answering.routes as routes

    last_minute = datetime(2026, 12, 21, 22, 59, tzinfo=UTC)  # 23:59 on 21 December
    monkeypatch.setattr(routes, "utcnow", lambda: last_minute)
    assert client.get(f"/r/{token}/1").status_code == 200
    monkeypatch.setattr(routes, "utcnow", lambda: last_minute + timedelta(minutes=1))
    page = client.get(f"/r/{token}/1")
    assert page.status_code == 410  # the round is still "open" until the job runs
    assert "Deze ronde is gesloten" in _text(page)


# --- items 2 and 6: where and when the summary comes, and plainly when it did not ----------


def test_thank_you_page_says_when_and_where_the_summary_comes(client):
    round_ = _opened_at_night(kinds=("single",))
    token, _member = invite(round_)
    db.session.commit()
    answer(client, token, 1, {"answer": option_id(questions(round_)[0], "a")})
    submit(client, token)
    html = _text(client.get(f"/r/{token}/thanks"))
    assert "Na 21 december schrijft De Stem een korte samenvatting" in html
    assert "uiterlijk 18 januari op deze pagina" in html
    # A member who came by the link is not signed in: no dead end to a sign-in page.
    assert 'href="/my/rounds"' not in html


def test_the_same_link_shows_the_published_summary_after_the_round_closed(client):
    round_ = open_round(kinds=("single",))
    token, _member = invite(round_)
    db.session.commit()
    answer(client, token, 1, {"answer": option_id(questions(round_)[0], "a")})
    submit(client, token)
    round_.status = "closed"
    round_.closed_at = utcnow()
    round_.summary_published_at = utcnow()
    db.session.add(RoundSummary(round=round_, locale="nl", body="De groep wil meer taalcafés."))
    db.session.commit()
    page = client.get(f"/r/{token}")
    assert page.status_code == 303
    html = _text(client.get(page.headers["Location"]))
    assert "De groep wil meer taalcafés." in html


def test_my_rounds_says_plainly_when_no_summary_was_published(client, login_as):
    member = login_as("member", locale="nl")
    long_ago = utcnow() - timedelta(days=95)
    old = open_round(kinds=("single",), status="closed", period="2025-08")
    old.opened_at, old.closes_at = long_ago, long_ago + timedelta(days=14)
    invite(old, member)
    db.session.commit()
    html = _text(client.get("/my/rounds"))
    assert "Voor deze ronde is geen samenvatting gepubliceerd." in html
    assert "komt later" not in html
    assert "komt uiterlijk" not in html
