"""axe-core finds no WCAG 2.1 A/AA violation on the commitment register and the theme admin.

Checked on a desktop, in Dutch and in Arabic, with the forms also showing their errors.
"""

from __future__ import annotations

import re

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.conftest import (
    DESKTOP,
    choose_language,
    fill,
    new_page,
    press,
    sign_in_staff,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

# An admin of this file's own, so the demo admin's authenticator codes stay for other tests.
ADMIN = "register@browser.stem.example"


@pytest.fixture(scope="module")
def admin(live_server) -> str:
    from stem.accounts.models import User
    from stem.core.db import db
    from tests import factories

    with live_server.app.app_context():
        if db.session.scalar(sa.select(User.id).where(User.email == ADMIN)) is None:
            factories.create_user(
                "admin", email=ADMIN, display_name="Register", totp_secret=pyotp.random_base32()
            )
            db.session.commit()
    return ADMIN


@pytest.fixture(params=["nl", "ar"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def page(browser, live_server):
    """A desktop page whose context bypasses the app's CSP, so that axe can be injected."""
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    yield page
    page.context.close()


def _errors_shown(page) -> bool:
    main = page.get_by_role("main")
    return (
        main.get_by_role("alert").first.is_visible()
        and main.locator("[aria-invalid=true]").count() > 0
    )


def test_commitment_and_theme_pages(page, live_server, axe, admin, lang):
    t = live_server.t
    problems: list[str] = []

    def visit(path: str, name: str) -> None:
        response = page.goto(path)
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        axe(page, name)

    page.goto("/")
    choose_language(page, lang)
    sign_in_staff(page, live_server, admin, PASSWORD, lang)
    choose_language(page, lang)

    visit("/commitments", "commitments: register")
    main = page.get_by_role("main")
    assert main.get_by_role("link", name="21/T40", exact=True).is_visible()
    with page.expect_navigation():
        main.get_by_role("link", name="21/T40", exact=True).click()
    assert re.search(r"/commitments/\d+$", page.url), page.url
    assert page.get_by_role("main").locator("tbody tr").count() >= 2  # demo signals linked
    axe(page, "commitments: one commitment with its signals")

    with page.expect_navigation():
        page.get_by_role("main").get_by_role(
            "link", name=t("Toezegging wijzigen", lang), exact=True
        ).click()
    assert re.search(r"/commitments/\d+/edit$", page.url), page.url
    axe(page, "commitments: edit")

    # Another tab saves first; this tab's save is refused, showing both versions.
    department = t("Verantwoordelijke afdeling", lang)
    other = page.context.new_page()
    other.goto(page.url)
    fill(other, department, f"Asiel en Integratie ({lang}, eerste)")
    press(other, t("Opslaan", lang))
    other.close()
    fill(page, department, f"Asiel en Integratie ({lang}, tweede)")
    press(page, t("Opslaan", lang))
    refused = f"409 {page.url}"
    if refused in page.console_errors:
        page.console_errors.remove(refused)  # the answer this step expects
    else:
        problems.append(f"commitments: edit conflict: no 409, saw {page.console_errors}")
    main = page.get_by_role("main")
    if not main.get_by_text(t("Zo is de toezegging nu opgeslagen", lang), exact=True).is_visible():
        problems.append("commitments: edit conflict: the stored version is not shown")
    if main.get_by_label(department, exact=True).input_value() != f"Asiel en Integratie ({lang}, tweede)":
        problems.append("commitments: edit conflict: the admin's input was not kept")
    axe(page, "commitments: edit, refused because someone else saved first")

    visit("/admin/commitments/new", "commitments: new")
    press(page, t("Opslaan", lang))
    if not _errors_shown(page):
        problems.append("commitments: new, submitted empty: no errors shown")
    axe(page, "commitments: new, with errors")

    visit("/admin/themes", "themes: list")
    visit("/admin/themes/new", "themes: new")
    page.get_by_role("main").get_by_label(t("Antwoord binnen (werkdagen)", lang)).fill("99")
    press(page, t("Opslaan", lang))
    if not _errors_shown(page):
        problems.append("themes: new, bad input: no errors shown")
    axe(page, "themes: new, with errors")

    page.goto("/admin/themes")
    with page.expect_navigation():
        page.get_by_role("main").locator("tbody a").first.click()
    assert re.search(r"/admin/themes/\d+/edit$", page.url), page.url
    axe(page, "themes: edit")

    axe.assert_clean()
    assert not problems, "\n".join(problems)
    assert page.console_errors == [], page.console_errors


# A staff member of this file's own, and a commitment no other test changes.
STAFF = "register-staff@browser.stem.example"
KEYBOARD_CODE = "26/T88"


@pytest.fixture(scope="module")
def staff_and_commitment(live_server) -> tuple[str, int]:
    from stem.accounts.models import User
    from stem.commitments.models import Commitment
    from stem.core.db import db
    from tests import factories

    with live_server.app.app_context():
        if db.session.scalar(sa.select(User.id).where(User.email == STAFF)) is None:
            factories.create_user(
                "staff", email=STAFF, display_name="Sam Beleid", totp_secret=pyotp.random_base32()
            )
        commitment = db.session.scalar(sa.select(Commitment).where(Commitment.code == KEYBOARD_CODE))
        if commitment is None:
            commitment = factories.create_commitment(KEYBOARD_CODE, title="Taalmaatjes voor iedereen")
        db.session.commit()
        return STAFF, commitment.id


def test_staff_change_the_status_by_keyboard_and_see_it_in_the_timeline(
    page, live_server, axe, staff_and_commitment
):
    t, lang = live_server.t, "nl"
    staff, commitment_id = staff_and_commitment
    page.goto("/")
    sign_in_staff(page, live_server, staff, PASSWORD, lang)
    page.goto(f"/commitments/{commitment_id}")
    main = page.get_by_role("main")
    edit = main.get_by_role("link", name=t("Toezegging wijzigen", lang), exact=True)
    edit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/commitments/{commitment_id}/edit"), page.url
    status = page.get_by_role("main").get_by_role("group", name=t("Status", lang), exact=True)
    checked = status.get_by_role("radio", name=t("Open", lang), exact=True)
    assert checked.is_checked()
    checked.focus()
    page.keyboard.press("ArrowDown")  # the next option in the group: In uitvoering
    chosen = status.get_by_role("radio", name=t("In uitvoering", lang), exact=True)
    assert chosen.is_checked()
    save = page.get_by_role("main").get_by_role("button", name=t("Opslaan", lang), exact=True)
    save.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/commitments/{commitment_id}"), page.url
    timeline = page.get_by_role("main").locator("section", has=page.get_by_role(
        "heading", name=t("Tijdlijn", lang), exact=True
    ))
    assert timeline.get_by_text("Status: Open → In uitvoering").is_visible()
    assert timeline.get_by_text("Sam Beleid").first.is_visible()
    axe(page, "commitments: one commitment with its timeline")
    axe.assert_clean()
