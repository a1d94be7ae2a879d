"""Who sees which signal: members their own, partners their organisation's, staff all.

Every other signal, file or page answers 404, as if it did not exist.
"""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from stem.accounts.services import withdraw_consent
from stem.core.db import db, utcnow
from stem.core.models import AuditEvent
from stem.signals.access import (
    can_download,
    can_see,
    can_see_contact,
    is_own,
    visible_signals,
)
from stem.signals.intake.checks import OnBehalf
from stem.signals.intake.services import create_signal
from stem.signals.models import SignalReply, SignalReplyText
from tests import factories
from tests.signals.intake_helpers import JPEG, PDF


def report(actor, body, theme, *, files=(), **fields):
    attachments = [FileStorage(stream=io.BytesIO(data), filename=name) for name, data in files]
    return create_signal(actor=actor, body=body, theme=theme, attachments=attachments, **fields)


@pytest.fixture
def world(app):
    """Two members, two colleagues at one partner, one at another, staff, and their signals."""
    theme = factories.create_theme()
    org, other_org = factories.create_organisation(), factories.create_organisation()
    people = {
        "amal": factories.create_user("member", locale="en"),
        "yonas": factories.create_user("member", locale="en"),
        "sanne": factories.create_user("partner", organisation=org, locale="en"),
        "karim": factories.create_user("partner", organisation=org, locale="en"),
        "ineke": factories.create_user("partner", organisation=other_org, locale="en"),
        "eva": factories.create_user("staff", locale="en"),
        "jeroen": factories.create_user("admin", locale="en"),
    }
    round_ = factories.create_round()
    signals = {
        "amal": report(people["amal"], "Amal: de les viel uit.", theme, files=[("a.jpg", JPEG)]),
        "yonas": report(people["yonas"], "Yonas: geen plek.", theme, files=[("y.pdf", PDF)]),
        "sanne": report(people["sanne"], "Sanne: wachtlijst.", theme, files=[("s.pdf", PDF)]),
        "ineke": report(people["ineke"], "Ineke: lokaal dicht.", theme, files=[("i.jpg", JPEG)]),
        "eva": report(
            people["eva"],
            "Gehoord aan de telefoon.",
            theme,
            files=[("e.pdf", PDF)],
            on_behalf=OnBehalf(name="Hodan", email="hodan@example.nl", channel="email"),
        ),
        "survey": create_signal(
            actor=people["eva"], body="Uit de ronde.", theme=theme, source="survey", round=round_
        ),
    }
    db.session.commit()
    return people, signals


# Who may see whose signal.
SEES = {
    "amal": {"amal"},
    "yonas": {"yonas"},
    "sanne": {"sanne"},
    "karim": {"sanne"},  # a colleague's signal is the organisation's
    "ineke": {"ineke"},
    "eva": {"amal", "yonas", "sanne", "ineke", "eva", "survey"},
    "jeroen": {"amal", "yonas", "sanne", "ineke", "eva", "survey"},
}


def test_visible_signals_and_can_see_agree_with_the_matrix(world):
    people, signals = world
    for who, expected in SEES.items():
        user = people[who]
        ids = {signal.id for signal in db.session.scalars(visible_signals(user))}
        assert ids == {signals[s].id for s in expected}, who
        for name, signal in signals.items():
            assert can_see(user, signal) is (name in expected), (who, name)


def test_nobody_signed_out_sees_anything(world):
    _, signals = world
    assert not any(can_see(None, s) for s in signals.values())


@pytest.mark.parametrize("who", sorted(SEES))
def test_every_page_and_file_of_others_is_not_found(client, login_as, world, who):
    people, signals = world
    login_as(people[who])
    for name, signal in signals.items():
        allowed = name in SEES[who]
        view = client.get(f"/my/signals/{signal.reference}")
        assert view.status_code == (200 if allowed else 404), (who, name, "view")
        confirmation = client.get(f"/signals/submitted/{signal.reference}")
        assert confirmation.status_code == (200 if allowed else 404), (who, name, "confirmation")
        for item in signal.attachments:
            response = client.get(f"/signals/attachments/{item.id}")
            mine = allowed and (who in ("eva", "jeroen") or name in (who, "sanne"))
            assert response.status_code == (200 if mine else 404), (who, name, "file")
        if allowed:
            assert (signal.body in view.get_data(as_text=True)) is True


