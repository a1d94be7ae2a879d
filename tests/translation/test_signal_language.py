"""The detected language of a signal's text: stored at intake, shown in the inbox and on the
triage page beside the submitter's language (issue 14, section 1)."""

from __future__ import annotations

import sqlalchemy as sa

from stem.core.db import db
from stem.signals.intake.services import create_signal
from stem.signals.models import Signal
from tests import factories
from tests.signals.intake_helpers import form_key, newest_signal
from tests.signals.triage_helpers import page, signal

ARABIC = "وصلتني رسالة من البلدية ولا أفهم ما المطلوب مني."
MIXED = "Ik heb een brief gekregen van de gemeente. وصلتني رسالة ولا أفهم ما المطلوب مني."


def test_a_member_who_writes_arabic_on_the_dutch_form_gets_arabic_detected(client, login_as):
    theme = factories.create_theme()
    login_as("member", locale="nl")
    data = {"form_key": form_key(client), "body": ARABIC, "theme": theme.id}
    response = client.post_form("/signals/new", data, content_type="multipart/form-data")
    assert response.status_code == 303
    stored = newest_signal()
    assert stored.language == "nl"  # the submitter's page
    assert stored.detected_language == "ar"  # what was written


def test_staff_reporting_on_someones_behalf_stores_the_detected_language():
    staff = factories.create_user("staff")
    theme = factories.create_theme()
    made = create_signal(
        actor=staff, body="Kira çok arttı ve artık ödeyemiyorum.", theme=theme, source="meeting"
    )
    assert made.detected_language == "tr"


def test_a_mixed_text_is_stored_as_mixed():
    member = factories.create_user("member")
    made = create_signal(actor=member, body=MIXED, theme=factories.create_theme())
    assert made.detected_language == "mul"


def test_a_signal_from_open_answers_gets_the_language_of_its_text(client, login_as):
    from stem.surveys.results.open_answers import answer_ref
    from tests.surveys.results.test_results_signals import answers_url
    from tests.surveys.results_helpers import fill, invite, question

    theme = factories.create_theme()
    survey = factories.create_survey(kinds=("long_text",))
    q = question(survey, "long_text")
    round_ = factories.create_round(survey)
    invite(round_, {"nl": 6}, responded=6)
    texts = ["Het Welkomhuis is op vrijdag dicht, maar dan heb ik juist tijd."] * 5
    fill(round_, {q: texts})
    login_as("staff", locale="nl")
    data = {
        "answers": [answer_ref(texts[0])],
        "theme": theme.id,
        "action": "signal",
        "form_key": "k",
    }
    assert client.post_form(answers_url(round_, q), data).status_code == 303
    db.session.expire_all()
    made = db.session.scalar(sa.select(Signal).where(Signal.source == "survey"))
    assert made.detected_language == "nl"


def test_the_triage_page_names_the_detected_language_beside_the_submitters(client, login_as):
    login_as("staff", locale="nl")
    member = factories.create_user("member", locale="nl")
    item = signal(submitter=member, body=ARABIC, detected_language="ar")
    html = page(client.get(f"/staff/signals/{item.id}"))
    assert "Taal van de melding" in html
    assert "Taal (herkend)" in html
    assert "Arabisch" in html


def test_the_inbox_row_names_the_detected_language_in_the_pages_language(client, login_as):
    login_as("staff", locale="en")
    member = factories.create_user("member", locale="nl")
    signal(submitter=member, body=ARABIC, detected_language="ar")
    signal(submitter=member, body=MIXED, detected_language="mul")
    signal(submitter=member, body="Nog niet bekeken.", detected_language=None)
    html = page(client.get("/staff/signals"))
    assert "Language (detected): Arabic" in html
    assert "Language (detected): Several languages" in html
    assert "Language (detected): Not yet detected" in html


def test_a_survey_signal_whose_language_is_withheld_shows_no_detected_language(client, login_as):
    """Fewer than five members answered in its language: naming it could point at them."""
    login_as("staff", locale="nl")
    member = factories.create_user("member", locale="nl")
    item = signal(
        submitter=member, body=ARABIC, source="survey", language="und", detected_language="ar"
    )
    html = page(client.get(f"/staff/signals/{item.id}"))
    assert "Arabisch" not in html
