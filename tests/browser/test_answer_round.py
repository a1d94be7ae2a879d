"""A member answers a whole round on a phone: in Dutch, in Arabic (switching language on
the way), and without JavaScript. axe-core checks every answering page in both languages.

The round is made directly in the live server's database with invitations for a few
members; each member's personal link is built from their token, exactly as the
invitation message builds it (stem.surveys.answering.links.invitation_url).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.browser.conftest import (
    PHONE,
    choose_language,
    has_no_horizontal_scroll,
    new_page,
    press,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

SMILEYS = {
    "1": ("Slecht", "سيئ جدا"),
    "2": ("Niet goed", "ليس جيدا"),
    "3": ("Gaat wel", "مقبول"),
    "4": ("Goed", "جيد"),
    "5": ("Heel goed", "جيد جدا"),
}
# kind, Dutch text, Arabic text, options (value, Dutch, Arabic or None: falls back to Dutch)
QUESTIONS = [
    (
        "smiley5",
        "Hoe gaat het met je taalles?",
        "كيف حال درس اللغة؟",
        [(v, nl, ar) for v, (nl, ar) in SMILEYS.items()],
    ),
    (
        "single",
        "Waar leer je Nederlands?",
        "أين تتعلم اللغة الهولندية؟",
        [
            ("school", "Op een taalschool", "في مدرسة لغة"),
            ("home", "Thuis", "في البيت"),
            ("other", "Ergens anders", None),
        ],
    ),
    (
        "multiple",
        "Wat helpt je?",
        "ما الذي يساعدك؟",
        [
            ("cafe", "Taalcafé", "مقهى اللغة"),
            ("buddy", "Een taalmaatje", "صديق لغة"),
            ("app", "Een app", "تطبيق"),
        ],
    ),
    (
        "yesno",
        "Heb je een buurtteam?",
        "هل لديك فريق حي؟",
        [("yes", "Ja", "نعم"), ("no", "Nee", "لا")],
    ),
    ("short_text", "Welke wijk woon je?", "في أي حي تسكن؟", []),
    ("long_text", "Wat kan beter?", "ما الذي يمكن تحسينه؟", []),
]
MEMBERS = ("nl", "ar", "nojs", "csp", "voice")


@dataclass
class Round:
    id: int
    links: dict[str, str]
    tokens: dict[str, str]
    user_ids: dict[str, int]


@pytest.fixture(scope="module")
def answer_round(live_server) -> Round:
    """An open, anonymous round of six questions; one invited member per test."""
    from stem.core.db import db
    from stem.surveys.answering.links import invitation_token, invitation_url, token_hash
    from stem.surveys.models import (
        Invitation,
        Option,
        OptionTranslation,
        Question,
        QuestionTranslation,
        Survey,
        SurveyTranslation,
    )
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        survey = Survey(name="Browsertest: taalles", anonymous=True, status="ready")
        survey.translations = [
            SurveyTranslation(locale="nl", title="Jouw taalles", intro="Zes korte vragen."),
            SurveyTranslation(locale="ar", title="درس اللغة الخاص بك", intro="ستة أسئلة قصيرة."),
        ]
        for position, (kind, nl, ar, options) in enumerate(QUESTIONS):
            question = Question(
                key=f"browser-{position}",
                position=position,
                kind=kind,
                required=True,
                ask_contact=kind == "long_text",
            )
            question.translations = [
                QuestionTranslation(locale="nl", text=nl),
                QuestionTranslation(locale="ar", text=ar),
            ]
            for index, (value, label_nl, label_ar) in enumerate(options):
                option = Option(position=index, value=value)
                option.translations = [OptionTranslation(locale="nl", label=label_nl)]
                if label_ar:
                    option.translations.append(OptionTranslation(locale="ar", label=label_ar))
                question.options.append(option)
            survey.questions.append(question)
        db.session.add(survey)
        db.session.flush()
        survey.family_id = survey.id
        round_ = factories.create_round(survey, period="2099-07")
        links, tokens, user_ids = {}, {}, {}
        for name in MEMBERS:
            member = factories.create_user(
                "member", email=f"ronde.{name}@browser.stem.example", locale="nl"
            )
            token = invitation_token(round_.id, member.id)
            db.session.add(
                Invitation(
                    round_id=round_.id, user_id=member.id, token_hash=token_hash(token), locale="nl"
                )
            )
            links[name], tokens[name], user_ids[name] = invitation_url(token), token, member.id
        db.session.commit()
        return Round(round_.id, links, tokens, user_ids)


def responded(live_server, answer_round: Round, name: str) -> bool:
    """Handed in: in an anonymous round only the response says so, until a participation
    step of five or more marks the invitation (stem.surveys.rounds.participation)."""
    from stem.core.db import db
    from stem.surveys.answering.services import find_link

    token = answer_round.links[name].rsplit("/", 1)[1]
    with live_server.app.app_context():
        link = find_link(token)
        db.session.remove()
        return link is not None and link.responded


class Member:
    """A member on a phone, answering; runs axe on every page when given one."""

    def __init__(self, page, live_server, lang: str, axe=None, javascript: bool = True):
        self.page, self.t, self.lang, self.axe = page, live_server.t, lang, axe
        self.javascript = javascript
        self.problems: list[str] = []

    def say(self, dutch: str, **variables) -> str:
        return self.t(dutch, self.lang, **variables)

    def check(self, name: str) -> None:
        if self.axe is not None:
            self.axe(self.page, f"{name} [{self.lang}]")
        if not has_no_horizontal_scroll(self.page):
            self.problems.append(f"{name} [{self.lang}]: scrolls sideways at 360 px")

    def main(self):
        return self.page.get_by_role("main")

    def step(self, button: str, url_pattern: str) -> None:
        """Press a button; with JavaScript htmx swaps the page, without it the browser loads."""
        if self.javascript:
            self.main().get_by_role("button", name=button, exact=True).click()
            self.page.wait_for_url(re.compile(url_pattern + "$"))
        else:
            press(self.page, button)
            assert re.search(url_pattern + "$", self.page.url), self.page.url
        self.page.wait_for_load_state()

    def at_question(self, number: int) -> None:
        text = self.say("Vraag %(number)d van %(total)d", number=number, total=len(QUESTIONS))
        self.main().get_by_text(text, exact=True).wait_for()

    def choose(self, label: str) -> None:
        self.main().get_by_label(label, exact=True).check()

    def answer_all(self, texts: dict[int, str], number_from: int = 1) -> None:
        """Answer questions number_from..6, checking each page; stops on the check page."""
        arabic = self.lang == "ar"
        for number in range(number_from, len(QUESTIONS) + 1):
            kind, _nl, _ar, options = QUESTIONS[number - 1]
            self.at_question(number)
            self.check(f"question {number} ({kind})")
            if kind in ("smiley5", "single", "yesno"):
                value, label_nl, label_ar = options[3 if kind == "smiley5" else 0]
                self.choose(label_ar if arabic and label_ar else label_nl)
            elif kind == "multiple":
                for _value, label_nl, label_ar in options[:2]:
                    self.choose(label_ar if arabic else label_nl)
            else:
                field = self.main().get_by_role("textbox")
                field.fill(texts[number])
                if kind == "long_text":
                    self.choose(
                        self.say("Ja, De Stem mag contact met mij opnemen over dit antwoord.")
                    )
            target = f"/{number + 1}" if number < len(QUESTIONS) else "/check"
            self.step(self.say("Volgende"), target)

    def assert_clean(self) -> None:
        if self.axe is not None:
            self.axe.assert_clean()
        assert not self.problems, "\n".join(self.problems)


def _full_round(browser, live_server, axe, answer_round, name: str, lang: str):
    page = new_page(browser, live_server, PHONE, bypass_csp=True)
    member = Member(page, live_server, "nl", axe)
    try:
        page.goto(answer_round.links[name])
        start = "/r/" + answer_round.tokens[name]
        assert page.url.endswith(start)
        if lang != "nl":
            choose_language(page, lang)  # the link opens in Dutch, the member's language
            member.lang = lang
        say = member.say
        assert member.main().get_by_role("heading", level=1).inner_text() == (
            "درس اللغة الخاص بك" if lang == "ar" else "Jouw taalles"
        )
        member.check("start")
        member.main().get_by_role("link", name=say("Begin"), exact=True).click()
        page.wait_for_url(re.compile(f"{start}/1$"))

        # A required question left empty: the message, in the page's language.
        member.at_question(1)
        member.step(say("Volgende"), f"{start}/1")
        member.main().get_by_role("alert").wait_for()
        assert member.main().get_by_text(say("Kies een antwoord.")).first.is_visible()
        member.check("question 1 (smiley5), with errors")

        member.choose(QUESTIONS[0][3][3][2 if lang == "ar" else 1])
        member.step(say("Volgende"), f"{start}/2")
        # Back: the face chosen is still chosen; then on again.
        member.step(say("Vorige"), f"{start}/1")
        face = QUESTIONS[0][3][3][2 if lang == "ar" else 1]
        assert member.main().get_by_label(face, exact=True).is_checked()
        member.check("question 1 (smiley5)")
        member.step(say("Volgende"), f"{start}/2")
        member.answer_all({5: "Overvecht", 6: "Meer lessen in de avond."}, number_from=2)

        member.main().get_by_role("heading", name=say("Controleer je antwoorden")).wait_for()
        main_text = member.main().inner_text()
        for expected in ("Overvecht", "Meer lessen in de avond."):
            assert expected in main_text
        assert ("في مدرسة لغة" if lang == "ar" else "Op een taalschool") in main_text
        member.check("check your answers")

        member.step(say("Verstuur mijn antwoorden"), f"{start}/thanks")
        member.main().get_by_role("heading", name=say("Bedankt!")).wait_for()
        member.check("thank you")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert responded(live_server, answer_round, name)
        member.assert_clean()
    finally:
        page.context.close()


def test_member_answers_a_round_in_dutch(browser, live_server, axe, answer_round):
    _full_round(browser, live_server, axe, answer_round, "nl", "nl")


def test_member_answers_a_round_in_arabic(browser, live_server, axe, answer_round):
    _full_round(browser, live_server, axe, answer_round, "ar", "ar")


def test_answering_works_without_javascript(browser, live_server, answer_round):
    page = new_page(browser, live_server, PHONE, java_script_enabled=False)
    member = Member(page, live_server, "nl", javascript=False)
    start = "/r/" + answer_round.tokens["nojs"]
    try:
        page.goto(answer_round.links["nojs"])
        with page.expect_navigation():
            member.main().get_by_role("link", name=member.say("Begin"), exact=True).click()
        # Without script no read-aloud button shows (there is no voice check).
        assert (
            not member.main()
            .get_by_role("button", name=member.say("Lees de vraag voor"))
            .is_visible()
        )
        member.answer_all({5: "Zuid", 6: "Een taalmaatje helpt."})
        assert page.url.endswith(f"{start}/check")
        # Change one answer from the check page and come back to it.
        with page.expect_navigation():
            member.main().get_by_role("link", name=re.compile(member.say("Wijzig"))).nth(4).click()
        member.main().get_by_role("textbox").fill("Noordwest")
        member.step(member.say("Volgende"), f"{start}/check")
        assert "Noordwest" in member.main().inner_text()
        choose_language(page, "ar")  # the language switch is a plain form too
        assert page.url.endswith(f"{start}/check")
        member.lang = "ar"
        member.step(member.say("Verstuur mijn antwoorden"), f"{start}/thanks")
        assert responded(live_server, answer_round, "nojs")
        assert member.problems == []
    finally:
        page.context.close()


def test_answer_pages_obey_the_content_security_policy(phone, live_server, answer_round):
    """With the app's CSP enforced, htmx and the answer scripts run without a violation;
    switching language mid-way (after htmx moved on) stays on the page and keeps answers."""
    start = "/r/" + answer_round.tokens["csp"]
    phone.goto(answer_round.links["csp"])
    phone.get_by_role("main").get_by_role("link", name=live_server.t("Begin")).click()
    phone.wait_for_url(re.compile(f"{start}/1$"))
    member = Member(phone, live_server, "nl")
    member.choose("Goed")
    member.step(live_server.t("Volgende"), f"{start}/2")
    member.at_question(2)
    # htmx swapped only #main: the language switch now points at question 2.
    next_field = phone.locator("form.stem-lang-switch input[name=next]")
    assert next_field.get_attribute("value") == f"{start}/2"
    choose_language(phone, "ar")
    assert phone.url.endswith(f"{start}/2")
    member.lang = "ar"
    member.step(member.say("Vorige"), f"{start}/1")
    assert member.main().get_by_label("جيد", exact=True).is_checked()
    assert phone.console_errors == []


def test_read_aloud_shows_only_with_a_voice_for_the_language(browser, live_server, answer_round):
    page = new_page(browser, live_server, PHONE)
    # This phone has a Dutch voice only.
    page.add_init_script(
        "Object.defineProperty(window.speechSynthesis, 'getVoices', "
        "{value: () => [{lang: 'nl-NL', name: 'Dutch', localService: true}]});"
    )
    start = "/r/" + answer_round.tokens["voice"]
    read_aloud = live_server.t("Lees de vraag voor")
    try:
        page.goto(f"{start}/1")
        assert page.get_by_role("button", name=read_aloud).is_visible()
        choose_language(page, "ar")  # an Arabic question text: no Arabic voice here
        assert not page.get_by_role(
            "button", name=live_server.t("Lees de vraag voor", "ar")
        ).is_visible()
        assert page.console_errors == []
    finally:
        page.context.close()
