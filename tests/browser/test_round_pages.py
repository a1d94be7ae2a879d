"""The staff round pages pass axe-core's WCAG 2.1 A/AA rules, in Dutch and in Arabic:
the rounds list with its plan form, one round, its confirmation pages and the members who
asked to be contacted."""

from __future__ import annotations

import pyotp
import pytest

from tests.browser.conftest import DESKTOP, choose_language, new_page, sign_in_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

ROUNDS_STAFF = "rondes@browser.stem.example"


@pytest.fixture(scope="module")
def open_round_id(live_server):
    from stem.core.db import db
    from stem.surveys.models import ContactRequest
    from tests import factories

    with live_server.app.app_context():
        factories.create_user(
            "staff", email=ROUNDS_STAFF, display_name="Rondes", totp_secret=pyotp.random_base32()
        )
        round_ = factories.create_round(period="1998-05", status="open", anonymous=True)
        member = factories.create_user("member", display_name="Hodan", email="hodan@browser.example")
        question = round_.survey.questions[-1]
        question.ask_contact = True
        db.session.add(ContactRequest(round_id=round_.id, question_id=question.id, user_id=member.id))
        db.session.commit()
        return round_.id


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_round_pages_have_no_accessibility_violations(browser, live_server, axe, open_round_id, lang):
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    try:
        page.goto("/")
        choose_language(page, lang)
        sign_in_staff(page, live_server, ROUNDS_STAFF, PASSWORD, lang)
        choose_language(page, lang)  # the account's own language wins at sign-in
        for path, name in (
            ("/staff/rounds", "rounds"),
            (f"/staff/rounds/{open_round_id}", "round"),
            (f"/staff/rounds/{open_round_id}/remind", "round: remind"),
            (f"/staff/rounds/{open_round_id}/close", "round: close"),
            (f"/staff/rounds/{open_round_id}/contact-requests", "round: contact requests"),
        ):
            response = page.goto(path)
            assert response.status == 200, path
            if lang == "ar":
                assert page.locator("html").get_attribute("dir") == "rtl"
            axe(page, name)
        assert page.get_by_role("main").get_by_text("hodan@browser.example").is_visible()
    finally:
        page.context.close()
    axe.assert_clean()
