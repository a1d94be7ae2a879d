"""The results pages pass axe-core's WCAG 2.1 A/AA rules, in Dutch and in Arabic.

A round with enough responses (so that charts, tables, trends and open answers show) is
made in the live server's database; a staff member of its own signs in through the real
forms, on a desktop, and walks the results page, the open answers and the summary.
"""

from __future__ import annotations

import pyotp
import pytest

from tests.browser.conftest import DESKTOP, choose_language, fill, new_page, press, sign_in_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

RESULTS_STAFF = "resultaten@browser.stem.example"


@pytest.fixture(scope="module")
def results_round(live_server):
    """A round of 24 responses, with a small group, an earlier round for the trend."""
    from stem.core.db import db
    from tests import factories
    from tests.surveys.results_helpers import fill, invite, question, spread

    with live_server.app.app_context():
        factories.create_user(
            "staff",
            email=RESULTS_STAFF,
            display_name="Resultaten",
            totp_secret=pyotp.random_base32(),
        )
        survey = factories.create_survey(kinds=("smiley5", "multiple", "yesno", "long_text"))
        earlier = factories.create_round(survey, period="1999-01", status="closed")
        fill(earlier, {question(survey, "smiley5"): spread({"2": 6, "4": 8, "5": 6})})
        round_ = factories.create_round(survey, period="1999-02", status="closed")
        invite(round_, {"nl": 20, "ar": 8, "ti": 2}, responded=24)
        fill(
            round_,
            {
                question(survey, "smiley5"): spread({"1": 3, "2": 5, "3": 6, "4": 6, "5": 4}),
                question(survey, "multiple"): [["a"]] * 10 + [["a", "b"]] * 12 + [["c"]] * 2,
                question(survey, "yesno"): spread({"yes": 15, "no": 9}),
                question(survey, "long_text"): [f"Opmerking nummer {i}" for i in range(9)]
                + ["تعلم اللغة صعب", "Meer les in de avond."],
            },
            locales=["nl"] * 18 + ["ar"] * 6,
        )
        db.session.commit()
        return round_.id, question(survey, "long_text").id


@pytest.fixture(params=["nl", "ar"])
def lang(request) -> str:
    return request.param


def test_results_pages_have_no_accessibility_violations(
    browser, live_server, axe, results_round, lang
):
    round_id, text_question = results_round
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    t = live_server.t
    try:
        page.goto("/")
        choose_language(page, lang)
        sign_in_staff(page, live_server, RESULTS_STAFF, PASSWORD, lang)
        choose_language(page, lang)

        response = page.goto(f"/staff/rounds/{round_id}/results")
        assert response.status == 200
        main = page.get_by_role("main")
        assert main.locator("svg.stem-chart").count() >= 4  # 3 choice questions + a trend
        assert main.get_by_role("img").first.is_visible()
        assert main.locator("table").count() >= 5
        if lang == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
        axe(page, "results")

        page.goto(f"/staff/rounds/{round_id}/results/questions/{text_question}/answers")
        assert main.get_by_role("checkbox").count() == 11
        axe(page, "results: open answers")
        press(page, t("Maak een signaal van de gekozen antwoorden", lang))  # nothing chosen
        assert main.get_by_role("alert").first.is_visible()
        axe(page, "results: open answers, with errors")

        page.goto(f"/staff/rounds/{round_id}/summary")
        axe(page, "results: summary")
        fill(page, t("Samenvatting in het Nederlands", lang), "Leden willen meer taalles.")
        press(page, t("Opslaan", lang))
        axe(page, "results: summary, saved, with Dutch readers")
        page.goto(f"/staff/rounds/{round_id}/summary/preview?lang=so")
        assert page.locator('main [lang="nl"]').first.is_visible()
        axe(page, "results: summary preview, Somali (not yet translated)")
        assert page.console_errors == [] or all("favicon" in e for e in page.console_errors)
    finally:
        page.context.close()
    axe.assert_clean()
