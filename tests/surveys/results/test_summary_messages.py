"""Publishing a summary tells every invited member once, in their language; edits are kept."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import escape

from stem.core.db import db
from stem.notify.delivery import rebuild
from stem.notify.models import OutboxMessage
from stem.surveys.answering.links import invitation_token, token_hash
from stem.surveys.models import Invitation, RoundSummaryVersion
from stem.surveys.results.summaries import publish_summary, save_summary, summary_version
from stem.surveys.results.summary_messages import SUMMARY_KIND, dutch_readers
from tests import factories

NL = "Leden willen meer taalles."
AR = "يريد الأعضاء المزيد من دروس اللغة."
NOTE = "Deze samenvatting is nog niet vertaald in jouw taal. Hieronder staat de Nederlandse tekst."
MAIL_NOTE = "Deze tekst is nog niet vertaald in jouw taal. Hieronder staat de Nederlandse tekst."


def invite(round_, **fields):
    member = factories.create_user("member", **fields)
    db.session.add(
        Invitation(
            round_id=round_.id,
            user_id=member.id,
            token_hash=token_hash(invitation_token(round_.id, member.id)),
            locale=member.locale,
        )
    )
    db.session.flush()
    return member


@pytest.fixture
def round_():
    return factories.create_round(factories.create_survey(kinds=("smiley5",)), status="closed")


@pytest.fixture
def members(round_):
    return {
        "nl": invite(round_, locale="nl", display_name="Sanne"),
        "ar": invite(round_, locale="ar"),
        "ti": invite(round_, locale="ti", email=None, phone="+31612345678", channel="sms"),
        "so": invite(round_, locale="so"),
    }


def messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.kind == SUMMARY_KIND)
            .order_by(OutboxMessage.id)
        )
    )


def write(round_, staff, **texts):
    save_summary(round_, staff, texts, summary_version(round_))


def test_publishing_tells_each_invited_member_once_in_their_language(round_, members):
    staff = factories.create_user("staff")
    left = invite(round_, locale="tr")
    left.active = False  # left De Stem: not told
    factories.create_user("member", locale="nl")  # not invited to this round
    write(round_, staff, nl=NL, ar=AR)

    assert publish_summary(round_, staff) == 4
    sent = {m.user_id: m for m in messages()}
    assert set(sent) == {m.id for m in members.values()}
    for locale, member in members.items():
        message = sent[member.id]
        assert message.locale == locale
        assert message.dedupe_key == f"summary:{round_.id}:{member.id}"
        assert message.sensitive is True
        assert f"/r/{invitation_token(round_.id, member.id)}" in message.body
    assert (sent[members["ti"].id].channel, sent[members["ti"].id].recipient) == (
        "sms",
        "+31612345678",
    )
    assert sent[members["nl"].id].body.startswith("Hallo Sanne,")
    assert NL in sent[members["nl"].id].body
    assert AR in sent[members["ar"].id].body
    assert NL not in sent[members["ar"].id].body
    # Somali has no translation: the Dutch text, with a note in Somali that says so.
    somali = sent[members["so"].id]
    with force_locale("so"):
        note = _(MAIL_NOTE)
        year, month = (int(part) for part in round_.period.split("-"))
        subject = _(
            "Wat De Stem zei in %(month)s",
            month=format_date(date(year, month, 1), format="LLLL y"),
        )
    assert note != MAIL_NOTE
    assert note in somali.body
    assert NL in somali.body
    assert somali.subject == subject


def test_publishing_again_or_editing_sends_nothing_more(client, login_as, round_, members):
    staff = login_as("staff", locale="nl")
    write(round_, staff, nl=NL)
    url = f"/staff/rounds/{round_.id}/summary"
    assert client.post_form(f"{url}/publish").status_code == 303
    assert len(messages()) == 4
    client.post_form(f"{url}/publish")
    client.post_form(url, {"version": summary_version(round_), "body_nl": "Nieuwe tekst."})
    client.post_form(f"{url}/unpublish")
    client.post_form(f"{url}/publish")
    assert len(messages()) == 4


def test_edits_after_publishing_keep_the_old_text(client, login_as, round_, members):
    staff = login_as("staff", locale="nl", display_name="Eva de Vries")
    url = f"/staff/rounds/{round_.id}/summary"
    write(round_, staff, nl="Eerste tekst.")
    write(round_, staff, nl=NL)  # before publishing: a draft, no history
    publish_summary(round_, staff)
    response = client.post_form(
        url, {"version": summary_version(round_), "body_nl": "Nieuwste tekst.", "body_ar": AR}
    )
    assert response.status_code == 303
    history = db.session.scalars(
        sa.select(RoundSummaryVersion).order_by(RoundSummaryVersion.id)
    ).all()
    assert [(v.locale, v.body, v.replaced_by_id) for v in history] == [
        ("nl", NL, staff.id),
        ("ar", "", staff.id),
    ]
    assert all(v.replaced_at is not None for v in history)
    db.session.refresh(round_)
    assert round_.summary_text("nl").text == "Nieuwste tekst."
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Eerdere teksten" in page
    assert NL in page
    assert "Eva de Vries" in page


def test_preview_shows_what_a_member_sees_in_a_chosen_language(
    client, login_as, round_, members
):
    staff = login_as("staff", locale="nl")
    write(round_, staff, nl=NL, ar=AR)
    url = f"/staff/rounds/{round_.id}/summary/preview"
    page = unescape(client.get(f"{url}?lang=ar").get_data(as_text=True))
    assert AR in page
    assert NOTE not in page
    page = client.get(f"{url}?lang=so").get_data(as_text=True)
    with force_locale("so"):
        note = _(NOTE)
    assert f"<strong>{escape(note)}</strong>" in page  # markup, not escaped text
    assert re.search(r'<div class="stem-stack" lang="nl" dir="auto">\s*<p[^>]*>' + NL, page)
    assert "Amina" in page  # the message, as the member gets it
    assert client.get(f"{url}?lang=xx").status_code == 200  # unknown language: Dutch
    assert messages() == []  # a preview sends nothing
    assert round_.summary_published_at is None


def test_staff_see_how_many_members_would_read_dutch(client, login_as, round_, members):
    for _n in range(5):
        invite(round_, locale="so")
    staff = login_as("staff", locale="nl")
    write(round_, staff, nl=NL, ar=AR)
    readers = {r.language.code: r.count for r in dutch_readers(round_)}
    assert readers == {"so": 6, "ti": None}  # ar is translated; nl is the text itself
    page = unescape(client.get(f"/staff/rounds/{round_.id}/summary").get_data(as_text=True))
    assert "Soomaali</span>: 6 leden" in page
    assert "ትግርኛ</span>: minder dan 5 leden" in page
    assert "1 lid" not in page


def test_my_rounds_marks_an_untranslated_summary(client, login_as, round_, members):
    staff = factories.create_user("staff")
    write(round_, staff, nl=NL)
    publish_summary(round_, staff)
    login_as(members["so"])
    page = unescape(client.get("/my/rounds").get_data(as_text=True))
    with force_locale("so"):
        note = _(NOTE)
    assert note in page
    assert re.search(r'lang="nl" dir="auto">\s*<p[^>]*>' + NL, page)


def test_a_failed_summary_message_is_written_again(round_, members):
    staff = factories.create_user("staff")
    write(round_, staff, nl=NL)
    publish_summary(round_, staff)
    message = next(m for m in messages() if m.user_id == members["nl"].id)
    subject, body = rebuild(message)
    assert subject == message.subject
    assert body == message.body
    round_.summary_published_at = None
    assert rebuild(message) is None


def test_a_summary_published_while_the_round_is_open_is_sent_when_it_closes(members, round_):
    from stem.core.db import utcnow
    from stem.surveys.rounds.services import close_round

    staff = factories.create_user("staff")
    round_.status = "open"
    write(round_, staff, nl=NL)
    assert publish_summary(round_, staff) == 0  # the link still opens the questions
    assert messages() == []
    assert close_round(round_, utcnow(), actor=staff)
    assert len(messages()) == 4
    assert publish_summary(round_, staff) == 0
    assert len(messages()) == 4


def test_preview_marks_the_dutch_summary_inside_a_message_in_another_language(
    client, login_as, round_, members
):
    staff = login_as("staff", locale="nl")
    write(round_, staff, nl=NL, ar=AR)
    page = client.get(f"/staff/rounds/{round_.id}/summary/preview?lang=so").get_data(as_text=True)
    email = page.split('id="preview-message"', 1)[1]
    assert re.search(r'<div class="stem-open-answer stem-quote" lang="so"', email)
    assert f'<span lang="nl" dir="ltr">{escape(NL)}</span>' in email
    # In a language with its own text there is nothing to mark.
    page = client.get(f"/staff/rounds/{round_.id}/summary/preview?lang=ar").get_data(as_text=True)
    assert '<span lang="nl"' not in page.split('id="preview-message"', 1)[1]


def test_staff_read_that_messages_for_an_open_round_wait_until_it_closes(
    client, login_as, round_, members
):
    staff = login_as("staff", locale="nl")
    write(round_, staff, nl=NL)
    waits = "De berichten gaan pas weg als de ronde sluit"
    round_.status = "open"
    assert waits in client.get(f"/staff/rounds/{round_.id}/summary").get_data(as_text=True)
    round_.status = "closed"
    assert waits not in client.get(f"/staff/rounds/{round_.id}/summary").get_data(as_text=True)
