"""axe-core finds no WCAG 2.1 A/AA violation on any page, in Dutch and in Arabic.

Public and member pages are checked on a 360 px phone (where they must not scroll
sideways either), staff and admin pages on a desktop. Forms are also checked showing
their errors. Each test signs in once, through the real forms, and walks its pages; it
notes every problem on the way and reports them all at the end.
"""

from __future__ import annotations

import re

import pyotp
import pytest
import sqlalchemy as sa

from stem.core.demo import DEMO_PASSWORD
from tests.browser.conftest import (
    DESKTOP,
    NEW_STAFF,
    PHONE,
    choose_language,
    desk_staff,
    fill,
    has_no_horizontal_scroll,
    new_page,
    press,
    request_sign_in,
    sign_in_member,
    sign_in_staff,
    staff_password_step,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

MEMBER = "samir@demo.stem.example"
STAFF = "eva@utrecht.demo.example"
ADMIN = "beheer@utrecht.demo.example"
STAFF_CODE_LABEL = "Code uit je authenticator-app, of een herstelcode"


@pytest.fixture(params=["nl", "ar"])
def lang(request) -> str:
    return request.param


class Walk:
    """A person walking through pages: axe on each, and on a phone no sideways scrolling."""

    def __init__(self, page, axe, phone: bool):
        self.page, self.axe, self.phone = page, axe, phone
        self.problems: list[str] = []

    def goto(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        if response.status != status:
            self.problems.append(f"{path}: HTTP {response.status}, expected {status}")

    def at(self, path_pattern: str) -> None:
        assert re.search(path_pattern + "$", self.page.url), self.page.url

    def shows_errors(self) -> None:
        main = self.page.get_by_role("main")
        if not main.get_by_role("alert").first.is_visible():
            self.problems.append(f"{self.page.url}: no error summary (role=alert)")
        if main.locator("[aria-invalid=true]").count() == 0:
            self.problems.append(f"{self.page.url}: no field marked aria-invalid")

    def check(self, name: str) -> None:
        self.axe(self.page, name)
        if self.phone and not has_no_horizontal_scroll(self.page):
            width = self.page.evaluate("() => document.documentElement.scrollWidth")
            self.problems.append(f"{name} ({self.page.url}): {width} px wide, scrolls sideways")

    def assert_clean(self) -> None:
        self.axe.assert_clean()
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def phone_walk(browser, live_server, axe):
    """A walk on a phone; the context bypasses the app's CSP so that axe can be injected."""
    page = new_page(browser, live_server, PHONE, bypass_csp=True)
    yield Walk(page, axe, phone=True)
    page.context.close()


@pytest.fixture
def desktop_walk(browser, live_server, axe):
    """A walk on a desktop; the context bypasses the app's CSP so that axe can be injected."""
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    yield Walk(page, axe, phone=False)
    page.context.close()


def test_public_pages(phone_walk, live_server, lang):
    walk, page, t = phone_walk, phone_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    walk.check("start page")

    walk.goto("/sign-in")
    walk.check("sign in")
    press(page, t("Stuur mij een link", lang))
    walk.shows_errors()
    walk.check("sign in, with errors")

    request_sign_in(page, live_server, MEMBER, lang)
    walk.check("sign in: code")
    fill(page, t("Code", lang), "12")
    press(page, t("Inloggen", lang))
    walk.shows_errors()
    walk.check("sign in: code, with errors")

    walk.goto(live_server.sign_in_link(MEMBER))
    walk.check("sign in: link, Continue")
    walk.goto("/sign-in/link/this-link-does-not-exist-or-has-expired", status=410)
    walk.check("sign in: link expired")

    walk.goto("/staff/sign-in")
    walk.check("staff sign in")
    press(page, t("Volgende", lang))
    walk.shows_errors()
    walk.check("staff sign in, with errors")

    walk.goto("/this-page-does-not-exist", status=404)
    walk.check("page not found (404)")

    walk.goto("/public/")
    walk.check("public overview")
    walk.goto("/public/?status=in_progress&district=overvecht")
    walk.check("public overview, filtered")
    walk.goto("/public/commitments/21-T40")
    walk.check("public commitment")
    action = page.get_by_role("main").locator("a[href*='/public/actions/']").first
    walk.goto(action.get_attribute("href").split("?")[0])
    walk.check("public action")
    walk.goto("/public/data")
    walk.check("open data")
    walk.assert_clean()


def test_member_pages(phone_walk, live_server, lang):
    walk, page, t = phone_walk, phone_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    sign_in_member(page, live_server, MEMBER, lang)
    choose_language(page, lang)  # once signed in, the account's language counts
    walk.check("member home")

    walk.goto("/account/my-data")
    walk.check("my data, to read")

    walk.goto("/account/delete")
    walk.check("delete my account")
    press(page, t("Mijn account verwijderen", lang))  # without ticking the box
    walk.shows_errors()
    walk.check("delete my account, with errors")

    walk.goto("/account")
    walk.check("my account")
    profile = page.get_by_role("main").locator("form").first
    if profile.count():
        # SMS, but no phone number on the account: an error.
        # The label covers the whole row, radio included (a big tap target): tap the label.
        sms = t("Sms (tekstbericht)", lang)
        profile.locator("label").filter(has_text=sms).click()
        assert profile.get_by_label(sms, exact=True).is_checked()
        with page.expect_navigation():
            profile.get_by_role("button", name=t("Opslaan", lang), exact=True).click()
        walk.shows_errors()
        walk.check("my account, with errors")
        # A new e-mail address waits for the code sent to it.
        profile = page.get_by_role("main").locator("form").first
        profile.locator("label").filter(has_text=t("E-mail", lang)).first.click()
        fill(page, t("E-mailadres", lang), f"nieuw-{lang}@example.nl")
        with page.expect_navigation():
            profile.get_by_role("button", name=t("Opslaan", lang), exact=True).click()
        walk.at("/account/confirm-address")
        walk.check("confirm a new address")
        press(page, t("Bevestigen", lang))
        walk.shows_errors()
        walk.check("confirm a new address, with errors")
    walk.assert_clean()


def test_staff_pages(desktop_walk, live_server, lang):
    walk, page, t = desktop_walk, desktop_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    staff_password_step(page, live_server, STAFF, DEMO_PASSWORD, lang)
    walk.at("/staff/two-factor")
    walk.check("staff second factor")
    fill(page, t(STAFF_CODE_LABEL, lang), "not-a-code")
    press(page, t("Inloggen", lang))
    walk.shows_errors()
    walk.check("staff second factor, with errors")
    fill(page, t(STAFF_CODE_LABEL, lang), live_server.totp_code(STAFF))
    press(page, t("Inloggen", lang))
    walk.at("/home")
    choose_language(page, lang)
    walk.check("staff home")
    walk.goto("/outbox")
    walk.check("messages (outbox)")
    fill(page, t("Opnieuw proberen voor berichten sinds", lang), "31-02-2026")
    press(page, t("Alle niet verstuurde berichten opnieuw proberen", lang))
    walk.shows_errors()
    walk.check("messages (outbox), with errors")

    walk.goto("/actions")
    walk.check("follow-up actions")
    walk.goto("/actions?status=overdue")
    walk.check("follow-up actions, overdue")
    detail = page.get_by_role("main").locator("table a[href^='/actions/']").first.get_attribute("href")
    walk.goto(detail)
    walk.check("one follow-up action")
    press(page, t("Voortgang opslaan", lang))  # without saying what happened
    walk.shows_errors()
    walk.check("one follow-up action, update with errors")
    walk.goto(f"{detail}/edit")
    walk.check("change a follow-up action")
    walk.goto("/actions/new")
    walk.check("new follow-up action")
    fill(page, t("Voortgang in procent", lang), "150")
    press(page, t("Opslaan", lang))
    walk.shows_errors()
    walk.check("new follow-up action, with errors")

    walk.goto("/commitments")
    walk.check("commitment register")
    commitment = page.get_by_role("main").locator("tbody a[href^='/commitments/']").first.get_attribute("href")
    walk.goto(commitment)
    walk.check("one commitment: follow-up, where it stands, timeline")
    walk.goto(f"{commitment}/edit")
    walk.check("change a commitment (staff)")
    fill(page, t("Pagina in het raadsinformatiesysteem", lang), "javascript:alert(1)")
    press(page, t("Opslaan", lang))
    walk.shows_errors()
    walk.check("change a commitment, with errors")
    walk.assert_clean()


def test_admin_pages(desktop_walk, live_server, lang):
    walk, page, t = desktop_walk, desktop_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    sign_in_staff(page, live_server, ADMIN, DEMO_PASSWORD, lang)
    choose_language(page, lang)
    walk.check("admin home")

    walk.goto("/admin/users")
    walk.check("admin: users")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name="Samir", exact=True).click()
    walk.at(r"/admin/users/\d+")
    walk.check("admin: one user")

    walk.goto("/admin/users/invite")
    walk.check("admin: invite")
    press(page, t("Uitnodiging versturen", lang))
    walk.shows_errors()
    walk.check("admin: invite, with errors")

    walk.goto("/admin/organisations")
    walk.check("admin: organisations")
    press(page, t("Toevoegen", lang))
    walk.shows_errors()
    walk.check("admin: organisations, with errors")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name="Plan Einstein", exact=True).click()
    walk.at(r"/admin/organisations/\d+")
    walk.check("admin: one organisation")

    walk.goto("/commitments")
    commitment = page.get_by_role("main").locator("tbody a[href^='/commitments/']").first.get_attribute("href")
    walk.goto(f"/admin{commitment}/delete")
    walk.check("admin: delete a commitment? (asked first)")
    walk.assert_clean()


