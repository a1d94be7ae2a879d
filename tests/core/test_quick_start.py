"""The quick start works: `stem demo` loads data, `stem dev` serves it with a scheduler."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_then_dev_serves_pages_and_runs_the_scheduler(tmp_path):
    env = {
        **os.environ,
        "STEM_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "STEM_ENV": "development",
        "STEM_LOG_LEVEL": "WARNING",
        # Links in messages may point elsewhere (a tunnel); the page to open is where dev serves.
        "STEM_BASE_URL": "https://stem.example.org",
    }
    env.pop("STEM_TEST_DATABASE_URL", None)
    demo = subprocess.run(
        [sys.executable, "-m", "stem", "demo"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    assert "TOTP secret" in demo.stdout
    assert "amal@demo.stem.example" in demo.stdout
    assert "Translators: sign in like members, with link and code" in demo.stdout
    assert "layla.tolk@demo.stem.example" in demo.stdout
    assert "senait.tolk@demo.stem.example" in demo.stdout
    # `make run` serves on 127.0.0.1:5000: that is the address the demo tells people to open.
    assert "open http://127.0.0.1:5000\n" in demo.stdout
    assert "http://127.0.0.1:5000/staff/sign-in" in demo.stdout
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "stem", "dev", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        health = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:  # noqa: S310
                    health = json.load(response)
                    if health["scheduler"]["ok"]:
                        break
            except urllib.error.HTTPError as error:  # 503 until the scheduler's first heartbeat
                health = json.load(error)
            except OSError:  # not listening yet
                pass
            time.sleep(0.5)
        assert health is not None, "stem dev did not answer"
        assert health["database"]["ok"] is True
        assert health["scheduler"]["ok"] is True, health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=5) as response:  # noqa: S310
            assert 'lang="nl"' in response.read().decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


class _Browser:
    """A cookie-keeping client for a running Stem, enough to press a page's buttons."""

    def __init__(self, base: str):
        import http.cookiejar

        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        url = path if path.startswith("http") else self.base + path
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except urllib.error.URLError:  # not listening yet
            return 0, ""

    def post(self, path: str, page: str, **fields: str) -> tuple[int, str]:
        import re
        from urllib.parse import urlencode

        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, "the page has no form to press"
        data = urlencode({"csrf_token": token.group(1), **fields}).encode()
        url = path if path.startswith("http") else self.base + path
        try:
            with self.opener.open(url, data=data, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.5)
    return None


def test_readme_tour_a_member_opens_her_round_from_the_start_page(tmp_path):
    """`stem demo` then `stem dev`, as the README says: the scheduler process sends the sign-in
    link, the web process signs the member in, and the round button on her start page opens
    the round (both processes share one development key from the instance folder)."""
    import re

    env = {
        **os.environ,
        "STEM_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "STEM_ENV": "development",
        "STEM_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("STEM_TEST_DATABASE_URL", "STEM_SECRET_KEY", "MAIL_BACKEND", "SMS_BACKEND"):
        env.pop(name, None)
    demo = subprocess.run(
        [sys.executable, "-m", "stem", "demo"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    port = _free_port()
    output = tmp_path / "dev.out"
    with output.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "stem", "dev", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        browser = _Browser(base)
        page = _wait_for(lambda: (p := browser.get("/sign-in"))[0] == 200 and p[1], 60)
        assert page, "stem dev did not answer"
        status, _ = browser.post("/sign-in", page, address="samir@demo.stem.example")
        assert status == 200
        link_re = re.compile(re.escape(base) + r"/sign-in/link/[A-Za-z0-9_\-.]+")
        link = _wait_for(lambda: link_re.search(output.read_text()), 60)
        assert link, "the scheduler sent no sign-in link:\n" + output.read_text()[-2000:]
        status, page = browser.get(link.group(0))
        assert status == 200, page
        status, home = browser.post(link.group(0), page)
        assert status == 200
        # The scheduler opens this month's round on one of its first runs (it catches up); a
        # member who signs in before that sees it on her start page a moment later.
        rounds = re.findall(r'href="(/r/[^"]+)"', home) or _wait_for(
            lambda: re.findall(r'href="(/r/[^"]+)"', browser.get("/home")[1]), 90
        )
        assert rounds, "the start page shows no round to answer; the processes said:\n" + (
            output.read_text()[-4000:]
        )
        status, round_page = browser.get(rounds[0].replace("&amp;", "&"))
        assert status == 200, round_page
        assert "werkt niet" not in round_page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
