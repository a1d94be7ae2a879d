"""Follow-up actions in the browser.

Staff make an action from a signal's page: it opens linked, and both pages show the link.
The overview filters with htmx (only the results change, the address follows) and also
without JavaScript. A partner on a phone, with JavaScript off, reports progress on an
action of her organisation; it waits for staff's approval.
"""

from __future__ import annotations

import re

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    fill,
    has_no_horizontal_scroll,
    new_page,
    press,
    sign_in_member,
    sign_in_staff,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

STAFF = "actions.flow@browser.stem.example"
PARTNER = "ineke@taalschool.demo.example"  # demo partner at Taalschool Utrecht
SIGNAL_TEXT = "Actietest: het taalcafé op dinsdag zit vol, er kan niemand meer bij."
TITLE = "Actietest: een tweede taalcafé op donderdag"
PARTNER_ACTION = "Taalscholen melden uitgevallen lessen binnen een week"


@pytest.fixture(scope="module")
def world(live_server):
    from stem.accounts.models import User
    from stem.core.db import db
    from stem.signals.intake.services import create_signal
    from stem.signals.models import Theme
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        member = db.session.scalar(sa.select(User).where(User.email == "amal@demo.stem.example"))
        theme = db.session.scalar(sa.select(Theme).where(Theme.slug == "welkomhuis"))
        signal = create_signal(actor=member, body=SIGNAL_TEXT, theme=theme, language="nl")
        if db.session.scalar(sa.select(User.id).where(User.email == STAFF)) is None:
            factories.create_user("staff", email=STAFF, display_name="Actie flow",
                                  totp_secret=pyotp.random_base32())
        db.session.commit()
        return {"signal_id": signal.id, "reference": signal.reference}


def test_staff_make_an_action_from_a_signal_and_filter_the_overview(browser, live_server, world):
    t = live_server.t
    page = new_page(browser, live_server, DESKTOP)
    sign_in_staff(page, live_server, STAFF, PASSWORD)
    page.goto(f"/staff/signals/{world['signal_id']}")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=t("Vervolgactie maken"), exact=True).click()
    assert world["reference"] in page.get_by_role("main").inner_text()
    fill(page, t("Titel (Nederlands)"), TITLE)
    fill(page, t("Afdeling"), "Asiel en Integratie")
    fill(page, t("Einddatum"), "2020-01-31")  # before the start date: an error first
    fill(page, t("Startdatum"), "2020-02-01")
    press(page, t("Opslaan"))
    assert page.get_by_role("alert").is_visible()
    fill(page, t("Einddatum"), "2020-03-31")
    press(page, t("Opslaan"))
    assert re.search(r"/actions/\d+$", page.url), page.url
    main = page.get_by_role("main")
    assert main.get_by_role("link", name=world["reference"], exact=True).is_visible()
    page.goto(f"/staff/signals/{world['signal_id']}")
    assert page.get_by_role("main").get_by_role("link", name=TITLE, exact=True).is_visible()

    # The overview: overdue first, filtered by htmx without loading the page again.
    page.goto("/actions")
    page.evaluate("() => { window.stemMarker = true; }")
    page.get_by_role("search").get_by_label(t("Status"), exact=True).select_option(value="overdue")
    page.wait_for_url(re.compile(r"/actions\?status=overdue"))
    results = page.locator("#results")
    results.get_by_role("link", name=TITLE, exact=True).wait_for()
    assert results.get_by_text(t("Te laat")).first.is_visible()
    assert page.evaluate("() => window.stemMarker === true"), "the whole page was loaded again"
    page.context.close()


def test_a_partner_reports_progress_without_javascript(browser, live_server, world):
    t = live_server.t
    page = new_page(browser, live_server, PHONE, java_script_enabled=False)
    sign_in_member(page, live_server, PARTNER)
    page.goto("/actions")
    assert has_no_horizontal_scroll(page)
    main = page.get_by_role("main")
    assert main.get_by_role("link", name="Taal oefenen drie keer per week in het Welkomhuis").count() == 0
    with page.expect_navigation():
        main.get_by_role("link", name=PARTNER_ACTION, exact=True).click()
    fill(page, t("Datum"), "2027-03-02")
    press(page, t("Voortgang opslaan"))  # nothing said about what happened
    assert page.get_by_role("alert").is_visible()
    fill(page, t("Datum"), "2027-03-02")
    fill(page, t("Wat is er gebeurd? (Nederlands)"), "Actietest: alle inhaallessen zijn gepland.")
    press(page, t("Voortgang opslaan"))
    main = page.get_by_role("main")
    assert "Actietest: alle inhaallessen zijn gepland." in main.inner_text()
    assert t("Wacht op goedkeuring") in main.inner_text()
    assert has_no_horizontal_scroll(page)
    page.context.close()
