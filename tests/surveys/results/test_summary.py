"""The summary for members: written in Dutch (plus translations), published, unpublished."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.core.models import AuditEvent
from stem.surveys.models import RoundSummary
from stem.surveys.results.open_answers import answer_ref
from stem.surveys.results.summaries import published_summary, summary_version
from tests import factories
from tests.surveys.results_helpers import fill, question


@pytest.fixture
def round_():
    survey = factories.create_survey(kinds=("smiley5", "long_text"))
    round_ = factories.create_round(survey, status="closed")
    fill(round_, {question(survey, "long_text"): [f"Idee {i}" for i in range(6)]})
    return round_


def summary_url(round_) -> str:
    return f"/staff/rounds/{round_.id}/summary"


def rows(round_) -> dict[str, str]:
    db.session.expire_all()
    return dict(
        db.session.execute(
            sa.select(RoundSummary.locale, RoundSummary.body).where(
                RoundSummary.round_id == round_.id
            )
        ).all()
    )


def save(client, round_, **bodies):
    data = {"version": summary_version(round_)}
    data.update({f"body_{k}": v for k, v in bodies.items()})
    return client.post_form(summary_url(round_), data)


def test_write_translate_publish_and_unpublish(client, login_as, round_):
    login_as("staff", locale="nl")
    assert client.get(summary_url(round_)).status_code == 200
    response = save(client, round_, nl="  Leden willen meer taalles.  ", ar="يريد الأعضاء المزيد")
    assert response.status_code == 303
    assert rows(round_) == {"nl": "Leden willen meer taalles.", "ar": "يريد الأعضاء المزيد"}
    assert round_.summary_published_at is None
    assert published_summary(round_, "nl") is None

    response = client.post_form(f"{summary_url(round_)}/publish")
    assert response.status_code == 303
    db.session.refresh(round_)
    assert round_.summary_published_at is not None
    assert published_summary(round_, "ar") == ("ar", "يريد الأعضاء المزيد")
    assert published_summary(round_, "ti") == ("nl", "Leden willen meer taalles.")

    # Editing a published summary: removing a translation deletes it.
    save(client, round_, nl="Leden willen meer taalles en meer uitleg.", ar="")
    assert rows(round_) == {"nl": "Leden willen meer taalles en meer uitleg."}

    client.post_form(f"{summary_url(round_)}/unpublish")
    db.session.refresh(round_)
    assert round_.summary_published_at is None
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_id == str(round_.id))
    ).all()
    assert "round.summary_published" in actions
    assert "round.summary_unpublished" in actions


def test_an_empty_summary_is_refused_and_nothing_is_stored(client, login_as, round_):
    login_as("staff", locale="nl")
    response = save(client, round_, nl="   ", en="Only a translation")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Schrijf een samenvatting in het Nederlands." in html
    assert 'aria-invalid="true"' in html
    assert rows(round_) == {}


def test_publishing_needs_a_dutch_summary(client, login_as, round_):
    login_as("staff", locale="nl")
    response = client.post_form(f"{summary_url(round_)}/publish", follow_redirects=True)
    assert "Schrijf eerst een samenvatting in het Nederlands." in response.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.summary_published_at is None


def test_a_save_based_on_an_old_version_is_refused(client, login_as, round_):
    login_as("staff", locale="nl")
    old = summary_version(round_)
    save(client, round_, nl="Eerste tekst van Eva.")
    response = client.post_form(summary_url(round_), {"version": old, "body_nl": "Tekst van Ali."})
    assert response.status_code == 200
    assert "Iemand anders heeft de samenvatting net veranderd." in response.get_data(as_text=True)
    assert rows(round_) == {"nl": "Eerste tekst van Eva."}


def test_too_long_text_is_refused(client, login_as, round_):
    login_as("staff", locale="nl")
    response = save(client, round_, nl="a" * 4001)
    assert response.status_code == 200
    assert rows(round_) == {}


def test_chosen_open_answers_are_quoted_in_the_draft(client, login_as, round_):
    login_as("staff", locale="nl")
    text = question(round_.survey, "long_text")
    answers_url = f"/staff/rounds/{round_.id}/results/questions/{text.id}/answers"
    response = client.post_form(
        answers_url,
        {"answers": [answer_ref("Idee 2"), answer_ref("Idee 4")], "action": "summary"},
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    body = unescape(
        re.search(r'<textarea[^>]*id="body_nl"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    )
    assert body.strip() == "“Idee 2”\n“Idee 4”"
    assert rows(round_) == {}  # nothing is saved until staff press Save


def test_tampered_quotes_are_not_found(client, login_as, round_):
    login_as("staff", locale="nl")
    text = question(round_.survey, "long_text")
    other = factories.create_round(factories.create_survey(kinds=("long_text",)))
    fill(other, {other.survey.questions[0]: [f"Ander {i}" for i in range(6)]})
    base = summary_url(round_)
    assert client.get(f"{base}?quote={text.id}:{answer_ref('Ander 1')}").status_code == 404
    foreign = other.survey.questions[0].id
    assert client.get(f"{base}?quote={foreign}:{answer_ref('Ander 1')}").status_code == 404
    assert client.get(f"{base}?quote=abc").status_code == 404
    assert client.get(f"{base}?quote={text.id}:{answer_ref('Idee 1')}").status_code == 200


def test_summary_pages_are_for_staff_and_real_rounds(client, login_as, round_):
    login_as("member")
    assert client.get(summary_url(round_)).status_code == 403
    login_as("staff", locale="nl")
    assert client.get("/staff/rounds/987654/summary").status_code == 404
    assert client.post_form("/staff/rounds/987654/summary/publish").status_code == 404
