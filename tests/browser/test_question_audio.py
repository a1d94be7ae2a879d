"""A member hears the demo's first question read aloud: a play button, a note that it is a
computer voice, and no sound fetched before they press play (cheap on a phone's data)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.browser.conftest import PHONE, new_page

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]


@pytest.fixture(scope="module")
def arabic_link(live_server) -> str:
    """The personal link of an Arabic-speaking member to an open round of the demo survey."""
    from stem.core.db import db
    from stem.surveys.answering.links import invitation_token, token_hash
    from stem.surveys.demo.data import SURVEY_NAME
    from stem.surveys.models import Invitation, Survey
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.name == SURVEY_NAME))
        round_ = factories.create_round(survey, period="2099-03")
        member = factories.create_user("member", email="audio@browser.stem.example", locale="ar")
        token = invitation_token(round_.id, member.id)
        db.session.add(
            Invitation(
                round_id=round_.id, user_id=member.id, token_hash=token_hash(token), locale="ar"
            )
        )
        db.session.commit()
        return f"/r/{token}/1"


def test_the_first_demo_question_plays_its_clip_only_when_asked(
    browser, live_server, arabic_link, axe
):
    page = new_page(browser, live_server, PHONE, bypass_csp=True)
    fetched: list[str] = []
    page.on("request", lambda request: "/audio/" in request.url and fetched.append(request.url))
    try:
        page.goto(arabic_link)
        assert page.locator("html").get_attribute("lang") == "ar"
        main = page.get_by_role("main")
        button = main.get_by_role("button", name=live_server.t("Luister naar de vraag", "ar"))
        assert button.is_visible()
        assert main.get_by_text(live_server.t("Dit is een computerstem.", "ar")).is_visible()
        assert page.locator("audio").get_attribute("preload") == "none"
        assert fetched == []  # nothing downloaded before the member asks
        button.click()
        page.wait_for_timeout(500)
        assert fetched, "pressing play fetches the clip"
        axe(page, "question with a computer-voice clip [ar]")
    finally:
        page.context.close()
    axe.assert_clean()
