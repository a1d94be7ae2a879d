"""How staff pages look and work by keyboard: selects, checkboxes, long addresses, focus.

- Every select shows its arrow (a theme token) and is wide enough for its longest option.
- A checkbox sits beside its label, its hint below the label.
- A long e-mail address stays inside its card on the triage page.
- After saving the status by keyboard, focus is on the confirmation in the status section,
  with htmx and without JavaScript; the status controls come before the reply form.
- The inbox's result count is a live region that stays in place when a filter changes it.
"""

from __future__ import annotations

import re

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.conftest import DESKTOP, PHONE, choose_language, new_page, sign_in_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

STAFF = "kijk.staf@browser.stem.example"
LONG_EMAIL = "a.very.long.address.for.the.coordinator.of.language.practice@vluchtelingenwerk-midden-nederland.demo.example"
TEXT = "Kijktest: het inloopspreekuur in Overvecht is verplaatst zonder bericht."


@pytest.fixture(scope="module")
def world(live_server):
    from stem.accounts.models import User
    from stem.core.db import db
    from stem.signals.intake.services import create_signal
    from stem.signals.models import Theme
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        if db.session.scalar(sa.select(User.id).where(User.email == STAFF)) is None:
            factories.create_user(
                "staff", email=STAFF, display_name="Kijk", totp_secret=pyotp.random_base32()
            )
        partner = factories.create_user("partner", email=LONG_EMAIL, display_name="Coördinator")
        theme = db.session.scalar(sa.select(Theme).where(Theme.slug == "welkomhuis"))
        signals = [create_signal(actor=partner, body=TEXT, theme=theme) for _ in range(3)]
        commitment = factories.create_commitment("21/T99", title="Kijktest")
        signals[0].commitments.append(commitment)
        db.session.commit()
        return {"ids": [s.id for s in signals]}


@pytest.fixture(scope="module")
def signed_in(browser, live_server, world):
    """The staff member's cookies, signed in once (an authenticator code counts once)."""
    page = new_page(browser, live_server, DESKTOP)
    sign_in_staff(page, live_server, STAFF, PASSWORD)
    state = page.context.storage_state()
    page.context.close()
    return state


@pytest.fixture
def staff_page(browser, live_server, signed_in):
    def open_page(device=DESKTOP, **options):
        return new_page(browser, live_server, device, storage_state=signed_in, **options)

    return open_page


SELECT_FITS = """(select) => {
  const style = getComputedStyle(select);
  const probe = document.createElement("span");
  probe.style.font = style.font;
  probe.style.whiteSpace = "pre";
  probe.style.position = "absolute";
  document.body.append(probe);
  let widest = 0;
  for (const option of select.options) {
    probe.textContent = option.text;
    widest = Math.max(widest, probe.getBoundingClientRect().width);
  }
  probe.remove();
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const column = select.parentElement.getBoundingClientRect().width;
  const fills = select.getBoundingClientRect().width >= column - 0.5;
  return {arrow: style.backgroundImage, widest, room, fills};
}"""


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_selects_show_an_arrow_and_their_longest_option(staff_page, live_server, world, device):
    page = staff_page(device)
    page.goto("/staff/signals")
    filters = page.get_by_role("search").locator("select")
    assert filters.count() >= 5
    for index in range(filters.count()):
        select = filters.nth(index)
        found = select.evaluate(SELECT_FITS)
        assert found["arrow"] != "none", select.get_attribute("id")
        # As wide as the longest option, or, where that is wider than the column (a long
        # organisation name on a phone), as wide as the column.
        fits = found["room"] + 0.5 >= found["widest"]
        assert fits or found["fills"], (select.get_attribute("id"), found)
    # The status filter's options are short enough to read whole, also on a phone.
    assert (
        page.locator("#filter-status").evaluate(SELECT_FITS)["room"] + 0.5
        >= (page.locator("#filter-status").evaluate(SELECT_FITS)["widest"])
    )
    page.goto(f"/staff/signals/{world['ids'][0]}")
    status = page.locator("#status")
    assert status.evaluate(SELECT_FITS)["arrow"] != "none"
    page.context.close()


def _box(locator) -> dict:
    return locator.evaluate(
        "(e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"
    )


