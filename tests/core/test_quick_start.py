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
