"""One Arabic signal through the translation desk, in a real browser.

Staff ask for Dutch on the triage page; the Arabic ⇄ Dutch translator signs in with link and
code and translates it on a desktop, beside the right-to-left source; staff review it and read
the Dutch beside the original on the triage page.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.browser.conftest import (
    DESKTOP,
    choose_language,
    desk_staff,
    fill,
    new_page,
    press,
    request_sign_in,
    sign_in_staff,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

STAFF = "desk.flow@browser.stem.example"
TRANSLATOR = "layla.tolk@demo.stem.example"
ARABIC = "الباب الخلفي لمركز الحي في كانالينايلاند مكسور منذ شهر ولا أحد يصلحه."
DUTCH = "De achterdeur van het buurthuis in Kanaleneiland is al een maand kapot."


def _arabic_signal(live_server) -> int:
    from stem.core.db import db
    from tests import factories

    with live_server.app.app_context():
        member = factories.create_user("member", locale="ar", display_name="Rania")
        signal = factories.create_signal(submitter=member, language="ar", body=ARABIC)
        db.session.commit()
        return signal.id


def _open_request(live_server, signal_id: int) -> int | None:
    from stem.core.db import db
    from stem.translation.models import TranslationRequest

    with live_server.app.app_context():
        return db.session.scalar(
            sa.select(TranslationRequest.id).where(
                TranslationRequest.source_kind == "signal",
                TranslationRequest.source_id == signal_id,
            )
        )


def test_staff_request_dutch_a_translator_writes_it_staff_review_and_read_it(browser, live_server):
    t = live_server.t
    signal_id = _arabic_signal(live_server)
    staff = new_page(browser, live_server, DESKTOP)
    sign_in_staff(staff, live_server, desk_staff(live_server, STAFF), PASSWORD)
    staff.goto(f"/staff/signals/{signal_id}")
    assert staff.get_by_text(t("Er is nog geen Nederlandse versie van dit signaal.")).is_visible()
    press(staff, t("Vertaling naar het Nederlands aanvragen"))
    assert staff.get_by_text(t("De vertaling naar het Nederlands is aangevraagd.")).is_visible()
    item_id = _open_request(live_server, signal_id)
    assert item_id is not None

    translator = new_page(browser, live_server, DESKTOP)
    request_sign_in(translator, live_server, TRANSLATOR)
    translator.goto(live_server.sign_in_link(TRANSLATOR))
    press(translator, t("Verder"))
    assert translator.url.endswith("/translation"), translator.url
    choose_language(translator, "nl")  # another test may have left the account in Arabic
    translator.get_by_role(
        "link", name=t("%(kind)s nummer %(number)s", kind=t("Signaal"), number=item_id)
    ).click()
    source = translator.locator("p[lang=ar]", has_text=ARABIC)
    assert source.get_attribute("dir") == "rtl"
    target_box = translator.get_by_role("main").get_by_label(t("Vertaling"), exact=True)
    source_box, text_box = source.bounding_box(), target_box.bounding_box()
    assert text_box["x"] > source_box["x"] + source_box["width"] / 2  # side by side on a desktop
    fill(translator, t("Vertaling"), DUTCH)
    press(translator, t("Concept opslaan"))
    assert translator.get_by_text(t("Je vertaling is opgeslagen.")).is_visible()
    # The translator cannot open the signal itself.
    assert translator.goto(f"/staff/signals/{signal_id}").status == 404

    staff.goto(f"/translation/{item_id}")
    press(staff, t("Nagekeken: vertaling goedkeuren"))
    staff.goto(f"/staff/signals/{signal_id}")
    main = staff.get_by_role("main")
    assert main.get_by_text(DUTCH).is_visible()
    assert main.get_by_text(ARABIC).is_visible()
    assert main.get_by_text(t("Vertaling, nagekeken.")).is_visible()
    staff.context.close()
    translator.context.close()