def test_made_up_references_and_ids_are_not_found(client, login_as, world):
    login_as(world[0]["eva"])
    assert client.get("/my/signals/S-1999-00001").status_code == 404
    assert client.get("/my/signals/" + "S" * 300).status_code == 404
    assert client.get("/signals/attachments/999999").status_code == 404
    assert client.get("/signals/attachments/-1").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    _, signals = world
    for path in (
        "/my/signals",
        f"/my/signals/{signals['amal'].reference}",
        f"/signals/attachments/{signals['amal'].attachments[0].id}",
    ):
        assert client.get(path).status_code == 302, path


def test_my_signals_lists_only_the_members_own(client, login_as, world):
    people, signals = world
    login_as(people["amal"])
    page = client.get("/my/signals").get_data(as_text=True)
    assert signals["amal"].reference in page
    one = client.get(f"/my/signals/{signals['amal'].reference}").get_data(as_text=True)
    assert f'<bdi dir="ltr">{signals["amal"].reference}</bdi></h1>' in one
    assert all(signals[n].reference not in page for n in signals if n != "amal")


def test_a_partner_sees_the_organisations_signals(client, login_as, world):
    people, signals = world
    login_as(people["karim"])
    page = client.get("/my/signals").get_data(as_text=True)
    assert signals["sanne"].reference in page
    assert all(signals[n].reference not in page for n in signals if n != "sanne")


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_have_the_inbox_not_my_signals(client, login_as, role):
    login_as(role)
    assert client.get("/my/signals").status_code == 403


def test_my_signals_pages_through_many(client, login_as, app):
    theme = factories.create_theme()
    member = factories.create_user("member", locale="en")
    refs = [report(member, f"Signaal {n}", theme).reference for n in range(23)]
    db.session.commit()
    login_as(member)
    first = client.get("/my/signals").get_data(as_text=True)
    second = client.get("/my/signals?page=2").get_data(as_text=True)
    assert refs[-1] in first
    assert refs[0] not in first
    assert refs[0] in second
    assert refs[-1] not in second
    assert client.get("/my/signals?page=abc").status_code == 200


def test_a_download_is_a_download_with_the_checked_type(client, login_as, world):
    people, signals = world
    login_as(people["amal"])
    item = signals["amal"].attachments[0]
    response = client.get(f"/signals/attachments/{item.id}")
    assert response.status_code == 200
    assert response.data == JPEG
    assert response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def _downloads() -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == "signal.attachment_download")
    return list(db.session.scalars(query))


def test_staff_downloads_are_audited_and_members_own_are_not(client, login_as, world):
    people, signals = world
    item = signals["amal"].attachments[0]
    login_as(people["amal"])
    client.get(f"/signals/attachments/{item.id}")
    assert _downloads() == []
    login_as(people["eva"])
    client.get(f"/signals/attachments/{item.id}")
    [event] = _downloads()
    assert (event.actor_id, event.object_id) == (people["eva"].id, str(item.id))
    assert event.details == {"signal": signals["amal"].reference}


def test_a_missing_file_is_not_found_not_an_error(client, login_as, world):
    from stem.core.uploads import delete_upload

    people, signals = world
    item = signals["amal"].attachments[0]
    delete_upload(item.storage_key)
    login_as(people["amal"])
    assert client.get(f"/signals/attachments/{item.id}").status_code == 404


def _merge(source, survivor):
    """What merging does to the data: the submitters move, the source points to the survivor."""
    for submitter in list(source.submitters):
        submitter.signal = survivor
    source.status = "merged"
    source.merged_into = survivor
    db.session.commit()


