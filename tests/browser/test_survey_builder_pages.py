"""axe-core finds no WCAG 2.1 A/AA violation on the survey builder's pages, in Dutch and Arabic.

Staff pages, so on a desktop: the survey list, a survey with its questions, the
translations grid, a language's texts, a question with its options, its audio clips, and
forms showing their errors.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem.core.demo import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, choose_language, new_page, press, sign_in_staff
from tests.browser.test_accessibility import Walk

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

STAFF = "eva@utrecht.demo.example"


@pytest.fixture(params=["nl", "ar"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def walk(browser, live_server, axe):
    """A walk on a desktop; the context bypasses the app's CSP so that axe can be injected."""
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    yield Walk(page, axe, phone=False)
    page.context.close()


def _demo_survey(live_server) -> tuple[int, int, str]:
    """The demo survey's id, the id of its single-choice question, and its name."""
    from stem.core.db import db
    from stem.surveys.demo.data import SURVEY_NAME
    from stem.surveys.models import Question, Survey

    with live_server.app.app_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.name == SURVEY_NAME))
        question = db.session.scalar(
            sa.select(Question).where(Question.survey_id == survey.id, Question.kind == "single")
        )
        return survey.id, question.id, SURVEY_NAME


def test_survey_builder_pages(walk, live_server, lang):
    page, t = walk.page, live_server.t
    survey_id, question_id, name = _demo_survey(live_server)
    walk.goto("/")
    choose_language(page, lang)
    sign_in_staff(page, live_server, STAFF, DEMO_PASSWORD, lang)
    choose_language(page, lang)

    walk.goto("/staff/surveys")
    walk.check("surveys: list")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    walk.at(f"/staff/surveys/{survey_id}")
    walk.check("surveys: one survey")

    walk.goto(f"/staff/surveys/{survey_id}?locale=ti")
    walk.check("surveys: one survey, texts in Tigrinya")

    walk.goto(f"/staff/surveys/{survey_id}/translations")
    walk.check("surveys: translations")
    walk.goto(f"/staff/surveys/{survey_id}/translations/ar")
    walk.check("surveys: texts in Arabic")

    walk.goto(f"/staff/surveys/{survey_id}/questions/{question_id}")
    walk.check("surveys: one question")
    walk.goto(f"/staff/surveys/{survey_id}/questions/{question_id}/audio")
    walk.check("surveys: audio clips")

    walk.goto("/staff/surveys/new")
    walk.check("surveys: new")
    press(page, t("Vragenlijst maken", lang))
    walk.shows_errors()
    walk.check("surveys: new, with errors")
    walk.assert_clean()
