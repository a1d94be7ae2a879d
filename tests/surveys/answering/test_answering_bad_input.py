"""Bad input on the answer pages: a clear message in the member's language, nothing stored
wrongly, and no answer already given lost."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.answering.links import invitation_token
from stem.surveys.models import Response
from tests import factories
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




@pytest.fixture
def started(client):
    """A member who answered question 1 (face 4) of a smiley/single/long-text round."""
    round_ = open_round()
    smiley, single, text = questions(round_)
    token, member = invite(round_)
    answer(client, token, 1, {"answer": option_id(smiley, "4")})
    return round_, token, (smiley, single, text)


def _still_only_the_first_answer(round_, smiley) -> None:
    [stored] = responses(round_)
    assert stored_answers(stored) == {smiley.id: (None, {option_id(smiley, "4")})}


@pytest.mark.parametrize(
    "tamper",
    ["other_question", "other_survey", "not_a_number", "two_for_one", "huge_number"],
)
def test_tampered_option_ids_are_refused_with_a_message(client, started, tamper):
    round_, token, (smiley, single, _text_q) = started
    other_survey = factories.create_survey(kinds=("single",))
    values = {
        "other_question": [option_id(smiley, "1")],
        "other_survey": [other_survey.questions[0].options[0].id],
        "not_a_number": ["abc"],
        "two_for_one": [option_id(single, "a"), option_id(single, "b")],
        "huge_number": ["99999999999999999999999"],
    }[tamper]
    response = answer(client, token, 2, {"answer": values})
    assert response.status_code == 200
    html = _text(response)
    assert "Kies een van de antwoorden op deze pagina." in html
    assert 'aria-invalid="true"' in html
    assert "<title>Fout:" in html
    _still_only_the_first_answer(round_, smiley)


def test_a_question_number_outside_the_survey_is_404(client, started):
    round_, token, (smiley, _single, _text_q) = started
    assert client.get(f"/r/{token}/4").status_code == 404
    assert client.get(f"/r/{token}/0").status_code == 404
    page = client.get(f"/r/{token}/1")
    response = client.post(
        f"/r/{token}/9", data={"csrf_token": csrf_from(page), "answer": option_id(smiley, "1")}
    )
    assert response.status_code == 404
    _still_only_the_first_answer(round_, smiley)


def test_required_question_left_empty(client, started):
    round_, token, (smiley, _single, _text_q) = started
    response = answer(client, token, 2, {})
    assert response.status_code == 200
    assert "Kies een antwoord." in _text(response)
    response = answer(client, token, 3, {"text": "   "})
    assert "Vul een antwoord in." in _text(response)
    _still_only_the_first_answer(round_, smiley)


def test_messages_come_in_the_members_language(app, client):
    round_ = open_round(kinds=("single",))
    token, _member = invite(round_, locale="ar")
    html = _text(answer(client, token, 1, {}))
    assert '<html lang="ar" dir="rtl"' in html
    assert in_language(app, "ar", "Kies een antwoord.") in html
    assert in_language(app, "ar", "Er is een probleem") in html


def test_over_long_text_is_refused_and_kept_in_the_form(client, started):
    round_, token, (smiley, _single, text_q) = started
    long_text = "Een hele lange zin over de taalschool. " * 120  # about 4,700 characters
    response = answer(client, token, 3, {"text": long_text})
    html = _text(response)
    assert response.status_code == 200
    assert "Je antwoord is te lang. Gebruik maximaal 4000 tekens." in html
    assert long_text.strip()[:200] in html  # the member's text is still there to shorten
    assert html.count("Een hele lange zin over de taalschool.") >= 120
    _still_only_the_first_answer(round_, smiley)


def test_over_long_short_text(client):
    round_ = open_round(kinds=("short_text",))
    token, _member = invite(round_)
    response = answer(client, token, 1, {"text": "x" * 301})
    assert "Gebruik maximaal 300 tekens. Nu zijn het er 301." in _text(response)
    assert 'value="' + "x" * 301 + '"' in _text(response)
    assert responses(round_) == []


def test_closed_round_says_so_and_keeps_the_answers(client, started):
    round_, token, (smiley, single, _text_q) = started
    page = client.get(f"/r/{token}/2")
    round_.status = "closed"
    db.session.commit()
    for path in (f"/r/{token}", f"/r/{token}/2", f"/r/{token}/check"):
        response = client.get(path)
        assert response.status_code == 410, path
        assert "Deze ronde is gesloten" in _text(response)
        assert "De antwoorden die je al gaf, zijn bewaard." in _text(response)
    late = client.post(
        f"/r/{token}/2", data={"csrf_token": csrf_from(page), "answer": option_id(single, "a")}
    )
    assert late.status_code == 410
    late_submit = client.post(f"/r/{token}/check", data={"csrf_token": csrf_from(page)})
    assert late_submit.status_code == 410
    _still_only_the_first_answer(round_, smiley)
    [stored] = responses(round_)
    assert stored.status == "in_progress"


def test_planned_round_is_not_open_yet(client):
    round_ = open_round(status="planned")
    token, _member = invite(round_)
    response = client.get(f"/r/{token}/1")
    assert "Deze ronde is nog niet begonnen" in _text(response)
    assert 'name="answer"' not in _text(response)


@pytest.mark.parametrize(
    "token",
    [
        "A" * 43,  # the right shape, but no invitation has it
        "kort",
        "A" * 44,
        "%3Cscript%3E",
        "..%2F..%2Fetc",
    ],
)
def test_unknown_or_malformed_links_get_one_friendly_404(app, client, token):
    def en(message):
        return in_language(app, "en", message)  # the test client reads English

    for path in (f"/r/{token}", f"/r/{token}/1", f"/r/{token}/check", f"/r/{token}/thanks"):
        response = client.get(path)
        assert response.status_code == 404, path
        html = _text(response)
        if en("Deze link werkt niet") not in html:  # a path Flask itself cannot route
            assert en("Pagina niet gevonden") in html
            continue
        assert en("Werkt het nog steeds niet? Log in. Bij Mijn rondes vind je de ronde ook.") in html


def test_unknown_link_page_is_the_same_for_any_token(client):
    """No enumeration: an unknown link looks exactly like a malformed one."""
    one = _text(client.get("/r/" + "B" * 43))
    two = _text(client.get("/r/nonsense"))

    def strip(html: str) -> str:
        import re

        # Nonces and CSRF tokens differ per request (a token's timestamp, once a second ticks).
        per_request = r'(nonce|value)="[^"]*"|"X-CSRFToken": "[^"]*"'
        return re.sub(per_request, "", html).replace("B" * 43, "").replace("nonsense", "")

    assert strip(one) == strip(two)


def test_malformed_token_costs_no_query(client, count_queries):
    with count_queries() as statements:
        client.get("/r/not-a-token")
    assert [s for s in statements if "invitations" in s] == []


def test_a_link_opens_only_its_own_members_answers(client):
    round_ = open_round(kinds=("single",))
    [single] = questions(round_)
    token_a, _a = invite(round_)
    token_b, _b = invite(round_)
    answer(client, token_a, 1, {"answer": option_id(single, "a")})
    html = _text(client.get(f"/r/{token_b}/1"))
    assert " checked" not in html
    assert "Je bent al begonnen" not in _text(client.get(f"/r/{token_b}"))


def test_a_link_for_another_round_does_not_work(client):
    round_ = open_round(kinds=("single",))
    other = open_round(kinds=("single",))
    _token, member = invite(round_)
    # A token made for a round the member was never invited to: no invitation has its hash.
    forged = invitation_token(other.id, member.id)
    assert client.get(f"/r/{forged}").status_code == 404


def test_double_submit_shows_thanks_and_stores_nothing_twice(client):
    round_ = open_round(kinds=("single",))
    [single] = questions(round_)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(single, "b")})
    page = client.get(f"/r/{token}/check")
    first = client.post(f"/r/{token}/check", data={"csrf_token": csrf_from(page)})
    second = client.post(f"/r/{token}/check", data={"csrf_token": csrf_from(page)})
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"].endswith(f"/r/{token}/thanks")
    [stored] = responses(round_)
    assert stored.status == "submitted"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1
    # After submitting, answering again is not possible: the pages send to thank-you.
    again = client.post(
        f"/r/{token}/1", data={"csrf_token": csrf_from(page), "answer": option_id(single, "a")}
    )
    assert again.headers["Location"].endswith(f"/r/{token}/thanks")
    assert stored_answers(responses(round_)[0]) == {single.id: (None, {option_id(single, "b")})}
    assert client.get(f"/r/{token}").headers["Location"].endswith(f"/r/{token}/thanks")


def test_submit_with_a_required_question_open_says_which(client):
    round_ = open_round(kinds=("single", "single"))
    first, _second = questions(round_)
    token, _member = invite(round_)
    answer(client, token, 1, {"answer": option_id(first, "a")})
    response = submit(client, token)
    assert response.status_code == 200
    html = _text(response)
    assert "Beantwoord eerst vraag 2." in html
    assert f'href="/r/{token}/2?from=check"' in html
    assert responses(round_)[0].status == "in_progress"


def test_thanks_before_submitting_goes_back_to_the_start(client):
    round_ = open_round(kinds=("single",))
    token, _member = invite(round_)
    assert client.get(f"/r/{token}/thanks").headers["Location"].endswith(f"/r/{token}")


def test_post_without_csrf_token_is_refused_kindly(client, started):
    round_, token, (smiley, single, _text_q) = started
    response = client.post(f"/r/{token}/2", data={"answer": option_id(single, "a")})
    assert response.status_code == 400
    _still_only_the_first_answer(round_, smiley)


def test_a_form_that_stayed_open_too_long_is_refused_in_the_members_language(app, client):
    """The phone asks for English; the member reads Arabic: the refusal comes before the
    view has looked up the link, and is in Arabic all the same."""
    round_ = open_round()
    smiley, _single, _text_q = questions(round_)
    token, _member = invite(round_, locale="ar")
    response = client.post(f"/r/{token}/1", data={"answer": option_id(smiley, "4")})
    assert response.status_code == 400
    html = _text(response)
    assert '<html lang="ar" dir="rtl"' in html
    assert in_language(app, "ar", "Deze pagina stond te lang open") in html
    assert responses(round_) == []


def test_htmx_errors_swap_the_form_with_its_messages(client, started):
    round_, token, (smiley, _single, _text_q) = started
    page = client.get(f"/r/{token}/2")
    response = client.post(
        f"/r/{token}/2",
        data={"csrf_token": csrf_from(page), "go": "next"},
        headers={"HX-Request": "true"},
    )
    html = _text(response)
    assert html.startswith("<title>Fout: Vraag 2 van 3")
    assert "Kies een antwoord." in html
    assert "<header" not in html


def test_an_option_that_belongs_to_an_optional_question_elsewhere(client):
    """A stale form from an older version of the page: its option is refused, not stored."""
    round_ = open_round(kinds=("single",))
    extra = add_question(round_.survey, "single", required=False, options=[("x", "X")])
    token, _member = invite(round_)
    response = answer(client, token, 1, {"answer": extra.options[0].id})
    assert "Kies een van de antwoorden op deze pagina." in _text(response)
    assert responses(round_) == []


def test_a_disabled_accounts_link_no_longer_works_and_counts_nothing(client):
    round_ = open_round(kinds=("single",))
    [question] = questions(round_)
    token, member = invite(round_)
    assert client.get(f"/r/{token}").status_code == 200
    member.disable()
    db.session.commit()
    for response in (
        client.get(f"/r/{token}"),
        client.get(f"/r/{token}/1"),
        client.post_form(f"/r/{token}/1", {"answer": option_id(question, "a")}),
        client.post_form(f"/r/{token}/check"),
    ):
        assert response.status_code == 404
        assert "This link does not work" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