def test_after_a_merge_each_submitter_sees_the_survivor_but_not_the_others_text(
    client, login_as, world
):
    people, signals = world
    survivor, merged = signals["amal"], signals["yonas"]
    _merge(merged, survivor)
    yonas = people["yonas"]
    assert can_see(yonas, survivor)
    assert not is_own(yonas, survivor)
    assert not can_download(yonas, survivor.attachments[0])
    assert can_download(yonas, merged.attachments[0])  # their own file stays theirs

    login_as(yonas)
    page = client.get(f"/my/signals/{survivor.reference}").get_data(as_text=True)
    assert survivor.body not in page
    assert f"/signals/attachments/{survivor.attachments[0].id}" not in page
    own = client.get(f"/my/signals/{merged.reference}").get_data(as_text=True)
    assert merged.body in own
    assert f"/my/signals/{survivor.reference}" in own
    listing = client.get("/my/signals").get_data(as_text=True)
    assert merged.reference in listing
    assert survivor.reference in listing
    assert survivor.body not in listing


def test_contact_details_need_consent_for_staff(world):
    people, signals = world
    staff, amal = people["eva"], people["amal"]
    member_submitter = signals["amal"].submitters[0]
    assert not can_see_contact(staff, member_submitter)
    assert can_see_contact(amal, member_submitter)  # one's own
    assert not can_see_contact(people["yonas"], member_submitter)

    consenting = report(amal, "Bel me gerust.", signals["amal"].theme, may_contact=True)
    submitter = consenting.submitters[0]
    assert can_see_contact(staff, submitter)
    assert not can_see_contact(people["sanne"], submitter)
    withdraw_consent(amal, "signal_contact")
    assert not can_see_contact(staff, submitter)

    # A partner's employee is a work contact.
    assert can_see_contact(staff, signals["sanne"].submitters[0])
    # Someone staff reported for: only with the consent staff recorded.
    behalf = signals["eva"].submitters[0]
    assert not can_see_contact(staff, behalf)
    behalf.may_contact = True
    assert can_see_contact(staff, behalf)
    behalf.anonymised_at = utcnow()
    assert not can_see_contact(staff, behalf)


def _reply(signal, texts: dict[str, str]) -> SignalReply:
    reply = SignalReply(signal=signal, created_at=utcnow(), sent_at=utcnow())
    reply.texts = [SignalReplyText(locale=k, body=v) for k, v in texts.items()]
    db.session.add(reply)
    signal.status = "answered"
    db.session.commit()
    return reply


def test_a_reply_in_the_readers_language(client, login_as, world):
    people, signals = world
    _reply(signals["amal"], {"nl": "We bellen de school.", "ar": "سنتصل بالمدرسة."})
    member = people["amal"]
    member.locale = "ar"
    login_as(member)
    page = client.get(f"/my/signals/{signals['amal'].reference}").get_data(as_text=True)
    assert "سنتصل بالمدرسة." in page
    assert "We bellen de school." not in page


def test_a_reply_without_the_readers_language_shows_dutch_and_english(client, login_as, world):
    people, signals = world
    _reply(signals["amal"], {"nl": "We bellen de school.", "en": "We will call the school."})
    member = people["amal"]
    member.locale = "ti"
    login_as(member)
    page = client.get(f"/my/signals/{signals['amal'].reference}").get_data(as_text=True)
    assert 'lang="nl" dir="auto">We bellen de school.' in page
    assert 'lang="en" dir="auto">We will call the school.' in page


def test_a_dutch_reader_reads_dutch_only(client, login_as, world):
    people, signals = world
    _reply(signals["amal"], {"nl": "We bellen de school.", "en": "We will call the school."})
    member = people["amal"]
    member.locale = "nl"
    login_as(member)
    page = client.get(f"/my/signals/{signals['amal'].reference}").get_data(as_text=True)
    assert "We bellen de school." in page
    assert "We will call the school." not in page


def test_the_status_in_plain_words(client, login_as, world, app):
    from flask_babel import force_locale, gettext

    from stem.signals.wording import STATUS_EXPLANATIONS

    people, signals = world
    signal = signals["amal"]
    signal.status, signal.status_reason = "not_pursued", "Dit is landelijk beleid."
    db.session.commit()
    login_as(people["amal"])
    page = client.get(f"/my/signals/{signal.reference}").get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        expected = gettext(STATUS_EXPLANATIONS["not_pursued"]._args[0])
    assert expected in page
    assert "Dit is landelijk beleid." in page
