"""Every one of the eight languages: the right lang and dir, and nothing wider than a phone."""

from __future__ import annotations

import pytest

from stem.core.i18n import LANGUAGES
from tests.browser.conftest import (
    choose_language,
    fill,
    has_no_horizontal_scroll,
    press,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def test_public_pages_fit_a_phone_in_every_language(phone, live_server):
    """Long words (Ukrainian, Somali) and other scripts (Ge'ez, Arabic) must wrap at 360 px."""
    problems = []
    phone.goto("/")
    for language in LANGUAGES:
        choose_language(phone, language.code)
        html = phone.locator("html")
        if (html.get_attribute("lang"), html.get_attribute("dir")) != (
            language.html_lang,
            language.direction,
        ):
            problems.append(f"{language.code}: <html lang/dir> is wrong")
        for path in ("/", "/sign-in", "/staff/sign-in"):
            phone.goto(path)
            if not has_no_horizontal_scroll(phone):
                problems.append(f"{language.code} {path}: scrolls sideways at 360 px")
        # An address that is not one: the longest error message. (Distinct per language,
        # as the sign-in form limits attempts per address typed.)
        phone.goto("/sign-in")
        t = live_server.t
        fill(phone, t("Je e-mailadres of mobiele nummer", language.code), f"nee-{language.code}")
        press(phone, t("Stuur mij een link", language.code))
        if not has_no_horizontal_scroll(phone):
            problems.append(f"{language.code} /sign-in with errors: scrolls sideways at 360 px")
    assert not problems, "\n".join(problems)
    assert phone.console_errors == [], "errors in the browser (a CSP violation?)"
