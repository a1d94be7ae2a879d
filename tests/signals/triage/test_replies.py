"""Replies: Dutch required, translations optional, every submitter gets it their own way."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.signals.intake.checks import OnBehalf
from stem.signals.intake.services import create_signal
from stem.signals.models import SignalReply, SignalSubmitter
from stem.signals.triage import merge, replies
from tests import factories
from tests.signals.triage_helpers import events, page, reload, replies_queued, signal, text


@pytest.fixture
def staff():
    return factories.create_user("staff")


TEXTS = {
    "nl": "We hebben met de taalschool gesproken. De lessen gaan weer door.",
    "en": "We talked to the language school. The lessons start again.",
    "ar": "تحدثنا مع مدرسة اللغة. ستبدأ الدروس مرة أخرى.",
}


def test_a_reply_needs_dutch_text(staff):
    s = signal()
    for texts in ({}, {"nl": "   "}, {"en": "Only English"}, {"nl": "x" * 5001}):
        with pytest.raises(replies.ReplyError):
            replies.write_reply(staff, s, texts)
    assert db.session.scalars(sa.select(SignalReply)).all() == []
    assert replies_queued() == []
    assert reload(s).status == "new"


def test_reply_is_stored_recorded_and_marks_the_signal_answered(staff):
    s = signal(status="in_progress")
    reply = replies.write_reply(staff, s, {**TEXTS, "so": "", "xx": "unknown language"})
    assert {t.locale for t in reply.texts} == {"nl", "en", "ar"}
    assert reply.sent_at is not None
    assert reply.author_id == staff.id
    s = reload(s)
    assert s.status == "answered"
    assert [e.new for e in events(s, "reply")] == ["ar, en, nl"]
    assert [(e.old, e.new) for e in events(s, "status")] == [("in_progress", "answered")]


def test_each_submitter_gets_it_by_their_channel_in_their_language(staff):
    arabic = factories.create_user("member", email="amal@example.nl", locale="ar")
    tigrinya = factories.create_user(
        "member", email=None, phone="+31612345001", locale="ti", channel="sms"
    )
    dutch_partner = factories.create_user("partner", email="sanne@example.nl", locale="nl")
    s = signal(submitter=arabic)
    s.submitters.append(SignalSubmitter(user_id=tigrinya.id, locale="ti", channel="sms"))
    s.submitters.append(
        SignalSubmitter(user_id=dutch_partner.id, organisation_id=dutch_partner.organisation_id)
    )
    replies.write_reply(staff, s, TEXTS)
    sent = {m.recipient: m for m in replies_queued()}
    assert set(sent) == {"amal@example.nl", "+31612345001", "sanne@example.nl"}

    amal = sent["amal@example.nl"]
    assert (amal.channel, amal.locale) == ("email", "ar")
    assert TEXTS["ar"] in amal.body
    assert TEXTS["nl"] not in amal.body
    assert s.reference in amal.subject

    # No Tigrinya text: Dutch, plus English.
    yonas = sent["+31612345001"]
    assert (yonas.channel, yonas.locale) == ("sms", "ti")
    assert TEXTS["nl"] in yonas.body
    assert TEXTS["en"] in yonas.body
    assert TEXTS["ar"] not in yonas.body

    sanne = sent["sanne@example.nl"]
    assert TEXTS["nl"] in sanne.body
    assert TEXTS["en"] not in sanne.body
    assert all(f"/my/signals/{s.reference}" in m.body for m in sent.values())


def test_without_english_the_fallback_is_dutch_alone(staff):
    turkish = factories.create_user("member", locale="tr")
    s = signal(submitter=turkish)
    replies.write_reply(staff, s, {"nl": TEXTS["nl"]})
    (message,) = replies_queued()
    assert TEXTS["nl"] in message.body
    assert "English:" not in message.body


def test_someone_reported_on_behalf_gets_it_at_the_address_staff_typed(app, staff):
    theme = factories.create_theme()
    with app.test_request_context():
        s = create_signal(
            actor=staff,
            body="Gehoord aan de telefoon: de bus naar het Welkomhuis rijdt niet.",
            theme=theme,
            source="staff",
            on_behalf=OnBehalf(name="Hodan", phone="+31612340000", locale="so", channel="sms"),
        )
        replies.write_reply(staff, s, TEXTS)
    (message,) = replies_queued()
    assert (message.channel, message.recipient, message.locale) == ("sms", "+31612340000", "so")
    assert message.user_id is None


def test_nobody_is_reached_who_should_not_be(staff):
    member = factories.create_user("member", email="weg@example.nl")
    s = signal(submitter=member)
    s.submitters.append(SignalSubmitter(name="Geen kanaal", email="x@example.nl", channel="none"))
    s.submitters.append(
        SignalSubmitter(name="", email=None, phone=None, channel="email", anonymised_at=utcnow())
    )
    s.submitters.append(SignalSubmitter(user_id=member.id))  # the same person twice
    replies.write_reply(staff, s, TEXTS)
    assert [m.recipient for m in replies_queued()] == ["weg@example.nl"]


def test_after_a_merge_everyone_gets_the_reply(staff):
    first = factories.create_user("member", email="een@example.nl")
    second = factories.create_user("member", email="twee@example.nl", locale="ar")
    survivor, duplicate = signal(submitter=first), signal(submitter=second)
    merge.merge(staff, duplicate, survivor)
    replies.write_reply(staff, reload(survivor), TEXTS)
    assert sorted(m.recipient for m in replies_queued()) == ["een@example.nl", "twee@example.nl"]


def test_sending_twice_sends_nobody_anything_twice(staff):
    s = signal()
    reply = replies.write_reply(staff, s, TEXTS)
    replies.send_reply(reply, reload(s).submitters)
    assert len(replies_queued()) == 1


def test_a_merged_signal_takes_no_reply(staff):
    survivor, duplicate = signal(), signal()
    merge.merge(staff, duplicate, survivor)
    with pytest.raises(replies.ReplyError):
        replies.write_reply(staff, reload(duplicate), TEXTS)


def test_reply_form(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    url = f"/staff/signals/{s.id}/reply"
    response = client.post_form(
        url, {"text_nl": "", "text_en": "Only English", "version": s.version}
    )
    assert response.status_code == 400
    html = page(response)
    assert text("Schrijf het antwoord in het Nederlands.") in html
    assert "Only English" in html  # nothing typed is lost
    assert replies_queued() == []
    response = client.post_form(
        url, {"text_nl": TEXTS["nl"], "text_ar": TEXTS["ar"], "version": s.version}
    )
    assert response.status_code == 303
    html = page(client.get(f"/staff/signals/{s.id}"))
    assert TEXTS["nl"] in html
    assert TEXTS["ar"] in html
    assert reload(s).status == "answered"
    assert len(replies_queued()) == 1
