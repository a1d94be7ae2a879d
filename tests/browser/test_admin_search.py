"""The admin's user list filters as you type (htmx), under the app's real CSP."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SEARCH_ADMIN, sign_in_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


def test_user_search_filters_as_you_type(desktop, live_server):
    page, t = desktop, live_server.t
    sign_in_staff(page, live_server, SEARCH_ADMIN, PASSWORD)
    page.goto("/admin/users")
    results = page.locator("#results")
    assert results.get_by_role("link", name="Samir", exact=True).is_visible()
    # A marker on the window survives only if the page is not loaded again.
    page.evaluate("() => { window.stemMarker = true; }")

    page.get_by_role("searchbox", name=t("Zoek op naam, e-mail of telefoonnummer")).fill("Amal")
    results.get_by_role("link", name="Samir", exact=True).wait_for(state="detached")
    assert results.get_by_role("link", name="Amal", exact=True).is_visible()
    assert page.evaluate("() => window.stemMarker === true"), "the whole page was loaded again"
    page.wait_for_url("**/admin/users?q=Amal*")  # the address can be shared and bookmarked
    assert page.console_errors == [], "errors in the browser (a CSP violation?)"
