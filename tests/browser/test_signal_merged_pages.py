"""The staff page of a signal others were merged into, and of one made from open answers:
every submitter's words with their language, the history's links, where the signal came
from, and no reply form when nobody can get one. axe in Dutch and Arabic."""

from __future__ import annotations

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.conftest import DESKTOP, choose_language, new_page, sign_in_staff
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

STAFF = {lang: f"merged.{lang}@browser.stem.example" for lang in ("nl", "ar")}
DUTCH = "Mergetest: de taalles in Overvecht is weer afgezegd."
ARABIC = "Mergetest: ألغيت دروس اللغة في أوفرفيخت مرة أخرى، انظر 21/T40."


@pytest.fixture(scope="module")
def world(live_server):
    from stem.accounts.models import User
    from stem.core.db import db
    from stem.signals.intake.services import create_signal
    from stem.signals.models import Theme
    from stem.signals.triage import merge
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        theme = db.session.scalar(sa.select(Theme).where(Theme.active).limit(1))
        first = factories.create_user("member", locale="nl")
        second = factories.create_user("member", locale="ar")
        for lang, email in STAFF.items():
            if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
                factories.create_user(
                    "staff",
                    email=email,
                    display_name=f"Merge {lang}",
                    totp_secret=pyotp.random_base32(),
                )
        staff = db.session.scalar(sa.select(User).where(User.email == STAFF["nl"]))
        survivor = create_signal(actor=first, body=DUTCH, theme=theme)
        duplicate = create_signal(actor=second, body=ARABIC, theme=theme, language="ar")
        merge.merge(staff, duplicate, survivor)
        survey = factories.create_survey(kinds=("long_text",))
        round_ = factories.create_round(survey)
        from_answers = create_signal(
            actor=staff,
            body="Mergetest: te ver weg.\n\nናብ ቤት ትምህርቲ ርሑቕ እዩ።",
            theme=theme,
            source="survey",
            round=round_,
            question=survey.questions[0],
            language="mul",
        )
        db.session.commit()
        return {
            "survivor": survivor.id,
            "duplicate": duplicate.reference,
            "duplicate_id": duplicate.id,
            "from_answers": from_answers.id,
        }


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_merged_and_survey_signal_pages(browser, live_server, world, axe, lang):
    t = live_server.t
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    page.goto("/")
    choose_language(page, lang)
    sign_in_staff(page, live_server, STAFF[lang], PASSWORD, lang)
    choose_language(page, lang)

    page.goto(f"/staff/signals/{world['survivor']}")
    main = page.get_by_role("main")
    merged = main.locator("p.stem-triage__body", has_text="ألغيت")
    assert merged.count() == 1
    # Its language is Arabic: its own lang on a Dutch page, the page's on an Arabic one.
    assert merged.evaluate("p => p.closest('[lang]').lang") == "ar"
    assert merged.locator("bdi", has_text="21/T40").count() == 1
    history = main.locator(".stem-timeline").get_by_role("link", name=world["duplicate"])
    assert history.get_attribute("href").endswith(f"/staff/signals/{world['duplicate_id']}")
    axe(page, "staff: signal with a merged signal")

    page.goto(f"/staff/signals/{world['from_answers']}")
    assert main.locator("p[lang=mul]").count() == 1
    assert main.get_by_role("button", name=t("Antwoord versturen", lang), exact=True).count() == 0
    axe(page, "staff: signal made from open answers")
    page.context.close()
    axe.assert_clean()
