"""Requests, the queue per translator, saving a draft and reviewing it."""

from __future__ import annotations

import sqlalchemy as sa

from stem.core.db import db
from stem.surveys.models import Invitation, RoundSummary
from stem.translation import services
from stem.translation.models import SignalTranslation, TranslationRequest
from tests import factories
from tests.translation.desk_helpers import arabic_signal, request_dutch, translator


def test_requesting_twice_reuses_the_open_request(app):
    signal = arabic_signal()
    first = request_dutch(signal)
    second = request_dutch(signal)
    assert first.id == second.id
    assert first.source_text == signal.body
    assert first.source_locale == "ar"
    assert db.session.scalar(sa.select(sa.func.count(TranslationRequest.id))) == 1


def test_no_request_into_the_source_language(app):
    signal = arabic_signal()
    made = services.request_translation("signal", signal, "body", ["ar"])
    assert made == []


def test_a_translator_sees_only_items_in_their_languages(app):
    arabic = request_dutch(arabic_signal())
    tigrinya_signal = factories.create_signal(
        submitter=factories.create_user("member", locale="ti"), body="ቤት ይፈስስ ኣሎ።", language="ti"
    )
    tigrinya = request_dutch(tigrinya_signal)
    ar_translator = translator("ar")
    assert services.queue(ar_translator) == [arabic]
    assert services.can_open(ar_translator, arabic)
    assert not services.can_open(ar_translator, tigrinya)
    staff = factories.create_user("staff")
    assert {i.id for i in services.queue(staff)} == {arabic.id, tigrinya.id}


def test_translator_saves_and_staff_review_writes_dutch_back(client, login_as, app):
    signal = arabic_signal()
    item = request_dutch(signal)
    user = translator("ar")
    db.session.commit()
    login_as(user)
    page = client.get(f"/translation/{item.id}")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    assert signal.body in page.text
    token = client.csrf_token()
    response = client.post(
        f"/translation/{item.id}",
        data={
            "csrf_token": token,
            "text": "Het dak lekt.",
            "version": item.version,
            "action": "save",
        },
    )
    assert response.status_code == 303
    db.session.refresh(item)
    assert (item.status, item.draft_text, item.translator_id) == ("draft", "Het dak lekt.", user.id)
    # A translator cannot approve their own work.
    refused = client.post(
        f"/translation/{item.id}",
        data={
            "csrf_token": client.csrf_token(),
            "text": "Het dak lekt.",
            "version": item.version,
            "action": "review",
        },
    )
    assert refused.status_code == 422
    db.session.refresh(item)
    assert item.status == "draft"

    staff = login_as("staff")
    client.post(
        f"/translation/{item.id}",
        data={
            "csrf_token": client.csrf_token(),
            "text": "Het dak lekt al twee weken.",
            "version": item.version,
            "action": "review",
        },
    )
    db.session.refresh(item)
    assert item.status == "reviewed"
    assert item.reviewer_id == staff.id
    dutch = db.session.get(SignalTranslation, (signal.id, "nl"))
    assert dutch.body == "Het dak lekt al twee weken."
    assert dutch.status == "reviewed"
    triage = client.get(f"/staff/signals/{signal.id}")
    assert "Het dak lekt al twee weken." in triage.text


def test_triage_page_requests_dutch_for_an_arabic_signal(client, login_as, app):
    signal = arabic_signal()
    db.session.commit()
    login_as("staff")
    page = client.get(f"/staff/signals/{signal.id}")
    assert f"/translation/request/signal/{signal.id}" in page.text
    response = client.post(
        f"/translation/request/signal/{signal.id}", data={"csrf_token": client.csrf_token()}
    )
    assert response.status_code == 303
    item = services.open_request("signal", signal.id, "body", "nl")
    assert item is not None
    assert item.status == "requested"
    again = client.get(f"/staff/signals/{signal.id}")
    assert f"/translation/{item.id}" in again.text


def test_summary_request_asks_for_the_languages_of_invited_members(client, login_as, app):
    round_ = factories.create_round(status="closed")
    db.session.add(RoundSummary(round_id=round_.id, locale="nl", body="De groep wil meer lessen."))
    db.session.add(RoundSummary(round_id=round_.id, locale="en", body="The group wants lessons."))
    for n, locale in enumerate(("ar", "ti", "en", "nl", "ar")):
        member = factories.create_user("member", locale=locale)
        db.session.add(
            Invitation(round_id=round_.id, user_id=member.id, locale=locale, token_hash=f"{n:064d}")
        )
    db.session.commit()
    staff = login_as("staff")
    page = client.get(f"/staff/rounds/{round_.id}/summary")
    assert f"/translation/request/summary/{round_.id}" in page.text
    client.post(
        f"/translation/request/summary/{round_.id}", data={"csrf_token": client.csrf_token()}
    )
    items = db.session.scalars(
        sa.select(TranslationRequest).order_by(TranslationRequest.target_locale)
    ).all()
    assert [i.target_locale for i in items] == ["ar", "ti"]
    services.review(items[0], staff, "المجموعة تريد المزيد من الدروس.", items[0].version)
    summary = db.session.scalar(
        sa.select(RoundSummary).where(
            RoundSummary.round_id == round_.id, RoundSummary.locale == "ar"
        )
    )
    assert summary.body == "المجموعة تريد المزيد من الدروس."
