"""A member signs in on a 360 px phone with the link or the code, then switches to Arabic."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    NEW_MEMBER,
    NO_JS_MEMBER,
    PHONE,
    choose_language,
    fill,
    has_no_horizontal_scroll,
    new_page,
    open_language_list,
    press,
    request_sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def _signed_in_as(page, name: str) -> None:
    assert page.url.endswith("/home"), page.url
    assert name in page.get_by_role("heading", level=1).inner_text()


def test_member_signs_in_with_the_link_and_switches_to_arabic(phone, live_server):
    t = live_server.t
    phone.goto("/")
    assert phone.locator("html").get_attribute("lang") == "nl"  # Dutch by default
    assert phone.locator("html").get_attribute("dir") == "ltr"
    with phone.expect_navigation():
        phone.get_by_role("main").get_by_role("link", name=t("Inloggen"), exact=True).click()
    assert phone.url.endswith("/sign-in")

    request_sign_in(phone, live_server, NEW_MEMBER)
    link = live_server.sign_in_link(NEW_MEMBER)
    assert link.startswith(live_server.url + "/sign-in/link/")

    # Opening the link (as a mail scanner would) signs nobody in; pressing the button does.
    phone.goto(link)
    assert phone.url == link
    press(phone, t("Verder"))
    _signed_in_as(phone, "Noor")

    choose_language(phone, "ar")
    html = phone.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert phone.url.endswith("/home")
    _signed_in_as(phone, "Noor")
    assert phone.get_by_role("link", name=t("Mijn account", "ar"), exact=True).first.is_visible()
    # The closed language choice names the language; opened, it marks it as current.
    assert "العربية" in phone.locator("details.stem-lang-picker > summary").inner_text()
    open_language_list(phone)
    arabic = phone.get_by_role("button", name="العربية", exact=True)
    assert arabic.get_attribute("aria-current") == "true"
    assert has_no_horizontal_scroll(phone), "the page scrolls sideways at 360 px in Arabic"
    assert phone.console_errors == [], "errors in the browser (a CSP violation?)"

    # The link works once: opened again, it shows the expired-link page.
    assert phone.goto(link).status == 410
    assert phone.get_by_role("button", name=t("Verder", "ar")).count() == 0


def test_member_signs_in_with_the_code(phone, live_server):
    t = live_server.t
    request_sign_in(phone, live_server, NEW_MEMBER)
    fill(phone, t("Code"), live_server.sign_in_code(NEW_MEMBER))
    press(phone, t("Inloggen"))
    _signed_in_as(phone, "Noor")
    assert phone.console_errors == [], "errors in the browser (a CSP violation?)"


def test_a_wrong_code_is_refused_with_a_message(phone, live_server):
    t = live_server.t
    request_sign_in(phone, live_server, NEW_MEMBER)
    code = live_server.sign_in_code(NEW_MEMBER)
    fill(phone, t("Code"), f"{(int(code) + 1) % 1_000_000:06d}")
    press(phone, t("Inloggen"))
    assert phone.url.endswith("/sign-in/code")
    main = phone.get_by_role("main")
    assert main.get_by_role("alert").is_visible()
    refused = t(
        "Deze code klopt niet of is verlopen. Controleer de code of vraag een nieuwe code aan."
    )
    assert refused in main.get_by_role("alert").inner_text()
    assert main.get_by_label(t("Code"), exact=True).get_attribute("aria-invalid") == "true"


def test_signing_in_works_without_javascript(browser, live_server):
    t = live_server.t
    page = new_page(browser, live_server, PHONE, java_script_enabled=False)
    try:
        request_sign_in(page, live_server, NO_JS_MEMBER)
        fill(page, t("Code"), live_server.sign_in_code(NO_JS_MEMBER))
        press(page, t("Inloggen"))
        _signed_in_as(page, "Dawit")
        choose_language(page, "ar")  # the language switch is a plain form too
        assert page.url.endswith("/home")
    finally:
        page.context.close()
