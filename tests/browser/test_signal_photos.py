"""On a phone with JavaScript: a big photo is made smaller before it is sent, each chosen
file shows a thumbnail with a button to remove it, and the send button says it is sending
(and cannot be pressed twice) while a slow upload runs."""

from __future__ import annotations

import base64
import json

import pytest

from tests.browser.conftest import fill, sign_in_member

pytestmark = [pytest.mark.browser, pytest.mark.no_db_rollback]

# A member of this test's own: others switch their members' language on the way.
MEMBER = "foto@browser.stem.example"


def _member(live_server) -> str:
    from stem.accounts.models import User
    from stem.core.db import db
    from tests import factories

    with live_server.app.app_context():
        if db.session.query(User.id).filter_by(email=MEMBER).first() is None:
            factories.create_user("member", email=MEMBER, display_name="Noor", locale="nl")
            db.session.commit()
    return MEMBER

# A 3000 x 2200 photo of noise, as a camera makes it: a JPEG of some megabytes.
PHOTO_JS = """([width, height]) => {
  const canvas = document.createElement("canvas");
  canvas.width = width; canvas.height = height;
  const ctx = canvas.getContext("2d");
  const data = ctx.createImageData(canvas.width, canvas.height);
  let seed = 7;
  for (let i = 0; i < data.data.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data.data[i] = i % 4 === 3 ? 255 : seed >> 23;
  }
  ctx.putImageData(data, 0, 0);
  return canvas.toDataURL("image/jpeg", 0.92).split(",")[1];
}"""


RECORD_JS = """() => {
  const log = [];
  window.addEventListener("submit", (event) => {
    const form = event.target;
    const button = form.querySelector("button[type=submit]");
    log.push({disabled: button.disabled, label: button.textContent.trim(),
              busy: form.getAttribute("aria-busy"), blocked: event.defaultPrevented});
    sessionStorage.setItem("stem-test-submits", JSON.stringify(log));
    if (log.length === 1) setTimeout(() => form.requestSubmit(), 100);
  });
}"""


def test_a_big_photo_is_shrunk_shown_removable_and_the_button_says_sending(phone, live_server):
    t = live_server.t
    sign_in_member(phone, live_server, _member(live_server))
    phone.goto("/signals/new")
    main = phone.get_by_role("main")
    photo = base64.b64decode(phone.evaluate(PHOTO_JS, [3000, 2200]))
    small = base64.b64decode(phone.evaluate(PHOTO_JS, [400, 300]))
    assert len(photo) > 1_000_000
    files = main.get_by_label(t("Foto of PDF toevoegen (niet verplicht)"), exact=True)
    files.set_input_files(
        files=[
            {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo},
            {"name": "IMG_2042.jpg", "mimeType": "image/jpeg", "buffer": small},
        ]
    )
    previews = phone.locator("#attachments-previews li")
    previews.nth(1).wait_for()
    assert previews.count() == 2
    assert previews.locator("img").count() == 2  # a thumbnail of each photo
    chosen = files.evaluate("i => Array.from(i.files).map(f => [f.name, f.size, f.type])")
    assert chosen[0][0] == "IMG_2041.jpg"
    assert chosen[0][2] == "image/jpeg"
    assert chosen[0][1] < len(photo) / 2, chosen  # made smaller before sending
    assert chosen[1] == ["IMG_2042.jpg", len(small), "image/jpeg"]  # small: sent as it is

    remove = t("Bestand %(name)s verwijderen", name="IMG_2042.jpg")
    main.get_by_role("button", name=remove, exact=True).click()
    assert previews.count() == 1
    assert files.evaluate("i => Array.from(i.files).map(f => f.name)") == ["IMG_2041.jpg"]

    fill(phone, t("Wat is er gebeurd?"), "De wachtrij bij het loket was twee uur lang.")
    main.get_by_label(t("Waar gaat het over?"), exact=True).select_option(index=1)
    # What the form looks like as it is sent, kept where the next page can read it; then a
    # second press while the first upload still runs.
    phone.evaluate(RECORD_JS)
    held = []
    phone.route(
        "**/signals/new",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    main.locator("form.stem-signal-form button[type=submit]").click(no_wait_after=True)
    phone.wait_for_timeout(800)  # the upload is held: a slow connection
    assert len(held) == 1
    with phone.expect_navigation():
        held[0].continue_()
    assert "/signals/submitted/" in phone.url
    seen = json.loads(phone.evaluate("() => sessionStorage.getItem('stem-test-submits')"))
    sending = t("Bezig met versturen…")
    assert seen[0] == {"disabled": True, "label": sending, "busy": "true", "blocked": False}
    assert seen[1]["blocked"] is True  # the second press sent nothing
    assert len(held) == 1
    assert "/signals/submitted/" in phone.url
    assert phone.console_errors == [], "errors in the browser"

    from stem.core.db import db
    from stem.signals.models import SignalAttachment

    with live_server.app.app_context():
        stored = db.session.query(SignalAttachment).order_by(SignalAttachment.id.desc()).first()
        assert stored.filename == "IMG_2041.jpg"
        assert stored.size < len(photo) / 2
