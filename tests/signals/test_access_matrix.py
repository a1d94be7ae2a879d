"""Every role against every signal and commitment URL, with objects owned by someone else.

The URLs come from app.url_map, so a route added later is checked without touching this
file. Each is requested with GET and POST (and GET as htmx) by a visitor, the member who
raised one of the signals, another member, a partner of another organisation, staff and
an admin. Expected: visitors are sent to sign in; roles a route is not for get 403; an
object that is not yours is 403 or 404; no one gets a 500; and no page ever shows the
other owner's text or, without consent, their name or address. A POST by someone without
access changes nothing.
"""

from __future__ import annotations

import io
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.routing.converters import NumberConverter

from stem.core.db import db
from stem.signals.intake.services import create_signal
from stem.signals.models import Signal
from stem.signals.triage import replies
from stem.signals.triage import services as triage
from tests import factories
from tests.signals.triage_helpers import commitment

PREFIXES = (
    "/signals",
    "/my/signals",
    "/staff/signals",
    "/commitments",
    "/admin/commitments",
    "/admin/themes",
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
MEMBER_TEXT = "GEHEIM-LID-7f3a: mijn coach zei iets heel persoonlijks over mij."
PARTNER_TEXT = "GEHEIM-PARTNER-91c2: onze cursist kreeg geen plek in de klas."
MEMBER_NAME, MEMBER_EMAIL = "Amal Geheimnaam", "amal.geheim@example.nl"
PARTNER_NAME, PARTNER_EMAIL = "Sanne Geheimnaam", "sanne.geheim@example.nl"
ACTORS = ("visitor", "member", "other_member", "other_partner", "staff", "admin")


def _report(actor, body, theme):
    files = [FileStorage(stream=io.BytesIO(JPEG), filename="foto.jpg")]
    return create_signal(actor=actor, body=body, theme=theme, attachments=files)


@pytest.fixture
def world(app):
    """A member's signal and a partner's signal, answered and linked to a commitment."""
    theme = factories.create_theme()
    owner = factories.create_user("member", display_name=MEMBER_NAME, email=MEMBER_EMAIL)
    partner = factories.create_user("partner", display_name=PARTNER_NAME, email=PARTNER_EMAIL)
    staff = factories.create_user("staff")
    with app.test_request_context():
        member_signal = _report(owner, MEMBER_TEXT, theme)
        partner_signal = _report(partner, PARTNER_TEXT, theme)
        t40 = commitment("21/T40")
        for target in (member_signal, partner_signal):
            triage.link_commitment(staff, target, t40)
            replies.write_reply(staff, target, {"nl": "Antwoord van de gemeente."})
    db.session.commit()
    return {
        "theme": theme,
        "owner": owner,
        "commitment": t40,
        "member_signal": member_signal,
        "partner_signal": partner_signal,
    }


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIXES):
            yield rule


def _url(app, rule, world, victim: Signal) -> str:
    values = {}
    for name in rule.arguments:
        numeric = isinstance(rule._converters[name], NumberConverter)
        if "attachment" in name:
            values[name] = victim.attachments[0].id
        elif "commitment" in name:
            values[name] = world["commitment"].id
        elif "theme" in name:
            values[name] = world["theme"].id
        elif name == "fmt":
            values[name] = "csv"  # the register's export
        elif "reference" in name or not numeric:
            values[name] = victim.reference
        else:
            values[name] = victim.id
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _snapshot(signal_id: int) -> tuple:
    db.session.expire_all()
    s = db.session.get(Signal, signal_id)
    return (
        s.status,
        s.version,
        s.theme_id,
        s.assignee_id,
        s.priority,
        s.merged_into_id,
        len(s.submitters),
        len(s.events),
        len(s.replies),
        len(s.attachments),
        len(s.commitments),
    )


