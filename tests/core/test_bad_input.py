"""Bad input on every route: never a server error, and a refusal in the person's language.

The routes come from app.url_map, so a route added later is swept without touching this
file. Each is requested by a visitor, a member, a partner and an admin (who reaches
every staff page), with real objects in its URL: GET with a query string of nonsense
(as a page and as htmx), a method the route does not take, POST without a CSRF token,
and POST (as a page and as htmx) with a valid token and every field a form of ours uses
filled with the wrong kind of value (words for numbers, ids that do not exist, a step
that is not allowed, text far over any limit, a file that is not what it says).
Expected: no 5xx, ever, and every page that answers (a refusal or the form again with its
messages) in the person's language.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from werkzeug.routing.converters import NumberConverter

from stem.actions.updates import UpdateText, post_update
from stem.core.db import db
from stem.signals.intake.services import create_signal
from stem.translation.glossary import save_term
from stem.translation.services import request_translation
from tests import factories
from tests.actions.helpers import create_action
from tests.surveys.answering_helpers import invite

ROLES = ("visitor", "member", "partner", "admin")
LANG_RE = re.compile(r'<html lang="([^"]+)"')
HTMX = {"HX-Request": "true"}
# Routes that end the session or the account: requested last, so the sweep keeps going.
ENDING = ("accounts.sign_out", "accounts.sign_out_everywhere", "accounts.account_delete")
# Routes that remove the object the other URLs use: requested after all others but ENDING.
REMOVING = ("commitments.delete",)
HEALTH = "core.healthz"  # answers 503 by design while no scheduler runs (as in this test)
NONSENSE_QUERY = {
    "page": "-7",
    "status": "\u202egesloten",
    "theme": "zes",
    "source": "x" * 300,
    "organisation": "1e9",
    "district": "Mars",
    "assignee": "99999999999999999999",
    "commitment": "NaN",
    "q": "%' OR 1=1 --" * 50,
    "sort": "sideways",
    "overdue": "perhaps",
    "into": "S-9999-ABCDE",
    "into_id": "elf",
    "next": "//evil.example/",
    "locale": "xx",
    "owner": "o²",
    "signal": "٣",
    "question": "99999999999999999999",
}
WRONG = "99999999999999999999"  # too big for any id column
LONG = "ﷺ𝕏 lange tekst " * 500  # 8,000 characters in several scripts: over every limit we set
# Numbers that str.isdigit() or int() accept but an id column cannot hold or should not see:
# superscripts, Arabic-Indic and full-width digits, 20 digits, a NUL byte after a digit.
ODD_NUMBERS = ["²", "٣", "１２", "1\x00", WRONG, "12345678901234567890123"]
NUL_TEXT = "tekst met\x00een NUL-byte en \x07 een bel"
UNICODE_QUERY = {
    **{key: "²" for key in ("page", "theme", "organisation", "assignee", "commitment", "into_id")},
    "quote": ["²:1", "1:٣", "\x00", f"{WRONG}:{WRONG}", "１:１"],
    "q": NUL_TEXT,
    "status": "\x00",
    "period": "２０２６-１２",
    "lang": "\x00",
}


def _unicode_form(token: str) -> dict:
    """Every field name our forms use, with odd digits for numbers and NUL bytes in text."""
    form = _nonsense_form(token)
    for name, value in list(form.items()):
        if isinstance(value, list):
            form[name] = ODD_NUMBERS
        elif isinstance(value, str) and name != "csrf_token":
            form[name] = NUL_TEXT
    form["ids"] = ["²:1", "1:٣", "\x00:\x00", f"{WRONG}:{WRONG}", "１:１"]
    form.pop("attachments")
    form.pop("audio")
    return form


def _nonsense_form(token: str) -> dict:
    """Every field name our forms use, each with a value of the wrong kind."""
    text_fields = (
        "body", "reason", "text", "text_nl", "text_ar", "title", "hint", "label",
        "name", "display_name", "summary", "source_detail", "on_behalf_name", "note",
        "description", "title_nl", "happened_nl", "stopped_reason", "owner_department",
        "progress_note", "fulfilled_by", "department", "title_ar", "description_ar",
    )
    number_fields = (
        "version", "into_version", "assignee", "bulk_assignee", "theme", "bulk_theme",
        "commitment", "organisation", "survey", "position", "option", "question",
        "round", "number", "value", "responsible", "owner_organisation", "parent", "weight",
        "progress", "target",
    )
    choice_fields = (
        "status", "bulk_status", "priority", "district", "role", "channel", "kind",
        "locale", "language", "source", "action", "direction", "anonymous", "required",
        "ask_contact", "active", "answer", "may_contact", "consent",
        "on_behalf_channel", "fmt", "period",
    )
    form: dict = {"csrf_token": token}
    form.update({name: LONG for name in text_fields})
    form.update({name: ["zeven", WRONG, "-1"] for name in number_fields})
    form.update({name: ["\u202e💥", "", WRONG] for name in choice_fields})
    form.update(
        {
            "ids": ["1:x", "-3:", "abc", f"{WRONG}:1"],
            "email": "geen-adres@",
            "phone": "+31 6 ABCDEFGH",
            "address": "x" * 2000,
            "code": "12345a",
            "password": "x",
            "new_password": "kort",
            "confirm": "misschien",
            "next": "//evil.example/",
            "into": "S-2026-99999",
            "form_key": "x" * 1000,
            "opens_on": "31-02-2026",
            "closes_on": "gisteren",
            "starts_on": "32-13-2026",
            "due_on": "0000-00-00",
            "happened_on": "morgen",
            "made_on": "2026-02-30",
            "fulfilled_on": "1999-01-01",
            "council_url": "javascript:alert(document.cookie)//" + "x" * 600,
            "next_on": "\u202e2026",
            "code_value": "T/" * 100,
            "attachments": (io.BytesIO(b"MZ\x90\x00 not a photo"), "foto.jpg"),
            "audio": (io.BytesIO(b"%PDF-1.4 not audio"), "clip.mp3"),
        }
    )
    return form


@pytest.fixture
def world(app):
    """One of everything a URL can name, with the member invited to an open round."""
    organisation = factories.create_organisation()
    member = factories.create_user("member", locale="ar")
    partner = factories.create_user("partner", organisation=organisation, locale="ar")
    admin = factories.create_user("admin", locale="ar")
    theme = factories.create_theme()
    survey = factories.create_survey(kinds=("smiley5", "single", "multiple", "long_text"))
    round_ = factories.create_round(survey)
    token, _member = invite(round_, member, locale="ar")
    commitment = factories.create_commitment()
    action = create_action(owner_organisation=organisation)
    update = post_update(admin, action, happened_on=date(2027, 1, 4), next_on=None, public=True,
                         texts={"nl": UpdateText("De eerste groep is gestart.")})
    with app.test_request_context():
        signal = create_signal(
            actor=member,
            body="Mijn les werd afgezegd.",
            theme=theme,
            attachments=[_jpeg()],
        )
    desk_item = request_translation("signal", signal, "body", ["en"], used_for="Bad input")[0]
    term = save_term(None, "Welkomhuis", "", {"ar": ("", True)})
    db.session.commit()
    chosen = survey.questions[1]  # a question with options
    return {
        "users": {"member": member, "partner": partner, "admin": admin},
        "values": {
            "signal_id": signal.id,
            "attachment_id": signal.attachments[0].id,
            "reference": signal.reference,
            "commitment_id": commitment.id,
            "organisation_id": organisation.id,
            "theme_id": theme.id,
            "user_id": member.id,
            "round_id": round_.id,
            "survey_id": survey.id,
            "question_id": chosen.id,
            "option_id": chosen.options[0].id,
            "request_id": 1,
            "audio_id": 1,
            "number": 2,
            "locale": "ar",
            "fmt": "csv",
            "dataset": "actions",
            "key": "21-T40",
            "action_id": action.id,
            "update_id": update.id,
            "item_id": desk_item.id,
            "term_id": term.id,
            "kind": "signal",
            "source_id": signal.id,
        },
        "round_token": token,
    }


def _jpeg():
    from werkzeug.datastructures import FileStorage

    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
    return FileStorage(stream=io.BytesIO(data), filename="foto.jpg")


def _url(app, rule, world) -> str:
    values = {}
    for name in rule.arguments:
        if name == "token":
            # A real round link for the answering pages; nonsense for sign-in tokens.
            values[name] = world["round_token"] if rule.rule.startswith("/r/") else "x" * 43
        elif name in world["values"]:
            values[name] = world["values"][name]
        elif isinstance(rule._converters[name], NumberConverter):
            values[name] = 1
        else:
            values[name] = "x"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _with_token(send, what, token):
    """Run an attempt on an ending route with the token of the session it has now."""
    return send(token) if what in ("nonsense", "unicode", "htmx nonsense") else send()


def _requests(app, world):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    rules.sort(key=lambda r: (r.endpoint in ENDING, r.endpoint in REMOVING))
    for rule in rules:
        url = _url(app, rule, world)
        if "GET" in rule.methods:
            yield rule, "GET", url
        if "POST" in rule.methods:
            yield rule, "POST", url


@pytest.mark.parametrize("role", ROLES)
def test_nonsense_on_every_route_gets_no_server_error(app, client, login_as, world, role):
    user = world["users"].get(role)
    user_id = getattr(user, "id", None)
    problems: list[str] = []
    swept = 0
    token = None
    for rule, method, url in _requests(app, world):
        if user is not None:
            login_as(user)  # again before each request: an earlier one may have signed out
        if token is None or rule.endpoint in ENDING:
            token = client.csrf_token()  # signing out clears the session and its token
        attempts = (
            [
                ("query", lambda u=url: client.get(u, query_string=NONSENSE_QUERY)),
                ("unicode query", lambda u=url: client.get(u, query_string=UNICODE_QUERY)),
                ("htmx query", lambda u=url: client.get(u, query_string=NONSENSE_QUERY, headers=HTMX)),
                ("PUT", lambda u=url: client.put(u, data={"body": "x"})),
            ]
            if method == "GET"
            else [
                ("no CSRF token", lambda u=url: client.post(u, data={"body": "x"})),
                ("nonsense", lambda t=token, u=url: client.post(u, data=_nonsense_form(t))),
                ("unicode", lambda t=token, u=url: client.post(u, data=_unicode_form(t))),
                (
                    "htmx nonsense",
                    lambda t=token, u=url: client.post(u, data=_nonsense_form(t), headers=HTMX),
                ),
            ]
        )
        for what, send in attempts:
            if rule.endpoint in ENDING and user is not None and what != attempts[0][0]:
                if db.session.get(type(user), user_id) is None:
                    break  # the account was deleted by the attempt before: nothing left to ask
                login_as(user)  # the attempt before may have ended the session
                token = client.csrf_token()
            response = send() if rule.endpoint not in ENDING else _with_token(send, what, token)
            swept += 1
            where = f"{role} {method} {url} ({what}): {response.status_code}"
            if response.status_code >= 500 and not (
                rule.endpoint == HEALTH and response.status_code == 503
            ):
                problems.append(f"{where}: server error")
                continue
            if what.startswith("htmx"):
                continue  # a partial has no <html>; its language is the full page's
            if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
                lang = LANG_RE.search(response.get_data(as_text=True))
                # A round link speaks the invited member's language (Arabic here); other pages
                # the signed-in person's, and a visitor's browser's (the client asks English).
                # A method no route takes matches no page: it cannot know whose link it is.
                link_page = rule.rule.startswith("/r/") and what != "PUT"
                expected = "ar" if link_page else getattr(user, "locale", "en")
                if lang is None or lang[1] != expected:
                    problems.append(f"{where}: the page is not in {expected!r}")
        db.session.rollback()
    assert swept > 150, "the url_map walk found too few routes"
    assert not problems, "\n".join(problems)
