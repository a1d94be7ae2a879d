"""A member signs in on a 360 px phone with the link or the code, then switches to Arabic."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    CODE_LABEL,
    CONTINUE,
    NEW_MEMBER,
    NO_JS_MEMBER,
    PHONE,
    SIGN_IN,
    choose_language,
    has_no_horizontal_scroll,
    new_page,
    request_sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def _signed_in_as(page, name: str) -> None:
    assert page.url.endswith("/home"), page.url
    assert name in page.get_by_role("heading", level=1).inner_text()


def test_member_signs_in_with_the_link_and_switches_to_arabic(phone, live_server):
    phone.goto("/")
    assert phone.locator("html").get_attribute("lang") == "nl"  # Dutch by default
    with phone.expect_navigation():
        phone.get_by_role("main").get_by_role("link", name=SIGN_IN).click()
    assert phone.url.endswith("/sign-in")

    request_sign_in(phone, NEW_MEMBER)
    link = live_server.sign_in_link(NEW_MEMBER)
    assert link.startswith(live_server.url + "/sign-in/link/")

    # Opening the link (as a mail scanner would) signs nobody in; pressing the button does.
    phone.goto(link)
    assert phone.url == link
    with phone.expect_navigation():
        phone.get_by_role("main").get_by_role("button", name=CONTINUE).click()
    _signed_in_as(phone, "Noor")

    choose_language(phone, "ar")
    html = phone.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert phone.url.endswith("/home")
    _signed_in_as(phone, "Noor")
    arabic = phone.get_by_role("button", name="العربية", exact=True)
    assert arabic.get_attribute("aria-current") == "true"
    assert has_no_horizontal_scroll(phone), "the page scrolls sideways at 360 px in Arabic"
    assert phone.console_errors == [], "errors in the browser (a CSP violation?)"

    # The link worked once: using it again shows the expired-link page.
    phone.goto(link)
    assert phone.get_by_role("button", name=CONTINUE).count() == 0


def test_member_signs_in_with_the_code(phone, live_server):
    request_sign_in(phone, NEW_MEMBER)
    code = live_server.sign_in_code(NEW_MEMBER)
    main = phone.get_by_role("main")
    main.get_by_label(CODE_LABEL).fill(code)
    with phone.expect_navigation():
        main.get_by_role("button", name=SIGN_IN).click()
    _signed_in_as(phone, "Noor")
    assert phone.console_errors == [], "errors in the browser (a CSP violation?)"


def test_a_wrong_code_is_refused_with_a_message(phone, live_server):
    request_sign_in(phone, NEW_MEMBER)
    code = live_server.sign_in_code(NEW_MEMBER)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    main = phone.get_by_role("main")
    main.get_by_label(CODE_LABEL).fill(wrong)
    with phone.expect_navigation():
        main.get_by_role("button", name=SIGN_IN).click()
    assert phone.url.endswith("/sign-in/code")
    assert main.get_by_role("alert").is_visible()
    assert main.get_by_label(CODE_LABEL).get_attribute("aria-invalid") == "true"


def test_signing_in_works_without_javascript(browser, live_server):
    page = new_page(browser, live_server, PHONE, java_script_enabled=False)
    try:
        request_sign_in(page, NO_JS_MEMBER)
        main = page.get_by_role("main")
        main.get_by_label(CODE_LABEL).fill(live_server.sign_in_code(NO_JS_MEMBER))
        with page.expect_navigation():
            main.get_by_role("button", name=SIGN_IN).click()
        _signed_in_as(page, "Dawit")
        # The language switch is a plain form too.
        choose_language(page, "ar")
        assert re.fullmatch(r".*/home", page.url)
    finally:
        page.context.close()
