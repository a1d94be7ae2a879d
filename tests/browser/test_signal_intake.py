"""On a 360 px phone a partner reports an observation in Dutch and a member one in Arabic.

Both see the confirmation with the reference number, find the signal under "my signals"
and open it. axe-core checks every page on the way (form, form with errors,
confirmation, my signals, one signal): no WCAG 2.1 A/AA violations, in Dutch and Arabic.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    PHONE,
    choose_language,
    fill,
    has_no_horizontal_scroll,
    new_page,
    press,
    sign_in_member,
)
from tests.signals.intake_helpers import PNG

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

PARTNER = "sanne@vluchtelingenwerk.demo.example"  # a demo partner, Dutch
MEMBER = "signaal.lid@browser.stem.example"  # made here: Dutch until she switches
REFERENCE = re.compile(r"/signals/submitted/(S-\d{4}-\d{5,})$")


@pytest.fixture
def phone_axe(browser, live_server, axe):
    """A phone whose context lets axe be injected (the app's CSP would block it)."""
    page = new_page(browser, live_server, PHONE, bypass_csp=True)
    yield page, axe
    page.context.close()


def _member(live_server) -> str:
    from stem.accounts.models import User
    from stem.core.db import db
    from tests import factories

    with live_server.app.app_context():
        if db.session.query(User.id).filter_by(email=MEMBER).first() is None:
            factories.create_user("member", email=MEMBER, display_name="Mariam", locale="nl")
            db.session.commit()
    return MEMBER


class Checks:
    """axe on each page and no sideways scrolling; problems are reported together."""

    def __init__(self, page, axe):
        self.page, self.axe, self.problems = page, axe, []

    def __call__(self, name: str) -> None:
        self.axe(self.page, name)
        if not has_no_horizontal_scroll(self.page):
            self.problems.append(f"{name}: scrolls sideways at 360 px")

    def assert_clean(self) -> None:
        self.axe.assert_clean()
        assert not self.problems, "\n".join(self.problems)


def _report(page, live_server, check, lang: str, text: str, photo: bool) -> str:
    """Fill in the signal form (after trying it empty once); return the reference."""
    t = live_server.t
    main = page.get_by_role("main")
    page.goto("/signals/new")
    assert page.locator("html").get_attribute("lang") == ("ar" if lang == "ar" else "nl")
    check(f"signal form ({lang})")

    press(page, t("Signaal versturen", lang))
    assert main.get_by_role("alert").first.is_visible()
    assert main.locator("[aria-invalid=true]").count() >= 2  # text and theme
    check(f"signal form with errors ({lang})")

    fill(page, t("Wat is er gebeurd?", lang), text)
    main.get_by_label(t("Waar gaat het over?", lang), exact=True).select_option(index=1)
    main.get_by_label(t("In welke wijk was het? (niet verplicht)", lang), exact=True).select_option(
        "overvecht"
    )
    if photo:
        main.get_by_label(
            t("Foto of PDF toevoegen (niet verplicht)", lang), exact=True
        ).set_input_files(files=[{"name": "wachtrij.png", "mimeType": "image/png", "buffer": PNG}])
    press(page, t("Signaal versturen", lang))
    match = REFERENCE.search(page.url)
    assert match, page.url
    reference = match.group(1)
    assert reference in main.inner_text()
    check(f"confirmation ({lang})")
    return reference


def _see_it_under_my_signals(page, live_server, check, lang: str, reference: str, text: str):
    t = live_server.t
    main = page.get_by_role("main")
    page.goto("/my/signals")
    check(f"my signals ({lang})")
    with page.expect_navigation():
        main.get_by_role("link", name=reference, exact=True).click()
    assert page.url.endswith(f"/my/signals/{reference}")
    assert text in main.inner_text()
    assert t("Ontvangen", lang) in main.inner_text()  # the status, in plain words
    check(f"one signal ({lang})")


def test_a_partner_reports_an_observation_in_dutch(phone_axe, live_server):
    page, axe = phone_axe
    check = Checks(page, axe)
    text = "Bij de taalschool in Overvecht staan 40 mensen op de wachtlijst voor de B1-route."
    sign_in_member(page, live_server, PARTNER)
    choose_language(page, "nl")
    reference = _report(page, live_server, check, "nl", text, photo=True)
    assert reference in live_server.newest_message(PARTNER)  # the confirmation, by e-mail

    _see_it_under_my_signals(page, live_server, check, "nl", reference, text)
    download = page.get_by_role("main").get_by_role("link", name="wachtrij.png")
    assert download.get_attribute("download") is not None
    check.assert_clean()


def test_a_member_reports_in_arabic(phone_axe, live_server):
    page, axe = phone_axe
    check = Checks(page, axe)
    text = "لا أستطيع الوصول إلى بيت الترحيب بالحافلة بعد الساعة السادسة."
    address = _member(live_server)
    sign_in_member(page, live_server, address)
    choose_language(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    reference = _report(page, live_server, check, "ar", text, photo=False)
    message = live_server.newest_message(address)
    assert reference in message

    _see_it_under_my_signals(page, live_server, check, "ar", reference, text)
    body = page.get_by_role("main").locator(".stem-signal-text[dir=auto]")
    assert body.inner_text().strip() == text
    assert page.console_errors == [], "errors in the browser"
    check.assert_clean()


def test_a_photo_too_big_is_named_before_it_is_sent(phone, live_server):
    """With JavaScript, a file over 5 MB or a fourth file is named at once, in Arabic here."""
    t = live_server.t
    sign_in_member(phone, live_server, _member(live_server))
    choose_language(phone, "ar")
    phone.goto("/signals/new")
    files = phone.get_by_role("main").get_by_label(
        t("Foto of PDF toevoegen (niet verplicht)", "ar"), exact=True
    )
    warning = phone.locator("#attachments-warning")
    assert warning.get_attribute("aria-live") == "polite"
    too_big = t(
        "Het bestand %(name)s is groter dan %(mb)d MB. Kies een kleiner bestand.",
        "ar",
        name="IMG_2041.jpg",
        mb=5,
    )

    big = PNG[:8] + bytes(6 * 1024 * 1024)
    files.set_input_files(files=[{"name": "IMG_2041.jpg", "mimeType": "image/png", "buffer": big}])
    assert too_big in warning.inner_text()

    four = [{"name": f"{n}.png", "mimeType": "image/png", "buffer": PNG} for n in range(4)]
    files.set_input_files(files=four)
    text = warning.inner_text()
    assert (
        t("Je kunt maximaal %(max)d bestanden toevoegen. Kies minder bestanden.", "ar", max=3)
        in text
    )
    assert "IMG_2041.jpg" not in text

    files.set_input_files(files=four[:1])
    assert warning.inner_text().strip() == ""
    assert phone.console_errors == [], "errors in the browser"


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_refused_photo_keeps_the_text_and_passes_axe(phone_axe, live_server, lang):
    """The warning as the file is chosen, then the server's refusal with the text kept."""
    page, axe = phone_axe
    check = Checks(page, axe)
    t = live_server.t
    text = f"Het inburgeringsloket is op vrijdag dicht ({lang})."
    sign_in_member(page, live_server, _member(live_server))
    choose_language(page, lang)
    page.goto("/signals/new")
    main = page.get_by_role("main")
    fill(page, t("Wat is er gebeurd?", lang), text)
    main.get_by_label(t("Waar gaat het over?", lang), exact=True).select_option(index=1)
    big = PNG[:8] + bytes(6 * 1024 * 1024)
    main.get_by_label(t("Foto of PDF toevoegen (niet verplicht)", lang), exact=True).set_input_files(
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/png", "buffer": big}]
    )
    assert "IMG_2041.jpg" in page.locator("#attachments-warning").inner_text()
    check(f"signal form, file warning ({lang})")

    press(page, t("Signaal versturen", lang))  # the warning does not stop sending
    assert REFERENCE.search(page.url) is None, "a signal was stored with a 6 MB file"
    assert main.get_by_role("alert").first.is_visible()
    assert "IMG_2041.jpg" in main.inner_text()
    assert main.get_by_label(t("Wat is er gebeurd?", lang), exact=True).input_value() == text
    check(f"signal form, file refused ({lang})")
    check.assert_clean()
