"""Codes and references stay whole in right-to-left text; text in another language has lang."""

from __future__ import annotations

import re

from stem.core.db import db
from stem.core.templating import bdi_codes, isolate_codes
from stem.signals.triage import replies
from tests import factories
from tests.signals.triage_helpers import page, replies_queued, signal

FSI, PDI = "\u2068", "\u2069"
ARABIC = "سنناقش هذا في التزام 21/T40 مع مدرسة اللغة."


def test_codes_are_isolated_once_in_text_and_html():
    assert (
        isolate_codes("zie 21/T40 en S-2026-00042")
        == f"zie {FSI}21/T40{PDI} en {FSI}S-2026-00042{PDI}"
    )
    assert isolate_codes(isolate_codes("21/T40")) == f"{FSI}21/T40{PDI}"
    assert str(bdi_codes("<b>21/T40</b>")) == '&lt;b&gt;<bdi dir="ltr">21/T40</bdi>&lt;/b&gt;'
    assert "http://x/a21/T40" in isolate_codes("http://x/a21/T40")  # inside a word: left alone


def test_arabic_reply_isolates_codes_in_messages_and_pages(client, login_as):
    staff = factories.create_user("staff")
    member = factories.create_user("member", email="amal@example.nl", locale="ar")
    sms_member = factories.create_user(
        "member", email=None, phone="+31612340001", locale="ar", channel="sms"
    )
    s = signal(submitter=member, reference="S-2026-00401")
    from stem.signals.models import SignalSubmitter

    s.submitters.append(SignalSubmitter(user_id=sms_member.id, locale="ar", channel="sms"))
    replies.write_reply(staff, s, {"nl": "We bespreken dit bij toezegging 21/T40.", "ar": ARABIC})
    mails = {m.channel: m for m in replies_queued()}
    assert f"{FSI}21/T40{PDI}" in mails["email"].body
    assert f"{FSI}S-2026-00401{PDI}" in mails["email"].body
    assert f"{FSI}21/T40{PDI}" in mails["sms"].body
    assert f"{FSI}S-2026-00401{PDI}" in mails["sms"].body
    db.session.commit()
    login_as(member)
    html = page(client.get("/my/signals/S-2026-00401"))
    assert '<bdi dir="ltr">21/T40</bdi>' in html
    assert "21/T40" not in html.replace('<bdi dir="ltr">21/T40</bdi>', "")


def test_a_dutch_sms_keeps_the_gsm_alphabet():
    staff = factories.create_user("staff")
    member = factories.create_user("member", email=None, phone="+31612340002", channel="sms")
    s = signal(submitter=member, reference="S-2026-00402")
    replies.write_reply(staff, s, {"nl": "Zie toezegging 21/T40."})
    (sms,) = replies_queued()
    assert FSI not in sms.body
    assert "21/T40" in sms.body


def test_staff_page_puts_commitment_codes_in_bdi(client, login_as):
    from tests.signals.triage_helpers import commitment

    login_as("staff", locale="ar")
    s = signal()
    s.commitments.append(commitment("21/T40"))
    db.session.commit()
    html = page(client.get(f"/staff/signals/{s.id}"))
    assert re.search(r'<bdi dir="ltr">21/T40</bdi>', html)


def test_arabic_reply_typed_by_staff_is_stored_with_isolated_codes():
    staff = factories.create_user("staff")
    reply = replies.write_reply(staff, signal(), {"nl": "Zie 21/T40.", "ar": ARABIC})
    texts = {t.locale: t.body for t in reply.texts}
    assert f"{FSI}21/T40{PDI}" in texts["ar"]
    assert texts["nl"] == "Zie 21/T40."


def test_dari_member_reads_the_dutch_reason_marked_dutch(client, login_as):
    member = login_as("member", locale="fa_AF")
    s = signal(
        submitter=member,
        reference="S-2026-00403",
        status="not_pursued",
        status_reason="Dit valt buiten wat de gemeente kan doen.",
    )
    db.session.commit()
    html = page(client.get(f"/my/signals/{s.reference}"))
    assert re.search(r'lang="nl" dir="auto">Dit valt buiten wat de gemeente kan doen.<', html)