def test_authenticator_setup_pages(desktop_walk, live_server, lang):
    """A new staff member's first sign-in: a QR code, one code to confirm, recovery codes."""
    walk, page, t = desktop_walk, desktop_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    staff_password_step(page, live_server, NEW_STAFF[lang], PASSWORD, lang)
    walk.at("/staff/two-factor/setup")
    walk.check("staff authenticator set-up")

    secret = page.get_by_role("main").locator("code").inner_text().strip()
    fill(page, t("Code uit je authenticator-app", lang), pyotp.TOTP(secret).now())
    press(page, t("Bevestigen", lang))
    assert page.get_by_role("main").locator("li code").count() == 10
    walk.check("staff recovery codes")
    walk.assert_clean()


def test_keyboard_reaches_content_and_errors_take_focus(desktop, live_server):
    """Tab first lands on "skip to content"; after a failed submit, focus is on the errors."""
    page, t = desktop, live_server.t
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main"
    assert skip.is_visible(), "the skip link must be visible when it has focus"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    press(page, t("Stuur mij een link"))
    focused = page.locator(":focus")
    assert focused.get_attribute("role") == "alert", "focus must move to the error summary"
    # The summary links to the field, and following the link puts the cursor in it.
    focused.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.name") == "address"
    assert page.console_errors == [], "errors in the browser (a CSP violation?)"


