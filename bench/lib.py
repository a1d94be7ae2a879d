"""Shared benchmark plumbing: the demo database, gunicorn servers, HTTP and the sign-in flow."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"
DB_PATH = WORK_DIR / "bench.db"
HOST = "127.0.0.1"  # loopback only, always
VENV_BIN = Path(sys.executable).parent
DEMO_MEMBER = "samir@demo.stem.example"  # a Dutch-speaking demo member, as `stem demo` creates
SESSION_COOKIE = "stem_session"

_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_LINK_RE = re.compile(r"/sign-in/link/([A-Za-z0-9_\-]+)")


class BenchError(RuntimeError):
    """Something the benchmark needs did not work; the message says what."""


def stem_env(db_path: Path = DB_PATH) -> dict[str, str]:
    """Environment for `stem demo` and the Stem server: production settings, bench database.

    STEM_ENV=production, so we measure what runs in production (no debug, HSTS header,
    Secure cookies). The Secure flag only stops browsers from sending the cookie over
    plain HTTP; our client and wrk send it back themselves, so it does not get in the way.
    Rate limiting stays on, in Redis as production requires (STEM_BENCH_REDIS_URL, by
    default the local server's database 14): the benchmark signs in once per server start,
    far under the limits, and GET pages have none.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    env.update(
        STEM_ENV="production",
        STEM_SECRET_KEY=secrets.token_hex(32),
        STEM_DATABASE_URL=f"sqlite:///{db_path}",
        STEM_LOG_LEVEL="WARNING",
        STEM_RATELIMIT_STORAGE_URI=os.environ.get(
            "STEM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"
        ),
    )
    return env


def prepare_demo_db(env: dict[str, str], db_path: Path = DB_PATH) -> None:
    """A fresh demo database in bench/.work/, made by `stem demo` (migrations + demo data).

    `db_path` must be the database of `env` (see stem_env); each benchmark script may use
    its own, so that two of them never delete each other's database.
    """
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    log = WORK_DIR / ("demo.log" if db_path == DB_PATH else f"demo-{db_path.stem}.log")
    with log.open("w") as out:
        result = subprocess.run(
            [str(VENV_BIN / "stem"), "demo"], cwd=REPO_DIR, env=env, stdout=out,
            stderr=subprocess.STDOUT, timeout=120, check=False,
        )
    if result.returncode != 0:
        raise BenchError(f"`stem demo` failed (exit {result.returncode}); see {log}")


def free_port() -> int:
    """A TCP port on the loopback address that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running gunicorn, in its own process group so that stopping it stops every worker."""

    name: str
    port: int
    process: subprocess.Popen


@contextlib.contextmanager
def gunicorn(name: str, app: str, env: dict[str, str], *, workers: int = 4,
             pythonpath: Path | None = None, ready_path: str = "/") -> Iterator[Server]:
    """Serve `app` with `workers` sync workers on 127.0.0.1; always stop it afterwards."""
    port = free_port()
    args = [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-k", "sync",
            "-b", f"{HOST}:{port}", "--log-level", "warning"]
    if pythonpath is not None:
        args += ["--pythonpath", str(pythonpath)]
    args.append(app)
    log = (WORK_DIR / f"gunicorn-{name}.log").open("w")
    process = subprocess.Popen(args, cwd=REPO_DIR, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_ready(process, port, ready_path, log.name, workers)
        yield Server(name, port, process)
    finally:
        _stop(process)
        log.close()


def _wait_ready(process: subprocess.Popen, port: int, path: str, log: str, workers: int,
                timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            if request(port, "GET", path).status < 500:
                break
        except OSError:
            time.sleep(0.2)
    else:
        raise BenchError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")
    # The first answer comes from one worker; give the others a moment to finish booting,
    # then touch the page a few times so each worker has compiled its templates.
    time.sleep(1.0)
    for _ in range(workers * 4):
        request(port, "GET", path)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the whole process group (gunicorn's graceful stop), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def request(port: int, method: str, path: str, *, headers: dict[str, str] | None = None,
            body: bytes | None = None, timeout: float = 10) -> Response:
    """One HTTP request on a fresh connection to 127.0.0.1:port; redirects are not followed."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


@dataclass
class Browser:
    """Just enough of a browser to sign in: a cookie jar (ignoring Secure), CSRF tokens."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _send(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        resp = request(self.port, method, path, headers=headers, body=body)
        for name, value in resp.headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[morsel.key] = morsel.value
                    else:
                        self.cookies.pop(morsel.key, None)
        return resp

    def get(self, path: str) -> Response:
        return self._send("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self._send("POST", path, form)


def csrf_token(page: Response) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF_RE.search(page.text)
    if match is None:
        raise BenchError(f"no csrf_token on the page (status {page.status})")
    return match.group(1)


_ANSWER_SIGN_INS = (
    "from stem import create_app\n"
    "from stem.accounts.jobs import answer_sign_in_requests\n"
    "app = create_app({'RATELIMIT_ENABLED': False})\n"
    "with app.app_context():\n"
    "    answer_sign_in_requests(deliver=False)\n"
)


def answer_sign_in_requests(db_path: Path = DB_PATH) -> None:
    """What the scheduler's sign-in job does within seconds: turn requests into messages."""
    env = stem_env(db_path)
    result = subprocess.run(
        [sys.executable, "-c", _ANSWER_SIGN_INS], cwd=REPO_DIR, env=env,
        capture_output=True, timeout=120, check=False,
    )
    if result.returncode != 0:
        raise BenchError("the sign-in job failed: " + result.stderr.decode()[-500:])


def newest_sign_in_link(address: str, db_path: Path = DB_PATH) -> str:
    """The path of the newest sign-in link queued for this member, read from the outbox."""
    answer_sign_in_requests(db_path)
    with contextlib.closing(sqlite3.connect(db_path, timeout=30)) as conn:
        row = conn.execute(
            "SELECT m.body FROM outbox_messages m JOIN users u ON u.id = m.user_id"
            " WHERE (u.email = ? OR u.phone = ?) AND m.kind = 'sign_in'"
            " ORDER BY m.id DESC LIMIT 1",
            (address, address),
        ).fetchone()
    if row is None:
        raise BenchError(f"no sign-in message in the outbox for {address}")
    match = _LINK_RE.search(row[0])
    if match is None:
        raise BenchError("the sign-in message holds no /sign-in/link/<token>")
    return f"/sign-in/link/{match.group(1)}"


def sign_in(port: int, address: str = DEMO_MEMBER, db_path: Path = DB_PATH) -> str:
    """Sign in as a member the way a person does (link from the message); the Cookie header."""
    browser = Browser(port)
    page = browser.get("/sign-in")
    resp = browser.post("/sign-in", {"csrf_token": csrf_token(page), "address": address})
    if resp.status != 303:
        raise BenchError(f"POST /sign-in answered {resp.status}, expected 303")
    link = newest_sign_in_link(address, db_path)
    page = browser.get(link)
    if page.status != 200:
        raise BenchError(f"GET {link[:20]}… answered {page.status}, expected 200")
    resp = browser.post(link, {"csrf_token": csrf_token(page)})
    if resp.status != 303 or SESSION_COOKIE not in browser.cookies:
        raise BenchError(f"POST of the sign-in link answered {resp.status}, expected 303 + cookie")
    check_signed_in(port, browser.cookie_header)
    return f"{SESSION_COOKIE}={browser.cookies[SESSION_COOKIE]}"


def check_signed_in(port: int, cookie: str, path: str = "/home") -> None:
    """Fail unless `cookie` opens the member page (and not the sign-in redirect)."""
    resp = request(port, "GET", path, headers={"Cookie": cookie})
    if resp.status != 200:
        raise BenchError(f"GET {path} with the session cookie answered {resp.status}, expected 200")


@contextlib.contextmanager
def framework_server(name: str, workers: int = 4) -> Iterator[Server]:
    """The second baseline (bench/bare_app.py: Flask + SQLAlchemy + Jinja, one query)."""
    from bare_app import create_framework_app

    for stale in WORK_DIR.glob(f"{name}.db*"):
        stale.unlink()
    database = f"sqlite:///{WORK_DIR / name}.db"
    create_framework_app(database)  # table and row made once, before the workers start
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    with gunicorn(name, f"bare_app:create_framework_app('{database}')", env,
                  workers=workers, pythonpath=BENCH_DIR) as server:
        print(f"Flask with a template and a query on 127.0.0.1:{server.port}", flush=True)
        yield server
