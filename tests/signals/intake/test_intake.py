"""Reporting a signal: members, partners, staff on someone's behalf, and survey answers.

Every kind of bad input gets a clear message and stores nothing: no signal, no file, no
message. Sending the same form twice gives one signal.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from stem.accounts.models import Consent
from stem.core.db import db
from stem.signals.deadlines import reply_due
from stem.signals.intake import services as intake
from stem.signals.intake.checks import OnBehalf
from stem.signals.intake.services import IntakeError, create_signal, local_today
from stem.signals.models import Signal
from tests import factories
from tests.signals.intake_helpers import (
    EXE,
    JPEG,
    PDF,
    PNG,
    WEBP,
    form_key,
    messages,
    newest_signal,
    signal_count,
    stored_files,
    upload,
)

BODY = "De taalschool zegt al drie weken de lessen af."


@pytest.fixture
def theme():
    return factories.create_theme(reply_days=10)


def post_signal(client, data: dict, key: str | None = None):
    data = {"form_key": key or form_key(client), **data}
    return client.post_form("/signals/new", data, content_type="multipart/form-data")


# --- members ------------------------------------------------------------------------------


def test_member_reports_a_signal_and_gets_a_reference_and_a_confirmation(client, login_as, theme):
    member = login_as("member", display_name="Amal", locale="en")
    response = post_signal(client, {"body": f"  {BODY}  ", "theme": theme.id, "district": "oost"})

    signal = newest_signal()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/signals/submitted/{signal.reference}")
    year = local_today().year
    assert signal.reference.startswith(f"S-{year}-")
    assert len(signal.reference) == 12
    assert signal.body == BODY
    assert (signal.source, signal.status, signal.district) == ("member", "new", "oost")
    assert signal.theme_id == theme.id
    assert signal.organisation_id is None
    assert signal.language == "en"
    assert signal.created_by_id == member.id
    assert signal.due_on == reply_due(local_today(), 10)
    assert [(s.user_id, s.channel, s.may_contact) for s in signal.submitters] == [
        (member.id, "email", False)
    ]
    assert [(e.kind, e.actor_id, e.new) for e in signal.events] == [("created", member.id, "new")]

    [message] = messages()
    assert (message.recipient, message.channel, message.locale) == (member.email, "email", "en")
    assert signal.reference in message.subject
    assert signal.reference in message.body
    assert "Amal" in message.body
    assert f"/my/signals/{signal.reference}" in message.body

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert signal.reference in page


def test_confirmation_by_sms_in_the_members_language(client, login_as, theme):
    member = login_as("member", phone="+31612345678", email=None, channel="sms", locale="ar")
    post_signal(client, {"body": BODY, "theme": theme.id})
    signal = newest_signal()
    [message] = messages()
    assert (message.channel, message.recipient, message.locale) == ("sms", member.phone, "ar")
    assert signal.reference in message.body
    assert signal.language == "ar"


def test_consent_to_be_contacted_is_recorded(client, login_as, theme):
    member = login_as("member")
    post_signal(client, {"body": BODY, "theme": theme.id, "may_contact": "y"})
    [submitter] = newest_signal().submitters
    consent = db.session.get(Consent, submitter.consent_id)
    assert submitter.may_contact is True
    assert (consent.user_id, consent.purpose, consent.active) == (member.id, "signal_contact", True)


def test_no_consent_without_the_tick(client, login_as, theme):
    member = login_as("member")
    post_signal(client, {"body": BODY, "theme": theme.id})
    [submitter] = newest_signal().submitters
    assert submitter.may_contact is False
    assert submitter.consent_id is None
    assert not [c for c in member.consents if c.purpose == "signal_contact"]


def test_reference_numbers_count_up_per_year(app, theme):
    member = factories.create_user("member")
    first = create_signal(actor=member, body="een", theme=theme)
    second = create_signal(actor=member, body="twee", theme=theme)
    n = int(first.reference.rsplit("-", 1)[1])
    assert second.reference == f"{first.reference[:7]}{n + 1:05d}"


def test_a_reference_taken_meanwhile_is_skipped(app, theme):
    """The newest signal does not always hold the highest number: the insert retries."""
    member = factories.create_user("member")
    prefix = f"S-{local_today().year}-"
    factories.create_signal(submitter=member, theme=theme, reference=f"{prefix}00002")
    factories.create_signal(submitter=member, theme=theme, reference=f"{prefix}00001")
    signal = create_signal(actor=member, body=BODY, theme=theme)
    assert signal.reference == f"{prefix}00003"
    assert signal_count() == 3


def test_attachments_are_stored_with_the_type_read_from_their_content(client, login_as, theme):
    login_as("member")
    before = stored_files()
    post_signal(
        client,
        {
            "body": BODY,
            "theme": theme.id,
            "attachments": [
                upload(JPEG, "foto.jpg"),
                upload(PNG, "scan.pdf"),
                upload(PDF, "brief"),
            ],
        },
    )
    signal = newest_signal()
    assert [(a.filename, a.content_type) for a in signal.attachments] == [
        ("foto.jpg", "image/jpeg"),
        ("scan.png", "image/png"),
        ("brief.pdf", "application/pdf"),
    ]
    assert len(stored_files() - before) == 3
    assert all(a.uploaded_by_id == signal.created_by_id for a in signal.attachments)


def test_an_empty_file_input_is_no_attachment(client, login_as, theme):
    login_as("member")
    response = post_signal(
        client, {"body": BODY, "theme": theme.id, "attachments": upload(b"", "")}
    )
    assert response.status_code == 303
    assert newest_signal().attachments == []


# --- partners -----------------------------------------------------------------------------


def test_partner_reports_for_their_own_organisation(client, login_as, theme):
    partner = login_as("partner")
    other = factories.create_organisation()
    response = post_signal(
        client, {"body": BODY, "theme": theme.id, "organisation": other.id, "source": "staff"}
    )
    assert response.status_code == 303
    signal = newest_signal()
    assert (signal.source, signal.organisation_id) == ("partner", partner.organisation_id)
    assert signal.submitters[0].organisation_id == partner.organisation_id
    assert messages()[0].recipient == partner.email


def test_a_forged_organisation_is_refused_by_the_service(app, theme):
    partner = factories.create_user("partner")
    other = factories.create_organisation()
    with pytest.raises(IntakeError) as error:
        create_signal(actor=partner, body=BODY, theme=theme, organisation=other)
    assert "organisation" in error.value.errors
    member = factories.create_user("member")
    with pytest.raises(IntakeError):
        create_signal(actor=member, body=BODY, theme=theme, organisation=other)
    assert signal_count() == 0


def test_members_and_partners_cannot_choose_a_source(app, theme):
    member = factories.create_user("member")
    with pytest.raises(IntakeError) as error:
        create_signal(actor=member, body=BODY, theme=theme, source="meeting")
    assert "source" in error.value.errors


# --- staff --------------------------------------------------------------------------------


def test_staff_report_on_someones_behalf(client, login_as, theme):
    staff = login_as("staff")
    org = factories.create_organisation("Taalschool")
    page = client.get("/signals/new").get_data(as_text=True)
    assert 'name="on_behalf_name"' in page
    assert 'name="source"' in page
    response = post_signal(
        client,
        {
            "body": BODY,
            "theme": theme.id,
            "source": "meeting",
            "source_detail": "Bijeenkomst Overvecht",
            "organisation": org.id,
            "on_behalf_name": "Hodan",
            "on_behalf_phone": "06 12345678",
            "on_behalf_email": "",
            "on_behalf_locale": "so",
            "on_behalf_channel": "sms",
            "may_contact": "y",
        },
    )
    assert response.status_code == 303
    signal = newest_signal()
    assert (signal.source, signal.source_detail) == ("meeting", "Bijeenkomst Overvecht")
    assert signal.organisation_id == org.id
    assert signal.language == "so"
    assert signal.created_by_id == staff.id
    [submitter] = signal.submitters
    assert submitter.user_id is None
    assert (submitter.name, submitter.phone, submitter.locale) == ("Hodan", "+31612345678", "so")
    assert (submitter.channel, submitter.may_contact) == ("sms", True)
    [message] = messages()
    assert (message.channel, message.recipient, message.locale) == ("sms", "+31612345678", "so")
    assert signal.reference in message.body
    assert message.user_id is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert signal.reference in page
    assert f'href="/staff/signals/{signal.id}"' in page  # on to the triage page


def test_staff_report_without_contact_details_sends_nothing(client, login_as, theme):
    login_as("admin")
    defaults = {"on_behalf_locale": "nl", "on_behalf_channel": "none"}
    post_signal(client, {"body": BODY, "theme": theme.id, "source": "staff", **defaults})
    signal = newest_signal()
    assert signal.source == "staff"
    assert [(s.name, s.channel, s.user_id) for s in signal.submitters] == [("", "none", None)]
    assert messages() == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"on_behalf_channel": "email"}, "on_behalf_channel", "e-mailadres"),
        ({"on_behalf_channel": "sms"}, "on_behalf_channel", "mobiel nummer"),
        ({"on_behalf_email": "geen-adres"}, "on_behalf_email", "name@example.nl"),
        ({"on_behalf_phone": "12"}, "on_behalf_phone", "06 12345678"),
        ({"on_behalf_locale": "xx"}, "on_behalf_locale", "Kies een taal"),
        ({"on_behalf_channel": "fax"}, "on_behalf_channel", "berichten"),
        ({"source": "member"}, "source", "gehoord"),
        ({"organisation": "999999"}, "organisation", "organisatie"),
        ({"organisation": "abc"}, "organisation", "organisatie"),
        ({"source_detail": "x" * 201}, "source_detail", "200"),
    ],
)
def test_staff_form_errors(client, login_as, theme, fields, field, message):
    login_as("staff", locale="nl")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    data = {"body": BODY, "theme": theme.id, "source": "staff"}
    data |= {"on_behalf_locale": "nl", "on_behalf_channel": "none"}
    response = post_signal(client, {**data, **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page or f'href="#{field}"' in page
    assert message in page
    assert signal_count() == 0
    assert messages() == []


def test_an_inactive_organisation_cannot_be_chosen(app, theme):
    staff = factories.create_user("staff")
    gone = factories.create_organisation(active=False)
    with pytest.raises(IntakeError) as error:
        create_signal(actor=staff, body=BODY, theme=theme, organisation=gone)
    assert "organisation" in error.value.errors


# --- survey answers -----------------------------------------------------------------------


def test_a_survey_answer_becomes_a_signal_without_a_submitter(app, theme):
    staff = factories.create_user("staff")
    round_ = factories.create_round()
    question = round_.survey.questions[0]
    signal = create_signal(
        actor=staff, body=BODY, theme=theme, source="survey", round=round_, question=question
    )
    assert (signal.source, signal.round_id, signal.question_id) == (
        "survey",
        round_.id,
        question.id,
    )
    assert signal.submitters == []
    assert signal.created_by_id == staff.id
    assert messages() == []
    scheduled = create_signal(
        actor=None, body="Nog een", theme=theme, source="survey", round=round_
    )
    assert scheduled.created_by_id is None
    assert scheduled.events[0].actor_id is None


def test_survey_signals_need_a_round_and_a_matching_question(app, theme):
    staff = factories.create_user("staff")
    round_ = factories.create_round()
    elsewhere = factories.create_survey().questions[0]
    with pytest.raises(ValueError, match="round"):
        create_signal(actor=staff, body=BODY, theme=theme, source="survey")
    with pytest.raises(ValueError, match="question"):
        create_signal(
            actor=staff, body=BODY, theme=theme, source="survey", round=round_, question=elsewhere
        )
    member = factories.create_user("member")
    with pytest.raises(ValueError, match="staff"):
        create_signal(actor=member, body=BODY, theme=theme, source="survey", round=round_)
    with pytest.raises(ValueError, match="behalf"):
        create_signal(actor=member, body=BODY, theme=theme, on_behalf=OnBehalf(name="X"))
    assert signal_count() == 0


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": ""}, "body", "Schrijf wat er is gebeurd."),
        ({"body": "   \r\n  "}, "body", "Schrijf wat er is gebeurd."),
        ({"body": "x" * 5001}, "body", "maximaal 5000 tekens"),
        ({"theme": ""}, "theme", "Kies een thema."),
        ({"theme": "999999"}, "theme", "Kies een thema uit de lijst."),
        ({"theme": "abc"}, "theme", "Kies een thema uit de lijst."),
        ({"district": "mars"}, "district", "Kies een wijk uit de lijst."),
        (
            {"attachments": upload(b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "groot.jpg")},
            "attachments",
            "groter dan 5 MB",
        ),
        ({"attachments": upload(EXE, "foto.jpg")}, "attachments", "geen foto"),
        ({"attachments": upload(b"Dit is tekst", "brief.pdf")}, "attachments", "geen foto"),
        (
            {"attachments": [upload(JPEG, f"{n}.jpg") for n in range(4)]},
            "attachments",
            "maximaal 3 bestanden",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client, login_as, theme, fields, field, message
):
    login_as("member", locale="nl")
    before = stored_files()
    response = post_signal(client, {"body": BODY, "theme": theme.id, **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er is een probleem" in page
    assert f'href="#{field}"' in page
    assert message in page
    assert signal_count() == 0
    assert stored_files() == before
    assert messages() == []
    if fields.get("body", BODY) == BODY:
        assert BODY in page  # what was typed is not lost


def test_the_messages_are_in_the_users_language(client, login_as, theme, app):
    login_as("member", locale="en")
    page = post_signal(client, {"body": "", "theme": theme.id}).get_data(as_text=True)
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("en"):
            expected = gettext("Schrijf wat er is gebeurd.")
    assert expected in page


def test_5000_characters_is_fine_and_a_line_break_counts_once(client, login_as, theme):
    login_as("member")
    assert post_signal(client, {"body": "b" * 5000, "theme": theme.id}).status_code == 303
    body = "a" * 2495 + "\r\n" * 5 + "a" * 2500  # 5005 as sent, 5000 as stored
    assert post_signal(client, {"body": body, "theme": theme.id}).status_code == 303
    assert len(newest_signal().body) == 5000


def test_an_inactive_theme_cannot_be_chosen(client, login_as):
    login_as("member", locale="nl")
    old = factories.create_theme(active=False)
    page = client.get("/signals/new").get_data(as_text=True)
    assert f'value="{old.id}"' not in page
    response = post_signal(client, {"body": BODY, "theme": old.id})
    assert "Kies een thema uit de lijst." in response.get_data(as_text=True)
    assert signal_count() == 0


def test_a_good_file_is_removed_again_when_the_next_one_is_refused(client, login_as, theme):
    login_as("member")
    before = stored_files()
    response = post_signal(
        client,
        {
            "body": BODY,
            "theme": theme.id,
            "attachments": [upload(WEBP, "a.webp"), upload(EXE, "b.png")],
        },
    )
    assert response.status_code == 200
    assert stored_files() == before
    assert signal_count() == 0


def test_files_are_removed_when_the_transaction_does_not_commit(app, theme):
    from werkzeug.datastructures import FileStorage

    member = factories.create_user("member")
    before = stored_files()
    db.session.commit()
    create_signal(
        actor=member,
        body=BODY,
        theme=theme,
        attachments=[FileStorage(stream=__import__("io").BytesIO(PDF), filename="a.pdf")],
    )
    assert len(stored_files() - before) == 1
    db.session.rollback()
    assert stored_files() == before


def test_files_stay_when_the_transaction_commits(app, theme):
    import io

    from werkzeug.datastructures import FileStorage

    member = factories.create_user("member")
    signal = create_signal(
        actor=member,
        body=BODY,
        theme=theme,
        attachments=[FileStorage(stream=io.BytesIO(PDF), filename="a.pdf")],
    )
    key = signal.attachments[0].storage_key
    with db.session.begin_nested():  # a savepoint committing is not the end
        pass
    db.session.commit()
    assert any(p.name == key for p in stored_files())


def test_a_failing_insert_leaves_no_files(app, theme, monkeypatch):
    import io

    from werkzeug.datastructures import FileStorage

    member = factories.create_user("member")
    before = stored_files()

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(intake, "_insert", broken)
    with pytest.raises(RuntimeError):
        create_signal(
            actor=member,
            body=BODY,
            theme=theme,
            attachments=[FileStorage(stream=io.BytesIO(JPEG), filename="a.jpg")],
        )
    assert stored_files() == before


# --- double submit ------------------------------------------------------------------------


def test_the_same_form_sent_twice_gives_one_signal(client, login_as, theme):
    login_as("member")
    key = form_key(client)
    data = {"body": BODY, "theme": theme.id, "attachments": upload(JPEG, "a.jpg")}
    first = post_signal(client, dict(data), key)
    files = stored_files()
    second = post_signal(client, {**data, "attachments": upload(JPEG, "a.jpg")}, key)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert signal_count() == 1
    assert len(messages()) == 1
    assert stored_files() == files


def test_going_back_and_sending_another_text_gives_a_second_signal(client, login_as, theme):
    login_as("member")
    key = form_key(client)
    first = post_signal(client, {"body": BODY, "theme": theme.id}, key)
    second = post_signal(client, {"body": BODY + " En nog iets.", "theme": theme.id}, key)
    assert first.headers["Location"] != second.headers["Location"]
    assert signal_count() == 2


def test_the_form_key_is_kept_when_the_form_has_errors(client, login_as, theme):
    login_as("member")
    key = form_key(client)
    page = post_signal(client, {"body": "", "theme": theme.id}, key).get_data(as_text=True)
    assert key in page


def test_the_service_returns_the_first_signal_for_a_repeated_form(app, theme):
    member = factories.create_user("member")
    other = factories.create_user("member")
    key = "k" * 32
    first = create_signal(actor=member, body=BODY, theme=theme, form_key=key)
    again = create_signal(actor=member, body=BODY + "\r\n", theme=theme, form_key=key)
    assert again.id == first.id
    # Another person's key is theirs alone, even when it happens to be the same.
    theirs = create_signal(actor=other, body=BODY, theme=theme, form_key=key)
    assert theirs.id != first.id
    assert signal_count() == 2


def test_a_tampered_form_key_only_loses_the_protection(client, login_as, theme):
    login_as("member")
    response = post_signal(client, {"body": BODY, "theme": theme.id}, key="<script>")
    assert response.status_code == 303
    assert newest_signal().submission_key is None


# --- the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "partner", "staff", "admin"])
def test_every_role_that_reports_gets_the_form(client, login_as, theme, role):
    login_as(role)
    page = client.get("/signals/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert f'value="{theme.id}"' in page
    assert ('name="on_behalf_name"' in page) is (role in ("staff", "admin"))


def test_signed_out_visitors_are_sent_to_sign_in(client, theme):
    assert client.get("/signals/new").status_code == 302
    response = client.post_form("/signals/new", {"body": BODY, "theme": theme.id})
    assert response.status_code == 302
    assert signal_count() == 0


def test_confirmation_page_of_another_persons_signal_is_not_found(client, login_as, theme):
    signal = factories.create_signal(theme=theme)
    login_as("member")
    assert client.get(f"/signals/submitted/{signal.reference}").status_code == 404
    assert client.get("/signals/submitted/S-0000-00000").status_code == 404


def test_due_date_follows_the_themes_reply_days(app):
    member = factories.create_user("member")
    quick = factories.create_theme(reply_days=3)
    signal = create_signal(actor=member, body=BODY, theme=quick)
    assert signal.due_on == reply_due(local_today(), 3)
    assert signal.due_on > local_today()
    assert isinstance(signal.due_on, date)


def test_signals_query_finds_the_new_signal_by_reference(app, theme):
    member = factories.create_user("member")
    signal = create_signal(actor=member, body=BODY, theme=theme)
    found = db.session.scalar(sa.select(Signal).where(Signal.reference == signal.reference))
    assert found is signal
