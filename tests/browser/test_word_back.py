"""The start page's "what happened with what you said" on a phone: readable, axe-clean.

Amal (demo, Arabic) raised a signal linked to a public action with public updates; her
start page shows the action, its progress and the latest update, in Dutch and in Arabic.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    PHONE,
    choose_language,
    has_no_horizontal_scroll,
    new_page,
    sign_in_member,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

AMAL = "amal@demo.stem.example"


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_start_page_shows_what_happened_with_what_you_said(browser, live_server, axe, lang):
    page = new_page(browser, live_server, PHONE, bypass_csp=True)
    page.goto("/")
    choose_language(page, lang)
    sign_in_member(page, live_server, AMAL, lang)
    choose_language(page, lang)
    heading = page.get_by_role("heading", name=live_server.t("Wat er gebeurde met wat je zei", lang))
    assert heading.is_visible()
    section = page.locator("section", has=heading)
    assert section.locator("progress").count() >= 1
    assert has_no_horizontal_scroll(page)
    axe(page, f"member home with word back ({lang})")
    axe.assert_clean()
    page.context.close()
