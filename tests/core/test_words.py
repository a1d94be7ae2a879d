"""One name per thing, and words and dates that read right in the page's language."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale

from stem.signals import wording
from stem.signals.models import SIGNAL_STATUSES, SignalEvent
from stem.signals.triage import history

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def _templates() -> dict[str, str]:
    return {
        str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8")
        for p in TEMPLATES.rglob("*.html")
    }


# --- the partner's page has one name ----------------------------------------------------------


def test_the_partners_page_has_one_name_everywhere(client, login_as):
    retired = "Signalen van mijn organisatie"
    assert not [name for name, text in _templates().items() if retired in text]
    login_as("partner", locale="nl")
    html = client.get("/my/signals").get_data(as_text=True)
    assert "<title>Signalen van je organisatie · " in html
    assert '<h1 class="utrecht-heading-1">Signalen van je organisatie</h1>' in html
    nav = html.split('<nav class="stem-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Signalen van je organisatie" in nav
    assert "Mijn signalen" not in html
    home = client.get("/home").get_data(as_text=True)
    assert "Signalen van je organisatie" in home
    assert "Mijn signalen" not in home


# --- staff have one name ------------------------------------------------------------------------


def test_staff_are_called_medewerker_everywhere():
    from stem.accounts.forms import ROLE_CHOICES
    from stem.core.templating import ROLE_NAMES

    assert dict(ROLE_CHOICES)["staff"]._args[0] == "Medewerker"
    assert ROLE_NAMES["staff"]._args[0] == "Medewerker"
    assert history.SOURCE_LABELS["staff"]._args[0] == "Medewerker"
    sources = [*ROOT.joinpath("stem").rglob("*.py"), *TEMPLATES.rglob("*.html")]
    used = [p for p in sources if "translations" not in p.parts and "Beleidsmedewerker" in p.read_text()]
    assert not used


# --- signals have one status vocabulary ---------------------------------------------------------


def test_signals_have_one_status_vocabulary(app):
    with app.test_request_context(), force_locale("nl"):
        for status in SIGNAL_STATUSES:
            staff_word = history.status_label(status)
            member_word, kind = wording.status_badge(status)
            assert staff_word == member_word
            assert history.status_kind(status) == kind
    retired = ["In triage", "Mee bezig", "Open (nieuw, in triage, in behandeling)"]
    for name, text in _templates().items():
        for word in retired:
            assert word not in text, (name, word)
    for path in ROOT.joinpath("stem", "signals").rglob("*.py"):
        for word in ['_l("Nieuw")', '_l("In triage")', '_l("Gesloten")', '_l("Mee bezig")']:
            assert word not in path.read_text(), (path, word)


# --- a contact request is marked as handled by an action ---------------------------------------


def test_handling_a_contact_request_is_an_action():
    text = _templates()["surveys/rounds/contact_requests.html"]
    button = re.search(r"<button[^>]*>(.*?)</button>", text, re.S).group(1)
    assert "Markeer als afgehandeld" in button
    # "Afgehandeld" alone stays the word for the state, in a badge.
    assert 'badge(_("Afgehandeld")' in text


# --- deleting the account is a destructive action ----------------------------------------------


def test_delete_my_account_uses_the_danger_button(client, login_as):
    login_as("member", locale="nl")
    html = client.get("/account/delete").get_data(as_text=True)
    button = re.search(r'<button type="submit" class="([^"]+)"[^>]*>Mijn account verwijderen<', html)
    assert button, "no delete button"
    assert "utrecht-button--danger" in button.group(1).split()
    theme = (ROOT / "static" / "css" / "theme.css").read_text()
    assert "--utrecht-button-primary-action-danger-background-color: #b3141b" in theme


# --- English dates are in day-month order -------------------------------------------------------


def test_english_dates_put_the_day_first(app):
    from stem.core import dates

    day = date(2026, 12, 7)
    moment = datetime(2026, 12, 7, 14, 30, tzinfo=UTC)
    with app.test_request_context(), force_locale("en"):
        assert dates.format_date(day, "long") == "7 December 2026"
        assert render_template_string("{{ d | dateformat('long') }}", d=day) == "7 December 2026"
        assert render_template_string("{{ d | dateformat('medium') }}", d=day) == "7 Dec 2026"
        assert render_template_string("{{ m | datetimeformat('short') }}", m=moment) == "07/12/2026, 15:30"
    with app.test_request_context(), force_locale("nl"):
        assert render_template_string("{{ d | dateformat('long') }}", d=day) == "7 december 2026"


def test_no_module_formats_dates_with_the_catalog_locale():
    """Flask-Babel's own format_date would write English dates month first."""
    for path in ROOT.joinpath("stem").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
                names = {alias.name for alias in node.names}
                assert not names & {"format_date", "format_datetime", "format_time"}, path


# --- staff history names languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("nl", "Arabisch, Dari, Nederlands"), ("en", "Arabic, Dari, Dutch")],
)
def test_history_names_the_languages_of_a_reply(app, locale, expected):
    event = SignalEvent(kind="reply", old="", new="ar, fa_AF, nl")
    with app.test_request_context(), force_locale(locale):
        line = history.describe(event)
    assert expected in line
    assert "ar, " not in line


# --- staff report a signal with a lead of their own --------------------------------------------


def test_staff_get_their_own_lead_on_the_signal_form(client, login_as):
    member_lead = "Heb je iets gezien of meegemaakt bij het inburgeren?"
    login_as("member", locale="nl")
    assert member_lead in client.get("/signals/new").get_data(as_text=True)
    login_as("staff", locale="nl")
    staff_page = client.get("/signals/new").get_data(as_text=True)
    assert member_lead not in staff_page
    assert "namens wie je het doorgeeft" in staff_page
