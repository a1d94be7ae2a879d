"""Stem under gunicorn as the README runs it: tokens stay out of the access log, and the
rate limits hold across workers because they are counted in Redis.

Needs a Redis server (STEM_TEST_REDIS_URL, set by .ci/run); skips locally without one.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import make_app, reset_database, skip_or_fail

pytestmark = [pytest.mark.no_db_rollback, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url():
    url = os.environ.get("STEM_TEST_REDIS_URL")
    if not url:
        skip_or_fail("STEM_TEST_REDIS_URL is not set (a Redis server for rate limits)")
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.ConnectionError:
        skip_or_fail(f"no Redis server at {url}")
    return url


@pytest.fixture
def server(tmp_path, redis_url):
    """gunicorn with Stem's configuration, two workers, on a migrated SQLite file."""
    database = f"sqlite:///{tmp_path / 'stem.db'}"
    reset_database(make_app(database, tmp_path / "setup"))
    port = _free_port()
    log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEM_")}
    env.update(
        STEM_ENV="development",
        STEM_SECRET_KEY="gunicorn-test-secret-key-0123456789abcdef",
        STEM_DATABASE_URL=database,
        STEM_RATELIMIT_STORAGE_URI=redis_url,
        STEM_ACCESS_LOG=str(log),
        STEM_MAIL_BACKEND="locmem",
        STEM_SMS_BACKEND="memory",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:stem.core.gunicorn_conf",
         "-w", "2", "-b", f"127.0.0.1:{port}", "stem:create_app()"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/sign-in", timeout=2)  # noqa: S310 - our server
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
    yield base, log
    process.terminate()
    process.wait(timeout=30)


def _get(opener, url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our server
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as exc:
        return exc


def test_access_log_has_no_link_tokens(server):
    base, log = server
    opener = urllib.request.build_opener()
    secrets_sent = ["SIGNINsecret111", "SETUPsecret222", "ROUNDsecret333", "REFERERsecret444"]
    _get(opener, f"{base}/sign-in/link/{secrets_sent[0]}")
    _get(opener, f"{base}/staff/set-password/{secrets_sent[1]}")
    _get(opener, f"{base}/r/{secrets_sent[2]}?step=2")
    _get(opener, f"{base}/sign-in", Referer=f"{base}/r/{secrets_sent[3]}")
    time.sleep(0.5)  # gunicorn writes the access log line after the response
    text = log.read_text()
    assert text.count("[token]") >= 4
    for secret in secrets_sent:
        assert secret not in text


def test_sign_in_limit_holds_across_workers(server):
    base, _log = server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    statuses = []
    for n in range(21):
        page = _get(opener, f"{base}/sign-in").read().decode()
        token = CSRF_RE.search(page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "address": f"x{n}@example.nl"})
        request = urllib.request.Request(f"{base}/sign-in", data=data.encode())  # noqa: S310
        opener_no_redirect = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )
        try:
            statuses.append(opener_no_redirect.open(request, timeout=10).status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    # 20 per hour from one address, counted once in Redis, not once per worker.
    assert statuses[:20] == [303] * 20
    assert statuses[20] == 429


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
