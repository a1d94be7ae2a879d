"""Every translation URL for every role, and a translator against every other URL of Stem.

Roles: a visitor, a member, a partner, the translator of the item's pair (Arabic ⇄ Dutch), a
translator of another pair (Tigrinya ⇄ Dutch), staff and an admin. A translator reaches their
queue items, the editor, the glossary, their account page and sign-out, and nothing else; no
page a translator can open shows the name, e-mail address or phone number of who wrote a text.
"""

from __future__ import annotations

import re

import pytest

from stem.core.db import db
from stem.signals.models import SignalSubmitter
from tests import factories
from tests.translation.desk_helpers import request_dutch, translator

ROLES = ("visitor", "member", "partner", "translator", "other_translator", "staff", "admin")
NAME, EMAIL, PHONE = "Yasmin Verborgen-Naam", "yasmin.verborgen@example.nl", "+31612398765"


@pytest.fixture
def world(app):
    submitter = factories.create_user(
        "member", locale="ar", display_name=NAME, email=EMAIL, phone=PHONE
    )
    signal = factories.create_signal(
        submitter=submitter, language="ar", body="السقف يتسرب.", source_detail=NAME
    )
    signal.submitters.append(
        SignalSubmitter(name=NAME, email="other." + EMAIL, phone="+31612398766", locale="ar")
    )
    staff = factories.create_user("staff", locale="en")
    item = request_dutch(signal, actor=staff)
    users = {
        "member": factories.create_user("member", locale="en"),
        "partner": factories.create_user("partner", locale="en"),
        "translator": translator("ar"),
        "other_translator": translator("ti"),
        "staff": staff,
        "admin": factories.create_user("admin", locale="en"),
    }
    db.session.commit()
    return {"signal": signal, "item": item, "users": users}


def _expected(role: str, allowed: set[str]) -> set[int]:
    if role == "visitor":
        return {302}
    if role in allowed:
        return {200, 303, 422}
    if role == "other_translator" and "translator" in allowed:
        return {404}  # a translator of another pair: as if the item did not exist
    return {403}


def _requests(world):
    i, s = world["item"].id, world["signal"].id
    desk = {"translator", "other_translator", "staff", "admin"}
    item_desk = {"translator", "staff", "admin"}
    staff = {"staff", "admin"}
    return [
        ("GET", "/translation", {}, desk),
        ("GET", "/translation?locale=ar&status=requested&kind=signal", {}, desk),
        ("GET", f"/translation/{i}", {}, item_desk),
        ("POST", f"/translation/{i}", {"text": "Het dak lekt.", "version": "1"}, item_desk),
        ("GET", "/translation/glossary", {}, desk),
        ("GET", "/translation/glossary/new", {}, staff),
        ("POST", "/translation/glossary/new", {"term": "Welkomhuis"}, staff),
        ("POST", f"/translation/request/signal/{s}", {}, staff),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_translation_url_for_every_role(client, login_as, world, role):
    if role != "visitor":
        login_as(world["users"][role])
    for method, url, data, allowed in _requests(world):
        if method == "POST":
            data = {"csrf_token": client.csrf_token(), **data}
            response = client.post(url, data=data)
        else:
            response = client.get(url)
        assert response.status_code in _expected(role, allowed), (role, method, url)


def _fill(rule, world) -> str | None:
    """A URL for a GET rule, with the arguments filled by objects of the world (or 1)."""
    values = {}
    for arg in rule.arguments:
        if arg in ("signal_id", "source_id"):
            values[arg] = world["signal"].id
        elif arg == "item_id":
            values[arg] = world["item"].id
        elif arg == "reference":
            values[arg] = world["signal"].reference
        elif arg == "kind":
            values[arg] = "signal"
        elif arg in ("filename", "path", "token", "code", "lang", "slug", "period"):
            values[arg] = "x"
        else:
            values[arg] = 1
    try:
        return rule.build(values)[1]
    except Exception:  # noqa: BLE001 - a rule whose converter refuses the value is skipped
        return None


def test_a_translator_reaches_nothing_else(app, client, login_as, world):
    login_as(world["users"]["translator"])
    reached = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access", None) == "public":
            continue
        url = _fill(rule, world)
        if url is None:
            continue
        status = client.get(url).status_code
        if status not in (302, 303, 403, 404, 405):
            reached.append(rule.endpoint)
    allowed = {"translation.queue", "translation.editor", "translation.glossary_index"}
    allowed |= {"accounts.account"}
    assert set(reached) <= allowed, sorted(set(reached) - allowed)
    assert {"translation.queue", "translation.editor", "translation.glossary_index"} <= set(reached)
    # A signal's page answers as if it did not exist; the start page leads to the queue.
    assert client.get(f"/staff/signals/{world['signal'].id}").status_code == 404
    assert client.get("/home").headers["Location"].endswith("/translation")


def test_no_name_or_contact_detail_on_any_page_a_translator_opens(client, login_as, world):
    login_as(world["users"]["translator"])
    pages = ["/translation", f"/translation/{world['item'].id}", "/translation/glossary"]
    pages.append("/account")
    for url in pages:
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        for secret in (NAME, EMAIL, "other." + EMAIL, PHONE, "+31612398766", "06 12398765"):
            assert secret not in html, (url, secret)
        assert not re.search(r"S-TEST-\d+", html), url  # not even the signal's reference