ARABIC_TRANSLATOR = "layla.tolk@demo.stem.example"


def _first_request(live_server, locale: str) -> int:
    from stem.core.db import db
    from stem.translation.models import TranslationRequest

    with live_server.app.app_context():
        return db.session.scalar(
            sa.select(TranslationRequest.id)
            .where(TranslationRequest.source_locale == locale)
            .order_by(TranslationRequest.id)
            .limit(1)
        )


def test_translation_desk_pages(desktop_walk, live_server, lang):
    walk, page, t = desktop_walk, desktop_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    address = desk_staff(live_server, f"desk.axe.{lang}@browser.stem.example")
    sign_in_staff(page, live_server, address, PASSWORD, lang)
    choose_language(page, lang)
    walk.goto("/translation")
    walk.check("translation queue")
    walk.goto("/translation?locale=ar&status=requested")
    walk.check("translation queue, filtered")
    walk.goto(f"/translation/{_first_request(live_server, 'ar')}")
    walk.check("translation editor, right-to-left source")
    press(page, t("Concept opslaan", lang))  # nothing typed
    walk.shows_errors()
    walk.check("translation editor, with errors")
    walk.goto("/translation/glossary")
    walk.check("glossary")
    walk.goto("/translation/glossary/new")
    walk.check("new glossary term")
    press(page, t("Opslaan", lang))
    walk.shows_errors()
    walk.check("new glossary term, with errors")
    walk.assert_clean()


def test_translator_pages_on_a_phone(phone_walk, live_server, lang):
    walk, page, t = phone_walk, phone_walk.page, live_server.t
    walk.goto("/")
    choose_language(page, lang)
    request_sign_in(page, live_server, ARABIC_TRANSLATOR, lang)
    walk.goto(live_server.sign_in_link(ARABIC_TRANSLATOR))
    press(page, t("Verder", lang))
    walk.at("/translation")
    choose_language(page, lang)
    walk.check("translator's queue")
    walk.goto(f"/translation/{_first_request(live_server, 'ar')}")
    walk.check("translator's editor, stacked on a phone")
    walk.goto("/translation/glossary")
    walk.check("glossary, read by a translator")
    walk.assert_clean()
