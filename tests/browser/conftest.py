"""Browser fixtures: the real app on a live server, one Chromium, phone and desktop pages, axe.

The live server runs in a background thread and commits for real, so browser tests are
marked `no_db_rollback` and work on a database of their own. That database is always a
fresh SQLite file, also when STEM_TEST_DATABASE_URL points at PostgreSQL: the main test
app uses that PostgreSQL database with a rollback per test, and committed demo data (or
a schema reset) there would leak into, or break, every other test. What the browser
tests check (pages, forms, languages, accessibility) does not depend on the database;
the PostgreSQL run of the other tests covers the database.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from tests.conftest import make_app, reset_database, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 360
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "nl-NL",
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "nl-NL"}
LINK_RE = re.compile(r"http://127\.0\.0\.1:\d+/sign-in/link/\S+")
CODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")

NEW_MEMBER = "nieuw.lid@browser.stem.example"
NO_JS_MEMBER = "zonder.js@browser.stem.example"
# Staff who have a password but no authenticator app yet: one per language checked.
# An admin for the search test, so the demo admin's authenticator codes are not used up.
SEARCH_ADMIN = "zoeken@browser.stem.example"
NEW_STAFF = {"nl": "nieuw.staf.nl@browser.stem.example", "ar": "nieuw.staf.ar@browser.stem.example"}


@dataclass
class LiveServer:
    """The running app, its address and the demo accounts to sign in with."""

    app: object
    url: str
    accounts: dict[str, object] = field(default_factory=dict)
    totp_lock: threading.Lock = field(default_factory=threading.Lock)

    def t(self, dutch: str, language: str = "nl", **variables) -> str:
        """A Dutch text as the app shows it in a language, from the app's own catalogs.

        Tests find elements by the words a person reads, in any of the eight languages.
        Dutch is the source language; a catalog whose message ids are still English is
        read through the Dutch catalog (English id -> Dutch text), so either works.
        """
        from flask_babel import force_locale, gettext

        message_id = _message_ids().get(dutch, dutch)
        with self.app.test_request_context(), force_locale(language):
            return gettext(message_id, **variables)

    def user_id(self, address: str) -> int:
        """The id of the user with this e-mail address."""
        from stem.accounts.models import User
        from stem.core.db import db

        with self.app.app_context():
            return db.session.scalar(sa.select(User.id).where(User.email == address))

    def newest_message(self, address: str) -> str:
        """The body of the newest outbox message to this address."""
        from stem.accounts.jobs import answer_sign_in_requests
        from stem.core.db import db
        from stem.notify.models import OutboxMessage

        with self.app.app_context():
            answer_sign_in_requests(deliver=False)  # what the scheduler does within seconds
            body = db.session.scalar(
                sa.select(OutboxMessage.body)
                .where(OutboxMessage.recipient == address)
                .order_by(OutboxMessage.id.desc())
                .limit(1)
            )
        assert body, f"no message in the outbox for {address}"
        return body

    def sign_in_link(self, address: str) -> str:
        """The sign-in link in the newest message to this address."""
        match = LINK_RE.search(self.newest_message(address))
        assert match, "no sign-in link in the message"
        return match.group(0)

    def sign_in_code(self, address: str) -> str:
        """The 6-digit code in the newest message to this address."""
        body = LINK_RE.sub("", self.newest_message(address))
        match = CODE_RE.search(body)
        assert match, "no 6-digit code in the message"
        return match.group(1)

    def totp_code(self, address: str) -> str:
        """A code the app accepts now: it refuses a step used before, so never reuse one."""
        from stem.accounts.models import User
        from stem.core.db import db

        with self.totp_lock, self.app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == address))
            totp = pyotp.TOTP(user.totp_secret)
            now_step = totp.timecode(time.time())
            step = max(now_step, (user.totp_last_step or 0) + 1)
            if step > now_step + 1:  # both steps the app accepts are used: wait for the next
                time.sleep(totp.interval - time.time() % totp.interval + 0.1)
                step = totp.timecode(time.time())
            return totp.generate_otp(step)


@functools.cache
def _message_ids() -> dict[str, str]:
    """Dutch text -> message id, for a Dutch catalog that translates English ids."""
    from babel.messages.pofile import read_po

    path = ROOT / "stem" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as po:
        catalog = read_po(po, locale="nl")
    ids = {m.id for m in catalog if m.id}
    return {
        m.string: m.id
        for m in catalog
        if m.id and isinstance(m.string, str) and m.string and m.string not in ids
    }


def _not_ready(environ, start_response):
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


def _seed(app) -> dict[str, object]:
    from stem.core.db import db
    from stem.core.demo import load_demo
    from tests import factories

    with app.app_context():
        accounts = {account.name: account for account in load_demo()}
        factories.create_user("member", email=NEW_MEMBER, display_name="Noor", locale="nl")
        factories.create_user("member", email=NO_JS_MEMBER, display_name="Dawit", locale="nl")
        factories.create_user(
            "admin", email=SEARCH_ADMIN, display_name="Zoeker", totp_secret=pyotp.random_base32()
        )
        for address in NEW_STAFF.values():
            factories.create_user("staff", email=address, display_name="Nieuwe collega")
        db.session.commit()
    return accounts


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app served over HTTP from a background thread, on its own SQLite database."""
    # Bind first (port 0: the OS picks a free port), so BASE_URL, used in the links in
    # messages, can carry the real port before the app is built.
    server = make_server("127.0.0.1", 0, _not_ready, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    tmp = tmp_path_factory.mktemp("browser")
    app = make_app(f"sqlite:///{tmp / 'browser.db'}", tmp / "instance", BASE_URL=url)
    reset_database(app)
    accounts = _seed(app)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, name="stem-live-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=url, accounts=accounts)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every sign-in comes from 127.0.0.1: start each test with empty rate-limit counters."""
    from stem.extensions import limiter

    limiter.reset()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    except Error as exc:
        playwright.stop()
        skip_or_fail(f"Playwright cannot launch {CHROMIUM}: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


def new_page(browser, live_server, device: dict, **options):
    """A page in a fresh context (its own cookies) that reports errors in the browser."""
    context = browser.new_context(base_url=live_server.url, **device, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []

    def on_console(message):
        # Failed requests are reported by on_response, with their address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(message.text)

    def on_response(response):
        # Chromium asks for /favicon.ico by itself; Stem has none (see the report).
        if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
            page.console_errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


@pytest.fixture
def phone(browser, live_server):
    """A cheap Android phone: 360 px wide, touch, Dutch; the app's CSP is enforced."""
    page = new_page(browser, live_server, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser, live_server):
    """A staff member's laptop: 1280 x 800, Dutch; the app's CSP is enforced."""
    page = new_page(browser, live_server, DESKTOP)
    yield page
    page.context.close()


# --- steps a person takes ---------------------------------------------------------------


def choose_language(page, code: str) -> None:
    """Press the language's button in the language switch, unless it is already chosen."""
    from stem.core.i18n import BY_CODE

    language = BY_CODE[code]
    if page.locator("html").get_attribute("lang") == language.html_lang:
        return
    open_language_list(page)
    switch = page.locator("form.stem-lang-switch")
    with page.expect_navigation():
        switch.get_by_role("button", name=language.native_name, exact=True).click()
    assert page.locator("html").get_attribute("lang") == language.html_lang
    assert page.locator("html").get_attribute("dir") == language.direction


def open_language_list(page) -> None:
    """Open the compact language choice (a <details>) in the page header, if it is closed."""
    picker = page.locator("details.stem-lang-picker")
    if picker.count() and picker.get_attribute("open") is None:
        picker.locator("summary").click()


def press(page, name: str) -> None:
    """Press the button with this exact name in the page's main content; wait for the page."""
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=name, exact=True).click()


def fill(page, label: str, value: str) -> None:
    """Type into the field with this exact label in the page's main content."""
    page.get_by_role("main").get_by_label(label, exact=True).fill(value)


def request_sign_in(page, live_server, address: str, lang: str = "nl") -> None:
    """From the sign-in page: type the address and ask for a link and code."""
    t = live_server.t
    page.goto("/sign-in")
    fill(page, t("Je e-mailadres of mobiele nummer", lang), address)
    press(page, t("Stuur mij een link", lang))
    assert page.url.endswith("/sign-in/code"), page.url


def sign_in_member(page, live_server, address: str, lang: str = "nl") -> None:
    """Ask for a link, open it from the outbox, press Continue: signed in, on /home."""
    request_sign_in(page, live_server, address, lang)
    page.goto(live_server.sign_in_link(address))
    press(page, live_server.t("Verder", lang))
    assert page.url.endswith("/home"), page.url


def staff_password_step(page, live_server, address: str, password: str, lang: str = "nl"):
    """Staff sign-in, step 1: e-mail address and password."""
    t = live_server.t
    page.goto("/staff/sign-in")
    fill(page, t("E-mailadres", lang), address)
    fill(page, t("Wachtwoord", lang), password)
    press(page, t("Volgende", lang))


def sign_in_staff(page, live_server, address: str, password: str, lang: str = "nl") -> None:
    """Password, then the code from the authenticator app: signed in, on /home."""
    t = live_server.t
    staff_password_step(page, live_server, address, password, lang)
    assert page.url.endswith("/staff/two-factor"), page.url
    fill(
        page,
        t("Code uit je authenticator-app, of een herstelcode", lang),
        live_server.totp_code(address),
    )
    press(page, t("Inloggen", lang))
    assert page.url.endswith("/home"), page.url


def has_no_horizontal_scroll(page) -> bool:
    """Nothing sticks out sideways on a 360 px phone."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    return width <= PHONE_WIDTH


# --- axe-core ---------------------------------------------------------------------------


def _summary(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"    {target}: {node.get('failureSummary', '')}")
    return "\n".join(line.replace("\n", " ") for line in lines)


@pytest.fixture(scope="session")
def axe_results():
    """Per-page axe results, written to tests/browser/artifacts/axe-results.json at the end."""
    results: list[dict] = []
    yield results
    if results:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-results.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


class Axe:
    """`axe(page, name)` runs axe-core's WCAG 2.1 A/AA rules on a page and records the result;
    `axe.assert_clean()` then fails with a readable summary of every violation found.

    Pages checked must be in a context made with bypass_csp=True: axe is injected as an
    inline script, which the app's Content-Security-Policy rightly blocks.
    """

    def __init__(self, results: list[dict]):
        self.results = results
        self.failures: list[str] = []

    def __call__(self, page, name: str) -> list[dict]:
        started = time.perf_counter()
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {
                    runOnly: {type: 'tag', values: tags},
                    resultTypes: ['violations'],  // full details only where needed: faster
                });
                const nav = performance.getEntriesByType('navigation')[0];
                return {violations: r.violations, passes: r.passes.length,
                        status: nav ? nav.responseStatus : null,
                        incomplete: r.incomplete.map((i) => i.id)};
            }""",
            WCAG_TAGS,
        )
        violations = result["violations"]
        language = page.locator("html").get_attribute("lang")
        self.results.append(
            {
                "page": name,
                "path": urlsplit(page.url).path,
                "status": result["status"],
                "language": language,
                "viewport": page.viewport_size["width"],
                "violations": len(violations),
                "violation_ids": [v["id"] for v in violations],
                "passes": result["passes"],
                "incomplete": result["incomplete"],
                "seconds": round(time.perf_counter() - started, 2),
            }
        )
        if violations:
            self.failures.append(
                f"{name} ({urlsplit(page.url).path}, lang={language}): "
                f"{len(violations)} violation(s)\n{_summary(violations)}"
            )
        return violations

    def assert_clean(self) -> None:
        """Fail if any page checked so far had a WCAG 2.1 A/AA violation."""
        assert not self.failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(
            self.failures
        )


@pytest.fixture
def axe(axe_results):
    """An Axe for this test; see Axe."""
    if not AXE_JS.exists():
        skip_or_fail(f"axe-core is not vendored at {AXE_JS}")
    return Axe(axe_results)


def desk_staff(live_server, address: str) -> str:
    """A staff member of their own (password and authenticator app), for the desk's tests:
    the demo's Eva signs in often enough elsewhere in a session."""
    from stem.accounts.models import User
    from stem.core.db import db
    from tests import factories

    with live_server.app.app_context():
        if db.session.scalar(sa.select(User.id).where(User.email == address)) is None:
            factories.create_user(
                "staff", email=address, display_name="Desk", totp_secret=pyotp.random_base32()
            )
            db.session.commit()
    return address