def test_a_checkbox_sits_beside_its_label_with_the_hint_below(staff_page, live_server, world):
    page = staff_page(PHONE)
    page.goto("/signals/new")
    box = page.locator("#may_contact")
    label, hint = page.locator("label[for=may_contact]"), page.locator("#may_contact-hint")
    b, lab, h = _box(box), _box(label), _box(hint)
    box_middle, label_middle = (b["top"] + b["bottom"]) / 2, (lab["top"] + lab["bottom"]) / 2
    assert abs(box_middle - label_middle) <= 3, (b, lab)
    assert h["top"] >= lab["bottom"] - 1, (h, lab)
    assert h["left"] >= b["right"], "the hint lines up with the label, not under the box"

    page.goto("/staff/signals")
    box, label = page.locator("#filter-overdue"), page.locator("label[for=filter-overdue]")
    b, lab = _box(box), _box(label)
    assert abs((b["top"] + b["bottom"]) / 2 - (lab["top"] + lab["bottom"]) / 2) <= 3
    page.context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_email_address_stays_in_its_card(staff_page, live_server, world, device):
    page = staff_page(device)
    page.goto(f"/staff/signals/{world['ids'][0]}")
    address = page.get_by_text(LONG_EMAIL, exact=True)
    card = address.locator("xpath=ancestor::li[contains(@class, 'stem-card')]")
    a, c = _box(address), _box(card)
    assert a["right"] <= c["right"] + 0.5, (a, c)
    assert a["left"] >= c["left"] - 0.5, (a, c)
    assert (
        page.evaluate("() => document.documentElement.scrollWidth") <= device["viewport"]["width"]
    )
    page.context.close()


def _tab_to(page, selector: str, limit: int = 12) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tabs")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_saving_the_status_by_keyboard_focuses_the_confirmation(
    staff_page, live_server, world, javascript
):
    t = live_server.t
    page = staff_page(java_script_enabled=javascript)
    page.goto(f"/staff/signals/{world['ids'][1 if javascript else 2]}")
    if javascript:
        page.evaluate("() => { window.stemMarker = true; }")
    page.get_by_role("link", name=t("Alle signalen")).focus()
    # The status comes before the long reply form: a few Tabs, not 25.
    assert _tab_to(page, "#status", limit=6) <= 6
    assert not page.evaluate("() => document.activeElement.closest('#reply')")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "button[type=submit]", limit=3)
    page.keyboard.press("Enter")
    page.locator("#saved").wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'saved'")
    focused = page.evaluate("() => document.activeElement.innerText")
    assert t("De status is gewijzigd.") in focused
    assert page.evaluate("() => document.activeElement.closest('form').action").endswith("/status")
    if javascript:
        assert page.evaluate("() => window.stemMarker === true"), "htmx swapped #main in place"
    # The next Tab goes on within the status section.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "status"
    assert page.console_errors == []
    page.context.close()


def test_the_unlink_button_is_named_by_its_visible_text(staff_page, live_server, world):
    t = live_server.t
    page = staff_page()
    page.goto(f"/staff/signals/{world['ids'][0]}")
    button = page.get_by_role("button", name=re.compile("^" + t("Ontkoppelen")))
    assert button.count() == 1
    assert t("Ontkoppelen") in button.inner_text()
    assert "21/T99" in button.evaluate("(b) => b.textContent")
    page.context.close()


def test_the_inbox_count_is_a_live_region(staff_page, live_server, world):
    page = staff_page()
    page.goto("/staff/signals")
    region = page.locator("#inbox-count")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    region.evaluate("(e) => { e.dataset.kept = 'yes'; }")
    page.get_by_role("search").get_by_role("searchbox").fill("Kijktest")
    page.wait_for_url(re.compile(r"q=Kijktest"))
    page.wait_for_function(
        "(text) => document.querySelector('#inbox-count').innerText.includes(text)", arg="3 "
    )
    assert page.locator("#inbox-count").count() == 1
    # The same element: a live region that is replaced is not read out.
    assert region.get_attribute("data-kept") == "yes"
    assert re.search(r"\b3\b", region.inner_text()), region.inner_text()
    page.context.close()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_saved_triage_page_and_my_data_page_are_accessible(
    browser, live_server, signed_in, world, axe, lang
):
    t = live_server.t
    page = new_page(browser, live_server, DESKTOP, storage_state=signed_in, bypass_csp=True)
    page.goto("/staff/signals")
    choose_language(page, lang)
    page.goto(f"/staff/signals/{world['ids'][0]}")
    details = page.get_by_role("form", name=t("Behandeling", lang))
    details.get_by_role("button", name=t("Opslaan", lang)).click()
    page.locator("#saved").wait_for()
    axe(page, "staff: triage page, saved")
    page.goto("/account/my-data")
    axe(page, "staff: my data, to read")
    page.context.close()
    axe.assert_clean()
