"""The public pages as a visitor uses them: signed out, on a phone, in Arabic, without
JavaScript. She finds commitment 21/T40 (its code reads 21/T40, not T40/21) and the
progress of one of its actions."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, choose_language, has_no_horizontal_scroll, new_page

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def test_arabic_phone_without_javascript_finds_commitment_and_progress(browser, live_server):
    t = live_server.t
    page = new_page(browser, live_server, PHONE, java_script_enabled=False)
    try:
        page.goto("/")
        choose_language(page, "ar")
        link = t("Bekijk wat De Stem inbracht en wat de gemeente ermee deed", "ar")
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("link", name=link).click()
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert has_no_horizontal_scroll(page)

        main = page.get_by_role("main")
        code = main.locator("a bdi", has_text="21/T40").first
        assert code.inner_text() == "21/T40"
        assert code.get_attribute("dir") == "ltr"
        with page.expect_navigation():
            main.get_by_role("link").filter(has=page.locator("bdi", has_text="21/T40")).first.click()
        assert "/public/commitments/21-T40" in page.url
        heading = page.get_by_role("heading", level=1)
        assert heading.locator("bdi").inner_text() == "21/T40"

        progress = page.get_by_role("main").locator(".stem-card .stem-progress__text").first
        bar = page.get_by_role("main").locator(".stem-card progress").first
        value = int(bar.get_attribute("value"))
        assert progress.inner_text() == t("%(percent)d%% klaar", "ar", percent=value)
        assert has_no_horizontal_scroll(page)
        assert not page.console_errors, page.console_errors
    finally:
        page.context.close()
