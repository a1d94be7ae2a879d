"""Benchmarks of the monthly rounds and the signals.

    .venv/bin/python bench/features.py            # everything, about 3-5 minutes
    .venv/bin/python bench/features.py --quick    # smaller sizes, short loads; prints only

Options: --only rounds|signals, --no-write, --write (with --quick), --connections,
--duration, --warmup. See bench/README.md for what is measured; the figures go to
bench/RESULTS.md between `<!-- rounds:start/end -->` and `<!-- signals:start/end -->`.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from lib import (
    BENCH_DIR,
    REPO_DIR,
    VENV_BIN,
    WORK_DIR,
    BenchError,
    Browser,
    Server,
    check_signed_in,
    csrf_token,
    framework_server,
    gunicorn,
    prepare_demo_db,
    sign_in,
    stem_env,
)
from load import Form, LoadResult, LoadSettings, have_wrk, warn_without_wrk
from noise import QUIET_SHARE, CpuMeter, wait_for_quiet
from results import kb, machine, table, write_section
from run import WORKERS, floor_lines, load_target, measure_floor
from weight import GZIP_LEVEL, PageWeight, page_weight

sys.path.insert(0, str(REPO_DIR))  # stem and tests.factories, for the in-process parts

COMMAND = ".venv/bin/python bench/features.py"
FEATURES_DB = WORK_DIR / "features.db"  # the demo database of the HTTP part (not run.py's)
LOAD_AT_START = "?"  # the 1, 5 and 15 minute load averages, set by main()
QUIET_WAIT = 8.0  # seconds to wait at most for a quiet machine before an in-process part
NO_SERVER = -1  # a process group nobody is in: CpuMeter then counts all but us as "other"

# Targets agreed for rounds and signals.
SIGNAL_BENCH_LIMIT = "1000000 per hour"
QUESTION_TARGET = 0.50  # question page GET, share of bare-Flask throughput
ANSWER_TARGET = 0.33  # answer POST
RESULTS_TARGET_MS = 50.0  # results page of a round with 10,000 responses (and 100,000)
RESULTS_TARGET_SIZE = 10_000
OPEN_TARGET_S = 5.0  # open a round for 10,000 members, every invitation queued
OPEN_TARGET_SIZE = 10_000
FIRST_QUESTION_TARGET = 60 * 1024  # bytes (gzip) for the first question, cold cache
NEXT_QUESTION_TARGET = 10 * 1024  # bytes (gzip) for each next question, assets cached
INBOX_TARGET_MS = 100.0  # inbox filtered by theme and status, page 1, at 100,000 signals
SIMILAR_TARGET_MS = 200.0  # similar-signal lookup over 100,000 signals
SIGNALS_TARGET_SIZE = 100_000

INBOX_FILTERED = "inbox, theme + status filter, page 1"  # names used by triage_scale.py
SIMILAR = "similar-signal lookup"
SIGNAL_TEXT = (
    "De taalschool in Overvecht zegt de lessen steeds af en de coach van het Welkomhuis "
    "belt niet terug. Ik weet niet wanneer mijn volgende les is en ik mis veel uren."
)
OPEN_LOCALES = ("nl", "nl", "ar", "ar", "ti", "uk", "fa_AF", "so", "tr", "en")
_OPTION_RE = re.compile(r'name="answer"[^>]*value="(\d+)"')
_THEME_RE = re.compile(r'<select[^>]*name="theme".*?</select>', re.S)
_VALUE_RE = re.compile(r'<option[^>]*value="(\d+)"')
_TOKEN_RE = re.compile(r"/r/[A-Za-z0-9_-]{20,}")  # a member's link token, hidden in reports


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full run, or --quick while developing."""

    load: LoadSettings
    results_sizes: tuple[int, ...]
    results_runs: int
    open_sizes: tuple[int, ...]
    open_repeats: int
    signal_sizes: tuple[int, ...]


FULL = Plan(LoadSettings(16, 10.0, 2.0), (1_000, 10_000, 100_000), 15, (1_000, 10_000), 3,
            (10_000, 100_000))
QUICK = Plan(LoadSettings(16, 3.0, 1.0), (1_000, 10_000), 5, (1_000, 10_000), 1, (10_000,))


def _stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(143)  # unwinds through the `finally` that stops gunicorn


# --- formatting -----------------------------------------------------------------------


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**NOT met**")


