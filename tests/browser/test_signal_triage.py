"""Staff triage on a desktop: filter the inbox, merge a duplicate, link 21/T40, reply.

A partner (Dutch) and a member (Arabic) raised the same thing. Staff find both in the
inbox with the filters (htmx, the address follows), merge the member's signal into the
partner's, link it to commitment 21/T40 and reply with an Arabic translation. Then the
partner and the member each read the reply under "my signals", in their own language.
axe-core checks the inbox, a triage page (also with errors) and the merge page in Dutch
and Arabic; at 360 px wide nothing scrolls sideways.
"""

from __future__ import annotations

import re

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    choose_language,
    fill,
    has_no_horizontal_scroll,
    new_page,
    press,
    sign_in_member,
    sign_in_staff,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

PARTNER = "sanne@vluchtelingenwerk.demo.example"  # demo partner, Dutch
MEMBER = "amal@demo.stem.example"  # demo member, Arabic
STAFF = {lang: f"triage.{lang}@browser.stem.example" for lang in ("flow", "nl", "ar")}
PARTNER_TEXT = (
    "Triagetest: de bus naar het Welkomhuis in Overvecht rijdt op zaterdag niet, "
    "dus onze cursisten missen de taalles."
)
MEMBER_TEXT = "Triagetest: الحافلة إلى Welkomhuis في Overvecht لا تعمل يوم السبت ولا أستطيع حضور الدرس."
OTHER_TEXT = "Triagetest: de brief van DUO over de lening is moeilijk te lezen."
REPLY_NL = "We hebben met de vervoerder gesproken: vanaf maart rijdt de bus ook op zaterdag."
REPLY_AR = "تحدثنا مع شركة النقل: ابتداءً من مارس ستعمل الحافلة يوم السبت أيضًا."


@pytest.fixture(scope="module")
def world(live_server):
    """The two signals about the bus, one about DUO, and staff accounts for this test."""
    from stem.accounts.models import User
    from stem.commitments.models import Commitment
    from stem.core.db import db
    from stem.signals.intake.services import create_signal
    from stem.signals.models import Theme
    from tests import factories

    app = live_server.app
    with app.app_context(), app.test_request_context():
        user = {
            email: db.session.scalar(sa.select(User).where(User.email == email))
            for email in (PARTNER, MEMBER)
        }
        welkomhuis = db.session.scalar(sa.select(Theme).where(Theme.slug == "welkomhuis"))
        duo = db.session.scalar(sa.select(Theme).where(Theme.slug == "duo-lening-elip"))
        partner_signal = create_signal(actor=user[PARTNER], body=PARTNER_TEXT, theme=welkomhuis)
        member_signal = create_signal(
            actor=user[MEMBER], body=MEMBER_TEXT, theme=welkomhuis, language="ar"
        )
        other = create_signal(actor=user[MEMBER], body=OTHER_TEXT, theme=duo)
        for key, email in STAFF.items():
            if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
                factories.create_user(
                    "staff",
                    email=email,
                    display_name=f"Triage {key}",
                    totp_secret=pyotp.random_base32(),
                )
        t40 = db.session.scalar(sa.select(Commitment).where(Commitment.code == "21/T40"))
        if t40 is None:
            t40 = factories.create_commitment("21/T40", title="Functies van het Welkomhuis")
        db.session.commit()
        return {
            "partner": partner_signal.reference,
            "member": member_signal.reference,
            "other": other.reference,
            "other_id": other.id,
            "welkomhuis": welkomhuis.name("nl"),
            "t40": t40.label,
        }


def _outbox(live_server, address: str) -> list[str]:
    from stem.core.db import db
    from stem.notify.models import OutboxMessage

    with live_server.app.app_context():
        return list(
            db.session.scalars(
                sa.select(OutboxMessage.body).where(
                    OutboxMessage.recipient == address, OutboxMessage.kind == "signal_reply"
                )
            )
        )


