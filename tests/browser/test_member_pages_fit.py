"""Member pages on a small phone: the language choice keeps what was ticked, the question
and Next fit the first screen, nothing scrolls sideways at 200 % text, tap targets are at
least 48 x 48 CSS px, and the sign-in field offers a keyboard with digits and letters.

Every page here belongs to an open round of the demo survey (the one members answer each
month: faces, yes/no, long option labels, texts), reached by each member's personal link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.browser.conftest import PHONE, PHONE_WIDTH, new_page, open_language_list, press

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

MEMBERS = (
    "switch-js", "switch-nojs", "switch-text", "fold-nl", "fold-ar",
    "zoom-nl", "zoom-ar", "zoom-ti", "targets-ar", "targets-fa_AF", "targets-ti",
)
ACCOUNT_MEMBER = "kanaal@browser.stem.example"
TARGET = 48  # CSS px, DESIGN.md 6 and WCAG 2.5.5


@dataclass
class DemoRound:
    tokens: dict[str, str]
    kinds: list[str]  # the kind of question 1..n

    def start(self, name: str) -> str:
        return f"/r/{self.tokens[name]}"


@pytest.fixture(scope="module")
def demo_round(live_server) -> DemoRound:
    """The demo survey, opened in a round of its own with one invited member per test."""
    import sqlalchemy as sa

    from stem.core.db import db
    from stem.surveys.answering.links import invitation_token, token_hash
    from stem.surveys.demo import data
    from stem.surveys.models import Invitation, Survey
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        survey = db.session.scalar(
            sa.select(Survey).where(Survey.name == data.SURVEY_NAME).order_by(Survey.version)
        )
        round_ = factories.create_round(survey, period="2098-03", anonymous=True)
        tokens = {}
        for name in MEMBERS:
            member = factories.create_user(
                "member", email=f"pas.{name}@browser.stem.example", locale="nl"
            )
            token = invitation_token(round_.id, member.id)
            db.session.add(
                Invitation(
                    round_id=round_.id, user_id=member.id, token_hash=token_hash(token), locale="nl"
                )
            )
            tokens[name] = token
        factories.create_user(
            "member", email=ACCOUNT_MEMBER, display_name="Kanaal", locale="nl", phone="+31612345678"
        )
        kinds = [q.kind for q in survey.questions]
        db.session.commit()
        return DemoRound(tokens, kinds)


def _number(kinds: list[str], kind: str) -> int:
    return kinds.index(kind) + 1


def _switch_language(page, code: str) -> None:
    """Open the compact language choice and press a language, as a member would."""
    from stem.core.i18n import BY_CODE

    language = BY_CODE[code]
    open_language_list(page)
    button = page.locator("form.stem-lang-switch").get_by_role(
        "button", name=language.native_name, exact=True
    )
    assert button.get_attribute("lang") == language.html_lang
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language.html_lang


def _ticked(page) -> list[str]:
    return page.locator("main input[name=answer]:checked").evaluate_all(
        "(inputs) => inputs.map((i) => i.value)"
    )


# --- 1: switching language keeps what was ticked or typed ----------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_switching_language_keeps_the_ticked_answer(browser, live_server, demo_round, javascript):
    name = "switch-js" if javascript else "switch-nojs"
    page = new_page(browser, live_server, PHONE, java_script_enabled=javascript)
    start = demo_round.start(name)
    number = _number(demo_round.kinds, "single")
    try:
        page.goto(start)
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("link", name=live_server.t("Begin")).click()
        # Walk to the question as a member does: with script, htmx swaps only the page's
        # main part, so the header's language choice was drawn for the start page.
        for step in range(1, number):
            page.locator("main input[name=answer]").first.check()
            page.get_by_role("main").get_by_role("button", name=live_server.t("Volgende")).click()
            page.wait_for_url(re.compile(f"{start}/{step + 1}$"))
            page.wait_for_load_state()
        options = page.locator("main input[name=answer]")
        options.nth(1).check()
        chosen = _ticked(page)
        _switch_language(page, "en")
        assert page.url.endswith(f"{start}/{number}"), page.url
        assert _ticked(page) == chosen, "the ticked option was lost when switching language"
        # Next goes on: nothing asks to choose again.
        page.get_by_role("main").get_by_role("button", name=live_server.t("Volgende", "en")).click()
        page.wait_for_url(re.compile(f"{start}/{number + 1}$"))
        assert page.console_errors == []
    finally:
        page.context.close()


def test_switching_language_keeps_typed_text(browser, live_server, demo_round):
    page = new_page(browser, live_server, PHONE)
    start = demo_round.start("switch-text")
    number = _number(demo_round.kinds, "long_text")
    try:
        page.goto(start)
        page.get_by_role("main").get_by_role("link", name=live_server.t("Begin")).click()
        page.wait_for_url(re.compile(f"{start}/1$"))
        page.goto(f"{start}/{number}")
        page.get_by_role("main").get_by_role("textbox").fill("Meer taalcafés in Overvecht.")
        _switch_language(page, "ar")
        assert page.url.endswith(f"{start}/{number}")
        assert page.get_by_role("main").get_by_role("textbox").input_value() == (
            "Meer taalcafés in Overvecht."
        )
        assert page.locator("html").get_attribute("dir") == "rtl"
    finally:
        page.context.close()


# --- 3: the question and Next fit the first screen of a 360 x 740 phone --------------------


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_next_is_on_the_first_screen_of_a_five_face_question(
    browser, live_server, demo_round, lang
):
    page = new_page(browser, live_server, PHONE)
    start = demo_round.start(f"fold-{lang}")
    number = _number(demo_round.kinds, "smiley5")
    try:
        page.goto(f"{start}/{number}")
        if lang != "nl":
            _switch_language(page, lang)
        assert page.locator("main input[name=answer]").count() == 5
        heading = page.get_by_role("main").get_by_role("heading", level=1)
        next_button = page.get_by_role("main").get_by_role(
            "button", name=live_server.t("Volgende", lang)
        )
        box = next_button.bounding_box()
        assert box["y"] + box["height"] <= PHONE["viewport"]["height"], (
            f"Next ends at {box['y'] + box['height']:.0f} px, below the fold of 740 px"
        )
        assert heading.bounding_box()["y"] >= 0
        # The language list is closed until asked for, and opens without losing the page.
        assert not page.locator("form.stem-lang-switch").is_visible()
    finally:
        page.context.close()


# --- 23: no sideways scrolling at 200 % text ------------------------------------------------

OVERFLOW_JS = """(width) => {
    document.documentElement.style.fontSize = '200%';
    const sticking = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) continue;  // visually hidden texts
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        if (r.right > width + 0.5 || r.left < -0.5) {
            sticking.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
        }
    }
    return {scroll: document.documentElement.scrollWidth, sticking: sticking.slice(0, 5)};
}"""


@pytest.mark.parametrize("lang", ["nl", "ar", "ti"])
def test_no_sideways_scrolling_at_200_percent_text(browser, live_server, demo_round, lang):
    page = new_page(browser, live_server, PHONE)
    start = demo_round.start(f"zoom-{lang}")
    pages = [start] + [f"{start}/{n}" for n in range(1, len(demo_round.kinds) + 1)]
    pages.append(f"{start}/check")
    problems = []
    try:
        page.goto(start)
        if lang != "nl":
            _switch_language(page, lang)
        for path in pages:
            page.goto(path)
            result = page.evaluate(OVERFLOW_JS, PHONE_WIDTH)
            if result["scroll"] > PHONE_WIDTH or result["sticking"]:
                problems.append(f"{path} [{lang}]: {result['scroll']} px wide {result['sticking']}")
        assert not problems, "\n".join(problems)
    finally:
        page.context.close()


# --- 24: tap targets of at least 48 x 48 CSS px ----------------------------------------------


def _small(locator) -> list[str]:
    sizes = []
    for index in range(locator.count()):
        box = locator.nth(index).bounding_box()
        if box["width"] < TARGET - 0.5 or box["height"] < TARGET - 0.5:
            sizes.append(f"{box['width']:.0f} x {box['height']:.0f}")
    return sizes


@pytest.mark.parametrize("lang", ["ar", "fa_AF", "ti"])
def test_header_and_change_links_are_big_enough_to_tap(browser, live_server, demo_round, lang):
    page = new_page(browser, live_server, PHONE)
    start = demo_round.start(f"targets-{lang}")
    try:
        page.goto(f"{start}/check")
        _switch_language(page, lang)
        change = page.get_by_role("main").get_by_role(
            "link", name=re.compile(re.escape(live_server.t("Wijzig", lang)))
        )
        assert change.count() == len(demo_round.kinds)
        assert _small(change) == [], "Change links smaller than 48 x 48"
        sign_in = page.get_by_role("banner").get_by_role(
            "link", name=live_server.t("Inloggen", lang), exact=True
        )
        assert _small(sign_in) == [], "the sign-in link in the header is smaller than 48 x 48"
        summary = page.locator("details.stem-lang-picker > summary")
        assert _small(summary) == [], "the language choice is smaller than 48 x 48"
        open_language_list(page)
        assert _small(page.locator(".stem-lang-switch__button")) == []
    finally:
        page.context.close()


def test_channel_choice_on_the_account_page_is_big_enough_to_tap(browser, live_server):
    from tests.browser.conftest import sign_in_member

    page = new_page(browser, live_server, PHONE)
    try:
        sign_in_member(page, live_server, ACCOUNT_MEMBER)
        page.goto("/account")
        radios = page.get_by_role("main").get_by_role("radio")
        assert radios.count() >= 2
        # The whole option (radio and label) is what a finger hits, and so is its label.
        options = radios.locator("xpath=ancestor::div[contains(@class, 'stem-choice')]")
        assert _small(options) == [], "channel options smaller than 48 x 48"
        ids = radios.evaluate_all("(inputs) => inputs.map((i) => i.id)")
        labels = page.locator(", ".join(f"label[for='{i}']" for i in ids))
        assert labels.count() == len(ids)
        assert _small(labels) == [], "channel labels smaller than 48 x 48"
    finally:
        page.context.close()


# --- 25: the sign-in field offers a keyboard with digits and letters -------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sign_in_field_takes_a_phone_number_or_an_address(browser, live_server, javascript):
    page = new_page(browser, live_server, PHONE, java_script_enabled=javascript)
    try:
        page.goto("/sign-in")
        field = page.get_by_role("main").get_by_label(
            live_server.t("Je e-mailadres of mobiele nummer"), exact=True
        )
        assert field.get_attribute("type") == "text"
        # inputmode "email" gives a keyboard without a row of digits on many phones.
        assert field.get_attribute("inputmode") in (None, "text")
        assert field.get_attribute("autocomplete") == "username"
        field.fill("06 12 34 56 78")
        press(page, live_server.t("Stuur mij een link"))
        assert page.url.endswith("/sign-in/code"), page.url
    finally:
        page.context.close()