def _payload(world, victim: Signal, token: str) -> dict:
    """A plausible form for any of these routes: an access check must stop it, not a typo."""
    return {
        "csrf_token": token,
        "version": str(victim.version),
        "into_version": str(victim.version),
        "status": "closed",
        "reason": "Weg ermee.",
        "text_nl": "Gekaapt antwoord.",
        "priority": "high",
        "theme": str(world["theme"].id),
        "commitment": str(world["commitment"].id),
        "ids": f"{victim.id}:{victim.version}",
        "action": "status",
        "bulk_status": "triage",
        "body": "Een nieuw signaal.",
        "active": "0",
    }


def _secrets(actor: str, victim_key: str) -> list[str]:
    if actor in ("staff", "admin"):
        # Staff read every signal, but a member's name and address only with consent.
        return [MEMBER_NAME, MEMBER_EMAIL]
    if victim_key == "member_signal":
        return [MEMBER_TEXT, MEMBER_NAME, MEMBER_EMAIL]
    return [PARTNER_TEXT, PARTNER_NAME, PARTNER_EMAIL]


def _sign_in(actor: str, world, login_as):
    if actor == "visitor":
        return None
    if actor == "member":
        return login_as(world["owner"])
    role = {"other_member": "member", "other_partner": "partner"}.get(actor, actor)
    return login_as(role)


@pytest.mark.parametrize("actor", ACTORS)
def test_no_leaks(app, client, login_as, world, actor):
    user = _sign_in(actor, world, login_as)
    role = getattr(user, "role", None)
    privileged = role in ("staff", "admin")
    token = client.csrf_token()
    victims = ["partner_signal"] if actor == "member" else ["member_signal", "partner_signal"]
    problems: list[str] = []
    checked = 0

    requests = []
    for rule in _rules(app):
        access = app.view_functions[rule.endpoint].access
        for key in victims:
            url = _url(app, rule, world, world[key])
            for method in ("GET", "POST"):
                if method in rule.methods:
                    requests.append((rule, access, key, url, method))
    # Staff and admins may change things with a POST: they go last.
    requests.sort(key=lambda r: r[4] == "POST" and privileged)
    seen = set()
    for rule, access, key, url, method in requests:
        if (method, url) in seen:
            continue
        seen.add((method, url))
        victim = world[key]
        before = _snapshot(victim.id)
        variants = [{}, {"HX-Request": "true"}] if method == "GET" else [{}]
        for headers in variants:
            if method == "GET":
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, data=_payload(world, victim, token), headers=headers)
            checked += 1
            status = response.status_code
            where = f"{actor} {method} {url} ({access}){' htmx' if headers else ''}: {status}"
            body = response.get_data(as_text=True) if response.mimetype.startswith("text") else ""
            if status >= 500:
                problems.append(f"{where}: server error")
            for secret in _secrets(actor, key):
                if secret in body:
                    problems.append(f"{where}: shows {secret!r}")
            if access == "public":
                continue
            if user is None:
                location = response.headers.get("Location", "")
                if status != 302 or "sign-in" not in location:
                    problems.append(f"{where}: a visitor must be sent to sign in")
                continue
            if access.startswith("roles:") and role not in access.removeprefix("roles:").split(","):
                if status != 403:
                    problems.append(f"{where}: expected 403 for {role}")
                continue
            if not privileged and rule.arguments and status not in (403, 404):
                problems.append(f"{where}: someone else's object must be 403 or 404")
        if not privileged and _snapshot(victim.id) != before:
            problems.append(f"{actor} {method} {url}: changed {victim.reference}")
    assert checked > 30, "the url_map walk found too few routes"
    assert not problems, "\n".join(problems)


def test_the_walk_covers_the_triage_and_intake_routes(app):
    endpoints = {rule.endpoint for rule in _rules(app)}
    for expected in ("signals.inbox", "signals.triage", "signals.merge", "signals.reply"):
        assert expected in endpoints
    assert any(re.match(r"commitments\.", e) for e in endpoints)
    assert any(e in endpoints for e in ("signals.view", "signals.mine"))