def _share(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


def _ms(value: float | None, digits: int = 1) -> str:
    return "?" if value is None else f"{value:.{digits}f} ms"


def _times(a: float, b: float) -> str:
    return f"×{b / a:.1f}" if a else "–"


def _busy_note(shares: dict[str, float | None]) -> str:
    busy = [k for k, v in shares.items() if v is not None and v > QUIET_SHARE]
    if not busy:
        return ""
    return (f"**Other work used more than {QUIET_SHARE:.0%} of the CPUs during: {', '.join(busy)}."
            " Wall-clock figures there are inflated; the CPU figures are the steadier ones.**")


# --- in-process helpers -----------------------------------------------------------------


def production_config(database: Path | None = None) -> dict:
    """The settings of the in-process measurements: production's, on a database of our own."""
    config = {
        "STEM_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "LOG_LEVEL": "WARNING",
        "RATELIMIT_ENABLED": False,  # one client asks many times; limits are not measured
    }
    if database is not None:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    return config


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def make_app(database: Path):
    from stem import create_app

    return create_app(production_config(_fresh(database)),
                      instance_path=str(WORK_DIR / "instance"))


@contextlib.contextmanager
def quiet_meter() -> Iterator[CpuMeter]:
    """Wait (bounded) for a quiet machine, then measure what other work used meanwhile."""
    wait_for_quiet(max_wait=QUIET_WAIT)
    with CpuMeter(NO_SERVER) as meter:
        yield meter


def sign_in_staff(app, client) -> None:
    """A staff member signed in the way tests/conftest.py's login_as does it: with a
    session row of their own, as signing in makes one."""
    from stem.core.db import db
    from tests import factories
    from tests.conftest import sign_in_session

    with app.app_context():
        staff = factories.create_user("staff", locale="nl")
        db.session.commit()
        with client.session_transaction() as sess:
            sign_in_session(sess, staff)
        db.session.commit()


# --- rounds: HTTP under gunicorn, and page weight ---------------------------------------


@dataclass
class QuestionWeight:
    number: int
    kind: str
    full: dict[str, int]  # locale -> gzip bytes of the whole page (no JavaScript, or a reload)
    partial: dict[str, int]  # locale -> gzip bytes of the htmx partial (the normal next step)
    extra: dict[str, int]  # locale -> gzip bytes of assets not already cached


@dataclass
class HttpFigures:
    loads: dict[str, LoadResult] = field(default_factory=dict)
    first: dict[str, PageWeight] = field(default_factory=dict)  # locale -> first question
    start: dict[str, PageWeight] = field(default_factory=dict)  # locale -> start page
    questions: list[QuestionWeight] = field(default_factory=list)
    members: int = 0  # members whose links the answer POSTs were spread over
    signals_created: int = 0
    signal_requests: int = 0


@dataclass
class Member:
    user_id: int
    locale: str
    token: str


def open_demo_round(env: dict[str, str]) -> tuple[list[Member], list[str]]:
    """`stem rounds open` on the demo database; each invited member's link token and the
    question kinds, computed with the server's own secret key."""
    out = subprocess.run([str(VENV_BIN / "stem"), "rounds", "open"], cwd=REPO_DIR, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    if out.returncode != 0:
        raise BenchError(f"`stem rounds open` failed: {(out.stderr or out.stdout)[-300:]}")
    import sqlalchemy as sa

    from stem import create_app
    from stem.accounts.models import User
    from stem.core.db import db
    from stem.surveys.answering.links import invitation_token
    from stem.surveys.models import Invitation, Question, Round

    app = create_app({"STEM_ENV": "production", "SECRET_KEY": env["STEM_SECRET_KEY"],
                      "SQLALCHEMY_DATABASE_URI": env["STEM_DATABASE_URL"],
                      "RATELIMIT_ENABLED": False,
                      "LOG_LEVEL": "WARNING"}, instance_path=str(WORK_DIR / "instance"))
    with app.app_context():
        round_ = db.session.scalar(sa.select(Round).where(Round.status == "open"))
        if round_ is None:
            raise BenchError("no open round after `stem rounds open`")
        rows = db.session.execute(
            sa.select(User.id, User.locale)
            .join(Invitation, Invitation.user_id == User.id)
            .where(Invitation.round_id == round_.id)
            .order_by(User.id)
        ).all()
        members = [Member(uid, locale, invitation_token(round_.id, uid)) for uid, locale in rows]
        kinds = list(db.session.scalars(
            sa.select(Question.kind).where(Question.survey_id == round_.survey_id)
            .order_by(Question.position)
        ))
        db.session.remove()
        db.engine.dispose()
    if not members:
        raise BenchError("the demo round invited nobody")
    return members, kinds


def _gzip(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL))


def _weigh_questions(port: int, browsers: dict[str, tuple[Browser, Member]], kinds: list[str],
                     figures: HttpFigures) -> None:
    for locale, (browser, member) in browsers.items():
        headers = {"Cookie": browser.cookie_header}
        figures.start[locale] = page_weight(port, f"/r/{member.token}", headers)
        figures.first[locale] = page_weight(port, f"/r/{member.token}/1", headers)
    for number in range(2, len(kinds) + 1):
        weight = QuestionWeight(number, kinds[number - 1], {}, {}, {})
        for locale, (browser, member) in browsers.items():
            cached = {a.path for a in figures.first[locale].assets}
            path = f"/r/{member.token}/{number}"
            full = page_weight(port, path, {"Cookie": browser.cookie_header})
            partial = page_weight(port, path, {"Cookie": browser.cookie_header,
                                               "HX-Request": "true", "HX-Boosted": "true"})
            if partial.assets[0].raw >= full.assets[0].raw:
                raise BenchError(f"GET {path} with HX-Request gave the whole page")
            weight.full[locale] = full.assets[0].compressed
            weight.partial[locale] = partial.assets[0].compressed
            weight.extra[locale] = sum(a.compressed for a in full.assets[1:]
                                       if a.path not in cached)
        figures.questions.append(weight)


def _answer_form(port: int, member: Member) -> tuple[Browser, str]:
    """A phone that opened its link (session cookie, CSRF token); the POST body for
    question 1, checked once by hand (303 to question 2)."""
    browser = Browser(port)
    if browser.get(f"/r/{member.token}").status != 200:
        raise BenchError("the member's round link does not open (expected 200)")
    page = browser.get(f"/r/{member.token}/1")
    options = _OPTION_RE.findall(page.text)
    if page.status != 200 or not options:
        raise BenchError(f"question 1 answered {page.status} without answer options")
    fields = {"csrf_token": csrf_token(page), "answer": options[0]}
    resp = browser.post(f"/r/{member.token}/1", fields)
    location = resp.header("Location") or ""
    if resp.status != 303 or not location.endswith(f"/r/{member.token}/2"):
        raise BenchError(f"POST of question 1 answered {resp.status} to {location!r}")
    return browser, urlencode(fields)


def _signal_form(port: int) -> tuple[Browser, str]:
    """The signed-in demo member on /signals/new: its cookie and a POST body (without the
    form key, which the load generator makes new for every request), checked once."""
    cookie = sign_in(port, db_path=FEATURES_DB)
    name, value = cookie.split("=", 1)
    browser = Browser(port, {name: value})
    page = browser.get("/signals/new")
    select = _THEME_RE.search(page.text)
    themes = _VALUE_RE.findall(select.group(0)) if select else []
    if page.status != 200 or not themes:
        raise BenchError(f"GET /signals/new answered {page.status} without themes")
    fields = {"csrf_token": csrf_token(page), "body": SIGNAL_TEXT, "theme": themes[0],
              "district": ""}
    resp = browser.post("/signals/new", {**fields, "form_key": secrets.token_urlsafe(24)})
    if resp.status != 303 or "/signals/submitted/" not in (resp.header("Location") or ""):
        raise BenchError(f"POST /signals/new answered {resp.status}, expected 303")
    return browser, urlencode(fields)


def _count_signals() -> int:
    with contextlib.closing(sqlite3.connect(FEATURES_DB, timeout=30)) as conn:
        return conn.execute("SELECT count(*) FROM signals").fetchone()[0]


def measure_http(plan: Plan, parts: set[str]) -> HttpFigures:
    """Stem on the demo database (both features), then bare Flask: one server at a time."""
    figures = HttpFigures()
    env = stem_env(FEATURES_DB)
    # One demo member sends thousands of signals here; the per-person limit (60 an hour)
    # stays in force, with room for this load, so its check is part of what is measured.
    env["STEM_SIGNAL_RATE_LIMIT"] = SIGNAL_BENCH_LIMIT
    print("Preparing the demo database (stem demo, stem rounds open) …", flush=True)
    prepare_demo_db(env, FEATURES_DB)
    members, kinds = open_demo_round(env)
    settings = plan.load
    with gunicorn("features-stem", "stem:create_app()", env, workers=WORKERS) as server:
        print(f"Stem on 127.0.0.1:{server.port} ({WORKERS} sync workers)", flush=True)
        if "rounds" in parts:
            _rounds_http(server, settings, members, kinds, figures)
        if "signals" in parts:
            browser, body = _signal_form(server.port)
            before = _count_signals()
            print("  load: POST /signals/new (a new form key each time) …", flush=True)
            figures.loads["signal"] = load_target(
                server, "/signals/new", settings, {"Cookie": browser.cookie_header},
                Form(body, unique_field="form_key"))
            result = figures.loads["signal"]
            figures.signals_created = _count_signals() - before
            figures.signal_requests = result.requests + result.warmup_requests
            if figures.signals_created < result.requests:
                raise BenchError(f"only {figures.signals_created} signals were stored for"
                                 f" {result.requests} answered POSTs")
            check_signed_in(server.port, browser.cookie_header)
    if "rounds" in parts:
        figures.loads.update(measure_floor(env, settings, FEATURES_DB))
    bare_env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    with gunicorn("features-bare", "bare_app:create_app()", bare_env, workers=WORKERS,
                  pythonpath=BENCH_DIR) as server:
        print(f"Bare Flask on 127.0.0.1:{server.port} ({WORKERS} sync workers)", flush=True)
        print("  load: GET / …", flush=True)
        figures.loads["bare"] = load_target(server, "/", settings)
    with framework_server("features-framework", workers=WORKERS) as server:
        print("  load: GET / …", flush=True)
        figures.loads["framework"] = load_target(server, "/", settings)
    return figures


def _rounds_http(server: Server, settings: LoadSettings, members: list[Member],
                 kinds: list[str], figures: HttpFigures) -> None:
    port = server.port
    by_locale = {m.locale: m for m in reversed(members)}  # the first member of each language
    chosen = {loc: by_locale[loc] for loc in ("nl", "ar") if loc in by_locale}
    phones = {}
    for locale, member in chosen.items():
        browser = Browser(port)
        browser.get(f"/r/{member.token}")  # the invitation link: session cookie, CSRF token
        phones[locale] = (browser, member)
    print("  page weight of the question pages …", flush=True)
    _weigh_questions(port, phones, kinds, figures)
    reader, member = phones["nl"]
    path = f"/r/{member.token}/1"
    print(f"  load: GET /r/<token>/1 (question page, {member.locale}) …", flush=True)
    figures.loads["question"] = load_target(server, path, settings,
                                            {"Cookie": reader.cookie_header})
    # Every invited member answers question 1, from one phone's session (the link is the key).
    browser, body = _answer_form(port, member)
    paths = tuple(f"/r/{m.token}/1" for m in members)
    figures.members = len(paths)
    print(f"  load: POST /r/<token>/1 (answers, spread over {len(paths)} members) …", flush=True)
    figures.loads["answer"] = load_target(server, path, settings,
                                          {"Cookie": browser.cookie_header}, Form(body, paths))


# --- rounds: results page, opening a round (in process) ---------------------------------


def measure_results_page(sizes: tuple[int, ...], runs: int) -> list[tuple[int, dict]]:
    """bench/results_page.py's data and measurement, with production settings."""
    import results_page
    from flask_migrate import upgrade

    app = make_app(WORK_DIR / "features-results.db")
    with app.app_context():
        upgrade()
    client = app.test_client()
    sign_in_staff(app, client)
    rows, survey = [], None
    for index, size in enumerate(sizes):
        started = time.perf_counter()
        survey, round_id, _frozen = results_page.build(app, size, f"2021-{index + 1:02d}",
                                                       survey, history=index == 0)
        built = time.perf_counter() - started
        with quiet_meter() as meter:
            figures = results_page.measure(app, client, round_id, runs)
        figures["other"] = meter.other
        rows.append((size, figures))
        print(f"  results page, {size:,} responses: median {figures['median']:.0f} ms,"
              f" CPU {figures['cpu']:.0f} ms, {figures['queries']} SQL statements"
              f" (data built in {built:.0f} s; other work {_share(meter.other)})", flush=True)
    return rows


@dataclass
class OpenFigures:
    members: int
    wall: list[float]
    cpu: list[float]
    other: list[float | None]
    invited: int
    queued: int


def _add_members(count: int) -> None:
    import sqlalchemy as sa

    from stem.accounts.models import MemberProfile, User
    from stem.core.db import db

    rows = []
    for n in range(count):
        sms = n % 5 == 4
        rows.append({
            "role": "member", "active": True, "locale": OPEN_LOCALES[n % len(OPEN_LOCALES)],
            "channel": "sms" if sms else "email",
            "email": None if sms else f"lid{n}@bench.example",
            "phone": f"+3161{n:07d}" if sms else None,
            "display_name": f"Lid {n}" if n % 3 else "",
        })
    for start in range(0, count, 5000):
        db.session.execute(sa.insert(User), rows[start:start + 5000])
    ids = list(db.session.scalars(sa.select(User.id).where(User.role == "member")))
    db.session.execute(sa.insert(MemberProfile), [{"user_id": i} for i in ids])
    db.session.commit()


def measure_open_round(sizes: tuple[int, ...], repeats: int) -> list[OpenFigures]:
    """Open a round and queue every invitation, as `stem rounds open` does (batches of 500,
    each committed), for N active members; a fresh period each time, then cleaned up."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from stem.accounts.models import User
    from stem.core.db import db, utcnow
    from stem.notify.models import OutboxMessage
    from stem.surveys.models import Invitation, Round
    from stem.surveys.rounds.invitations import queue_invitations
    from stem.surveys.rounds.services import open_round
    from tests import factories

    app = make_app(WORK_DIR / "features-open.db")
    out = []
    with app.app_context():
        upgrade()
        survey = factories.create_survey(kinds=("smiley5", "single", "long_text"))
        db.session.commit()
        _add_members(max(sizes))
        member_ids = list(db.session.scalars(
            sa.select(User.id).where(User.role == "member").order_by(User.id)))
        period = 0
        for size in sizes:
            cutoff = member_ids[size - 1]
            db.session.execute(sa.update(User).where(User.role == "member")
                               .values(active=User.id <= cutoff)
                               .execution_options(synchronize_session=False))
            db.session.commit()
            figures = OpenFigures(size, [], [], [], 0, 0)
            for _ in range(repeats):
                period += 1
                with quiet_meter() as meter:
                    wall, cpu = time.perf_counter(), time.process_time()
                    now = utcnow()
                    round_ = open_round(f"2031-{period:02d}", now, survey=survey)
                    db.session.commit()
                    invited = queue_invitations(round_, now=now, batch_size=500)
                    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                queued = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                                           .where(OutboxMessage.kind == "round_invitation"))
                if invited != size or queued != size:
                    raise BenchError(f"opening for {size} members invited {invited}, queued"
                                     f" {queued} messages")
                figures.wall.append(wall)
                figures.cpu.append(cpu)
                figures.other.append(meter.other)
                figures.invited, figures.queued = invited, queued
                db.session.execute(sa.delete(OutboxMessage))
                db.session.execute(sa.delete(Invitation))
                db.session.execute(sa.delete(Round))
                db.session.commit()
            print(f"  open a round for {size:,} members: {statistics.median(figures.wall):.2f} s"
                  f" (CPU {statistics.median(figures.cpu):.2f} s)", flush=True)
            out.append(figures)
        db.session.remove()
    return out


# --- signals: inbox and similar signals (in process, bench/triage_scale.py) -------------


def measure_inbox(sizes: tuple[int, ...]) -> dict[int, tuple[dict, float | None, float]]:
    """triage_scale.py's data and measurements at each size, with production settings:
    {size: ({measurement: (wall ms, CPU ms)}, other work's CPU share, seconds to build)}."""
    import triage_scale

    out = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="stem-features-", dir=WORK_DIR) as folder:
            started = time.perf_counter()
            app, staff_id = triage_scale.build(size, Path(folder),
                                               overrides=production_config())
            built = time.perf_counter() - started
            with quiet_meter() as meter:
                figures = triage_scale.measure(app, staff_id, size)
            out[size] = (figures, meter.other, built)
            with app.app_context():
                from stem.core.db import db

                db.engine.dispose()
        print(f"  {size:,} signals (built in {built:.0f} s): inbox filtered"
              f" {figures[INBOX_FILTERED][0]:.0f} ms, similar {figures[SIMILAR][0]:.0f} ms"
              f" (other work {_share(meter.other)})", flush=True)
    return out


# --- the sections -----------------------------------------------------------------------


def _header(title: str, started: datetime, took: float, plan: Plan, http: bool,
            others: list[float | None]) -> list[str]:
    settings = plan.load
    known = [o for o in others if o is not None]
    load = (f"other work used {min(known):.0%}–{max(known):.0%} of the CPUs during the"
            " measurements below" if known else "other work's CPU use unknown")
    tool = "wrk" if have_wrk() else "the Python fallback client (wrk is not installed)"
    lines = [
        f"## {title}",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC (the whole command took {took:.0f} s)",
        f"- Machine: {machine()}; shared: {load} (load average when the command started:"
        f" {LOAD_AT_START})",
        f"- Command: `{' '.join([COMMAND, *sys.argv[1:]])}`",
    ]
    if http:
        lines += [
            f"- HTTP: gunicorn, {WORKERS} sync workers, on 127.0.0.1, Stem (STEM_ENV=production,"
            " a fresh `stem demo` database, SQLite) and bare Flask (`bench/bare_app.py`, GET / of"
            f" a fixed 4,000-byte page) one after the other; load by {tool},"
            f" {settings.connections} keep-alive connections, {settings.warmup:.0f} s warm-up"
            f" then {settings.duration:.0f} s measured",
        ]
    lines += [
        "- In process: Flask's test client with production settings on a generated SQLite"
        " database (server time: routing, session, queries, templates; no network)",
    ]
    return lines


def _load_table(figures: HttpFigures, labels: dict[str, str]) -> str:
    bare = figures.loads["bare"]
    rows = []
    for key, label in labels.items():
        r = figures.loads.get(key)
        if r is None:
            continue
        cpu_ratio = (bare.server_cpu_ms / r.server_cpu_ms
                     if bare.server_cpu_ms and r.server_cpu_ms else None)
        rows.append([label, f"{r.rps:,.0f}", _ms(r.p50_ms), _ms(r.p95_ms),
                     f"{r.rps / bare.rps:.0%}" if bare.rps else "–", _ms(r.server_cpu_ms, 2),
                     _share(cpu_ratio), f"{r.requests:,}", str(r.errors), _share(r.server_cpu),
                     _share(r.other_cpu)])
    return table(["Request", "Requests/s", "p50", "p95", "vs bare", "CPU/request",
                  "vs bare (CPU)", "Requests", "Errors", "Server CPU", "Other CPU"], rows)


def _ratio(figures: HttpFigures, key: str) -> float:
    bare = figures.loads["bare"].rps
    return figures.loads[key].rps / bare if bare else 0.0


def _cpu_ratio(figures: HttpFigures, key: str) -> float | None:
    bare, own = figures.loads["bare"].server_cpu_ms, figures.loads[key].server_cpu_ms
    return bare / own if bare and own else None


def rounds_section(http: HttpFigures | None, results: list[tuple[int, dict]],
                   opening: list[OpenFigures], plan: Plan, started: datetime,
                   took: float) -> str:
    others = [r.other_cpu for k, r in (http.loads.items() if http else ())
              if k in ("question", "answer", "bare")]
    others += [f["other"] for _, f in results] + [o for f in opening for o in f.other]
    out = _header("Monthly rounds: answering, results page, opening, page weight",
                  started, took, plan, http is not None, others)
    summary = []
    if http is not None:
        q, a = _ratio(http, "question"), _ratio(http, "answer")
        qc, ac = _cpu_ratio(http, "question"), _cpu_ratio(http, "answer")
        summary += [
            ["Question page GET, throughput vs bare Flask", f"{q:.0%} (by CPU: {_share(qc)})",
             f"≥ {QUESTION_TARGET:.0%}", _met(q >= QUESTION_TARGET)],
            ["Answer POST, throughput vs bare Flask", f"{a:.0%} (by CPU: {_share(ac)})",
             f"≥ {ANSWER_TARGET:.0%}", _met(a >= ANSWER_TARGET)],
        ]
    at_target = next((f for n, f in results if n == RESULTS_TARGET_SIZE), None)
    if at_target is not None:
        summary.append([f"Results page, {RESULTS_TARGET_SIZE:,} responses, server time (median)",
                        f"{at_target['median']:.0f} ms (CPU {at_target['cpu']:.0f} ms)",
                        f"≤ {RESULTS_TARGET_MS:.0f} ms",
                        _met(at_target["median"] <= RESULTS_TARGET_MS)])
    open_target = next((f for f in opening if f.members == OPEN_TARGET_SIZE), None)
    if open_target is not None:
        wall = statistics.median(open_target.wall)
        summary.append([f"Open a round for {OPEN_TARGET_SIZE:,} members, all invitations queued",
                        f"{wall:.2f} s (CPU {statistics.median(open_target.cpu):.2f} s)",
                        f"≤ {OPEN_TARGET_S:.0f} s", _met(wall <= OPEN_TARGET_S)])
    if http is not None and http.first:
        first = max(http.first.values(), key=lambda w: w.compressed)
        nxt = max((max(w.full.values()) + max(w.extra.values()) for w in http.questions),
                  default=0)
        part = max((max(w.partial.values()) for w in http.questions), default=0)
        summary += [
            ["First question, cold cache (HTML + CSS + JS, gzip)", kb(first.compressed),
             f"≤ {kb(FIRST_QUESTION_TARGET)}", _met(first.compressed <= FIRST_QUESTION_TARGET)],
            ["Each next question, assets cached (largest; htmx partial in brackets)",
             f"{kb(nxt)} ({kb(part)})", f"≤ {kb(NEXT_QUESTION_TARGET)}",
             _met(nxt <= NEXT_QUESTION_TARGET)],
        ]
    out += ["", table(["Target", "Figure", "Goal", "Verdict"], summary)]
    if http is not None:
        out += _rounds_http_report(http)
    if results:
        out += _results_report(results, plan)
    if opening:
        out += _open_report(opening, plan)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


def _rounds_http_report(http: HttpFigures) -> list[str]:
    out = [
        "",
        "### Answering over HTTP",
        "",
        _load_table(http, {
            "question": "GET `/r/<token>/1` (question page, Dutch member)",
            "answer": f"POST `/r/<token>/1` (answer, CSRF, 303; {http.members} members)",
            "floor": "Stem's floor GET `/bench/floor` (no page; public, as the question page)",
            "floor_signed_in": "Stem's floor GET `/bench/floor/signed-in` (no page; signed in)",
            "floor_form": "Stem's floor POST `/bench/floor/form` (CSRF check, 303; as the answer)",
            "bare": "Bare Flask GET `/`",
            "framework": "Flask + SQLAlchemy + Jinja GET `/` (one query, a layout; context)",
        }),
        "",
        "*vs bare*: requests/s against bare Flask's in the same run (the target)."
        " *CPU/request*: CPU time of all gunicorn processes per answered request; *vs bare (CPU)*"
        " is bare Flask's CPU/request divided by this one: the throughput ratio the page"
        " would reach with the CPUs to itself, steadier than requests/s on a shared machine."
        " *Server CPU* and *Other CPU*: share of the two CPUs gunicorn and other work used"
        " meanwhile (a POST that leaves CPUs idle waits for SQLite's write lock: one writing"
        " request at a time holds it from its first query to its commit). The last row is"
        " context, not a target: Flask doing the least a real page does (bench/README.md).",
        _busy_note({k: r.other_cpu for k, r in http.loads.items()
                    if k in ("question", "answer", "bare", "framework")}),
        "",
        *floor_lines(http.loads, [
            ("The question page", "question", "floor", QUESTION_TARGET),
            ("The answer POST", "answer", "floor_form", ANSWER_TARGET),
        ]),
        "",
        "The answer POSTs carry one phone's session cookie and CSRF token and go to the links"
        " of all invited demo members in turn (the link is the key, not the session); each"
        " saves the answer to question 1 and redirects to question 2 (checked once by hand"
        " before the load). The round is anonymous, as in the demo.",
        "",
        f"### Page weight of answering (gzip level {GZIP_LEVEL}, as a reverse proxy sends it)",
        "",
    ]
    for locale, weight in http.first.items():
        start = http.start[locale]
        rows = [[f"`{_TOKEN_RE.sub('/r/<token>', a.path.split('?')[0])}`", a.kind,
                 f"{a.raw:,}", f"{a.compressed:,}"] for a in weight.assets]
        rows.append(["**total**", "", f"**{weight.raw:,}** ({kb(weight.raw)})",
                     f"**{weight.compressed:,}** ({kb(weight.compressed)})"])
        out += [f"First question, cold cache, member language `{locale}`"
                f" (the start page `/r/<token>` with its assets: {kb(start.compressed)}):", "",
                table(["File", "Kind", "Raw bytes", "Gzip bytes"], rows, left=2), ""]
    locales = list(http.first)
    header = ["Question", "Kind"]
    header += [f"Whole page `{loc}`" for loc in locales]
    header += [f"htmx partial `{loc}`" for loc in locales]
    rows = []
    for w in http.questions:
        rows.append([str(w.number), w.kind]
                    + [f"{w.full[loc]:,}" + (f" + {w.extra[loc]:,}" if w.extra[loc] else "")
                       for loc in locales]
                    + [f"{w.partial[loc]:,}" for loc in locales])
    out += [
        "Each next question (gzip bytes; CSS and JS are cached by then). With JavaScript,"
        " htmx posts the answer and swaps in the partial (the page's title and main content);"
        " without it, the phone loads the whole page:",
        "",
        table(header, rows, left=2),
    ]
    return out


def _results_report(results: list[tuple[int, dict]], plan: Plan) -> list[str]:
    import results_page

    rows = [[f"{n:,}", _ms(f["median"], 0), _ms(f["p95"], 0), _ms(f["cpu"], 0),
             str(f["queries"]), kb(f["bytes"]), _share(f["other"])] for n, f in results]
    out = [
        "",
        "### Results page (staff), server time",
        "",
        f"`/staff/rounds/<id>/results` as a signed-in staff member, {plan.results_runs} requests"
        " after two warm-ups (median, p95, and median CPU time of the process per request)."
        " Data from `bench/results_page.py`: a survey of seven questions (smiley 5 and 3,"
        f" single and multiple choice, yes/no, short and long text), {results_page.HISTORY_ROUNDS}"
        f" earlier rounds of {results_page.HISTORY_RESPONSES} responses for the trends, then"
        " one round of N responses, bulk-inserted.",
        "",
        table(["Responses", "Median", "p95", "CPU", "SQL statements", "Page", "Other CPU"],
              rows),
        "",
    ]
    growth = [f"{a[0]:,} → {b[0]:,}: time {_times(a[1]['median'], b[1]['median'])},"
              f" CPU {_times(a[1]['cpu'], b[1]['cpu'])}" for a, b in zip(results, results[1:],
                                                                        strict=False)]
    if growth:
        out.append("How it grows (responses ×10 each step): " + "; ".join(growth) + ".")
    out.append(_busy_note({f"{n:,} responses": f["other"] for n, f in results}))
    return out


def _open_report(opening: list[OpenFigures], plan: Plan) -> list[str]:
    rows = [[f"{f.members:,}", f"{statistics.median(f.wall):.2f} s",
             f"{statistics.median(f.cpu):.2f} s", f"{f.members / statistics.median(f.wall):,.0f}",
             f"{f.invited:,}", f"{f.queued:,}",
             _share(max((o for o in f.other if o is not None), default=None))] for f in opening]
    return [
        "",
        "### Opening a round",
        "",
        "`open_round` and `queue_invitations` (batches of 500, each committed), as"
        " `stem rounds open` runs them, for N active members (languages and channels mixed,"
        f" a third without a display name); median of {plan.open_repeats} run(s), each on a"
        " fresh period, checked: one invitation and one outbox message per member.",
        "",
        table(["Members", "Time", "CPU", "Members/s", "Invitations", "Messages queued",
               "Other CPU"], rows),
        "",
        _busy_note({f"{f.members:,} members": max((o for o in f.other if o is not None),
                                                  default=None) for f in opening}),
    ]


def signals_section(http: HttpFigures | None, inbox: dict, plan: Plan, started: datetime,
                    took: float) -> str:
    others = [r.other_cpu for k, r in (http.loads.items() if http else ())
              if k in ("signal", "bare")]
    others += [other for _, other, _ in inbox.values()]
    out = _header("Signals: inbox, similar signals, submission",
                  started, took, plan, http is not None, others)
    summary = []
    big = inbox.get(SIGNALS_TARGET_SIZE)
    if big is not None:
        figures = big[0]
        summary += [
            [f"Inbox, {SIGNALS_TARGET_SIZE:,} signals, theme + status filter, page 1",
             f"{figures[INBOX_FILTERED][0]:.0f} ms (CPU {figures[INBOX_FILTERED][1]:.0f} ms)",
             f"≤ {INBOX_TARGET_MS:.0f} ms", _met(figures[INBOX_FILTERED][0] <= INBOX_TARGET_MS)],
            [f"Similar-signal lookup over {SIGNALS_TARGET_SIZE:,} signals",
             f"{figures[SIMILAR][0]:.0f} ms (CPU {figures[SIMILAR][1]:.0f} ms)",
             f"≤ {SIMILAR_TARGET_MS:.0f} ms", _met(figures[SIMILAR][0] <= SIMILAR_TARGET_MS)],
        ]
    if http is not None and "signal" in http.loads:
        ratio, cpu = _ratio(http, "signal"), _cpu_ratio(http, "signal")
        summary.append(["Signal submission POST, throughput vs bare Flask",
                        f"{ratio:.0%} (by CPU: {_share(cpu)})", "(no target set)", _met(None)])
    out += ["", table(["Target", "Figure", "Goal", "Verdict"], summary)]
    if inbox:
        sizes = sorted(inbox)
        names = list(inbox[sizes[0]][0])
        rows = [[name] + [f"{inbox[s][0][name][0]:.1f} / {inbox[s][0][name][1]:.1f}"
                          for s in sizes] for name in names]
        rows.append(["*other work during the measurement*"]
                    + [_share(inbox[s][1]) for s in sizes])
        out += [
            "",
            "### Inbox and similar signals (staff), server time",
            "",
            "Data and measurements from `bench/triage_scale.py`: SQLite built by the"
            " migrations, signals over two years with a submitter, a history line and"
            " sometimes a commitment link each, statuses as a year of work leaves them; 25 runs"
            " after a warm-up (10 for search and the triage page), medians. The lookup is"
            " `stem.signals.triage.similar.similar_signals` on its own.",
            "",
            table(["Measurement (wall / CPU ms)"] + [f"{s:,} signals" for s in sizes], rows),
            "",
        ]
        if len(sizes) > 1:
            a, b = sizes[0], sizes[-1]
            growth = [f"{name}: {_times(inbox[a][0][name][0], inbox[b][0][name][0])}"
                      for name in names]
            out += ["", f"How it grows from {a:,} to {b:,} signals (wall time): "
                    + "; ".join(growth) + "."]
        out.append(_busy_note({f"{s:,} signals": inbox[s][1] for s in sizes}))
    if http is not None and "signal" in http.loads:
        out += [
            "",
            "### Signal submission over HTTP",
            "",
            _load_table(http, {"signal": "POST `/signals/new` (signed-in member)",
                               "bare": "Bare Flask GET `/`"}),
            "",
            "A signed-in demo member sends the report form (text, theme, no district, no"
            " files) with a new `form_key` in every request, so that the double-submit"
            " protection stores each one: every POST inserts a signal with its submitter and"
            " history line and queues a confirmation message, then redirects (303). The"
            f" server runs with STEM_SIGNAL_RATE_LIMIT={SIGNAL_BENCH_LIMIT!r}, so the rate"
            " limit is checked on every POST but never refuses one."
            f" Signals stored during warm-up and measurement: {http.signals_created:,} for"
            f" {http.signal_requests:,} counted requests. Columns as in the rounds section.",
            _busy_note({"signal submission": http.loads["signal"].other_cpu,
                        "bare": http.loads["bare"].other_cpu}),
        ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


# --- main -------------------------------------------------------------------------------


def _step(name: str, call: Callable):
    started = time.monotonic()
    print(f"\n{name} …", flush=True)
    result = call()
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes and 3 s loads, for development; does not write")
    parser.add_argument("--only", choices=("rounds", "signals"))
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--write", action="store_true", help="update RESULTS.md with --quick")
    parser.add_argument("--connections", type=int)
    parser.add_argument("--duration", type=float, help="seconds measured per load")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per load")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    settings = plan.load
    settings = LoadSettings(args.connections or settings.connections,
                            args.duration or settings.duration,
                            settings.warmup if args.warmup is None else args.warmup)
    if (not 1 <= settings.connections <= 256 or not 1 <= settings.duration <= 60
            or settings.warmup > 30):
        parser.error("keep it bounded: 1–256 connections, 1–60 s measured, ≤ 30 s warm-up")
    plan = Plan(settings, plan.results_sizes, plan.results_runs, plan.open_sizes,
                plan.open_repeats, plan.signal_sizes)
    write = not args.no_write and (args.write or not args.quick)
    parts = {args.only} if args.only else {"rounds", "signals"}
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    warn_without_wrk()
    os.chdir(REPO_DIR)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    started, t0 = datetime.now(UTC), time.monotonic()
    global LOAD_AT_START
    LOAD_AT_START = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        http = _step("HTTP under gunicorn", lambda: measure_http(plan, parts))
        results, opening, inbox = [], [], {}
        if "rounds" in parts:
            results = _step("Results page", lambda: measure_results_page(
                plan.results_sizes, plan.results_runs))
            opening = _step("Opening a round", lambda: measure_open_round(
                plan.open_sizes, plan.open_repeats))
        if "signals" in parts:
            inbox = _step("Inbox and similar signals", lambda: measure_inbox(plan.signal_sizes))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    took = time.monotonic() - t0
    sections = {}
    if "rounds" in parts:
        sections["rounds"] = rounds_section(http, results, opening, plan, started, took)
    if "signals" in parts:
        sections["signals"] = signals_section(http, inbox, plan, started, took)
    for name, text in sections.items():
        print("\n" + text)
        if write:
            write_section(name, text)
    if write:
        print(f"\nWritten to bench/RESULTS.md ({', '.join(sections)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