def test_staff_merge_link_and_reply_reach_both_submitters(browser, live_server, world):
    t = live_server.t
    page = new_page(browser, live_server, DESKTOP)
    sign_in_staff(page, live_server, STAFF["flow"], PASSWORD)

    # The inbox: filter on the theme; only the results change, the address follows.
    page.goto("/staff/signals")
    page.evaluate("() => { window.stemMarker = true; }")
    filters = page.get_by_role("search")
    filters.get_by_label(t("Thema"), exact=True).select_option(label=world["welkomhuis"])
    page.wait_for_url(re.compile(r"/staff/signals\?.*theme=\d+"))
    results = page.locator("#results")
    results.get_by_role("link", name=world["other"], exact=True).wait_for(state="detached")
    filters.get_by_role("searchbox").fill("Triagetest")
    page.wait_for_url(re.compile(r"q=Triagetest"))
    assert results.get_by_role("link", name=world["partner"], exact=True).is_visible()
    assert results.get_by_role("link", name=world["member"], exact=True).is_visible()
    assert page.evaluate("() => window.stemMarker === true"), "the whole page was loaded again"

    # Both to me at once: tick them all, assign; the list comes back with the same filters.
    filtered = page.url
    # The label covers the whole row (a big target): tap the label, as a person does.
    results.locator("label").filter(has_text=t("Alle signalen op deze pagina kiezen")).click()
    assert results.locator("input[name=ids]:checked").count() == 2
    results.get_by_label(t("Toewijzen aan"), exact=True).select_option(label="Triage flow")
    press(page, t("Toewijzen"))
    assert page.url == filtered
    assert page.get_by_role("main").get_by_role("status").first.is_visible()
    assert results.get_by_role("cell", name="Triage flow", exact=True).count() == 2

    # Merge the member's signal into the partner's.
    with page.expect_navigation():
        results.get_by_role("link", name=world["member"], exact=True).click()
    fill(page, t("Referentie van het signaal dat blijft"), world["partner"])
    press(page, t("Verder"))
    press(page, t("Samenvoegen met %(reference)s", reference=world["partner"]))
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == t("Signaal %(reference)s", reference=world["partner"])

    # Link to 21/T40.
    page.get_by_role("main").get_by_label(t("Toezegging"), exact=True).select_option(
        label=world["t40"]
    )
    press(page, t("Koppelen"))
    assert page.get_by_role("main").get_by_text("21/T40", exact=True).first.is_visible()

    # Reply in Dutch, with an Arabic translation.
    fill(page, t("Antwoord in het Nederlands"), REPLY_NL)
    page.get_by_text(t("Vertalingen toevoegen (niet verplicht)"), exact=True).click()
    fill(page, "العربية", REPLY_AR)
    press(page, t("Antwoord versturen"))
    assert page.get_by_role("main").get_by_text(REPLY_NL).first.is_visible()
    assert page.console_errors == [], "errors in the browser (a CSP violation?)"
    page.context.close()

    assert any(REPLY_NL in body and REPLY_AR not in body for body in _outbox(live_server, PARTNER))
    assert any(REPLY_AR in body for body in _outbox(live_server, MEMBER))

    # The partner reads it in Dutch.
    phone = new_page(browser, live_server, PHONE)
    sign_in_member(phone, live_server, PARTNER, "nl")
    phone.goto("/my/signals")
    with phone.expect_navigation():
        phone.get_by_role("main").get_by_role("link", name=re.compile(world["partner"])).click()
    main = phone.get_by_role("main")
    assert main.get_by_text(REPLY_NL).is_visible()
    assert main.get_by_text(REPLY_AR).count() == 0
    phone.context.close()

    # The member reads it in Arabic, through her merged signal.
    phone = new_page(browser, live_server, PHONE)
    phone.goto("/")
    choose_language(phone, "ar")
    sign_in_member(phone, live_server, MEMBER, "ar")
    choose_language(phone, "ar")
    phone.goto(f"/my/signals/{world['member']}")
    with phone.expect_navigation():
        phone.get_by_role("main").get_by_role(
            "link", name=t("Bekijk het signaal waarmee dit signaal is samengevoegd", "ar")
        ).click()
    main = phone.get_by_role("main")
    assert main.get_by_text(REPLY_AR).is_visible()
    assert main.get_by_text(REPLY_NL).count() == 0
    assert phone.console_errors == []
    phone.context.close()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_triage_pages_are_accessible(browser, live_server, world, axe, lang):
    t = live_server.t
    page = new_page(browser, live_server, DESKTOP, bypass_csp=True)
    page.goto("/")
    choose_language(page, lang)
    sign_in_staff(page, live_server, STAFF[lang], PASSWORD, lang)
    choose_language(page, lang)

    page.goto("/staff/signals?status=all&q=Triagetest")
    axe(page, "staff: signal inbox")
    page.goto(f"/staff/signals/{world['other_id']}")
    axe(page, "staff: triage page")
    press(page, t("Antwoord versturen", lang))  # no text: the form says what to do
    assert page.get_by_role("main").get_by_role("alert").first.is_visible()
    axe(page, "staff: triage page, with errors")
    page.goto(f"/staff/signals/{world['other_id']}/merge?into={world['other']}")
    axe(page, "staff: merge page, with errors")

    # Staff work at a desk, but the pages still work on a phone.
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/staff/signals?status=all", f"/staff/signals/{world['other_id']}"):
        page.goto(path)
        assert has_no_horizontal_scroll(page), f"{path} scrolls sideways at 360 px"
    page.context.close()
    axe.assert_clean()
