"""Sign-in limits hold per person, not per proxy or per worker.

Behind a reverse proxy every request comes from the proxy's address: Stem believes
X-Forwarded-For only from the configured number of proxies. Code attempts are counted
in the database, so simultaneous guesses cannot share one count.
"""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem.accounts import signin, tokens
from stem.accounts.models import LoginToken
from stem.config import ConfigError, load_config
from stem.core.db import db, utcnow
from stem.core.models import AuditEvent
from tests import factories
from tests.conftest import make_app
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture


def _sign_in_requests(client, count: int, forwarded_for: str) -> list[int]:
    statuses = []
    for n in range(count):
        response = client.post_form(
            "/sign-in",
            {"address": f"nobody{n}@example.nl"},
            headers={"X-Forwarded-For": forwarded_for},
        )
        statuses.append(response.status_code)
    return statuses


@pytest.fixture
def proxied_app(app, tmp_path):
    """The test app's database, behind one trusted proxy."""
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, PROXY_COUNT=1)
    from tests.conftest import StemClient

    proxied.test_client_class = StemClient
    return proxied


def test_one_client_behind_the_proxy_does_not_lock_out_the_others(proxied_app):
    from stem.extensions import limiter

    limiter.reset()
    client = proxied_app.test_client()
    statuses = _sign_in_requests(client, 21, "203.0.113.7")
    assert statuses[:20] == [303] * 20
    assert statuses[20] == 429  # the flooding client is stopped ...
    other = proxied_app.test_client()
    assert _sign_in_requests(other, 1, "198.51.100.23") == [303]  # ... the next person is not


def test_the_real_address_is_in_the_audit_log(proxied_app):
    client = proxied_app.test_client()
    _sign_in_requests(client, 1, "203.0.113.99")
    with proxied_app.app_context():
        event = db.session.scalars(
            sa.select(AuditEvent).order_by(AuditEvent.id.desc())
        ).first()
    assert event.action == "sign_in.link_requested"
    assert event.origin == "203.0.113.99"


def test_without_a_configured_proxy_forwarded_addresses_are_ignored(client):
    # Anyone may send X-Forwarded-For; without a proxy in front it must not pick the key.
    statuses = []
    for n in range(21):
        statuses += _sign_in_requests(client, 1, f"192.0.2.{n}")
    assert statuses[20] == 429


def test_production_refuses_per_worker_rate_limits(monkeypatch, tmp_path):
    monkeypatch.setenv("STEM_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("STEM_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("STEM_RATELIMIT_ALLOW_MEMORY", raising=False)
    with pytest.raises(ConfigError, match="Redis"):
        load_config(str(tmp_path), {"STEM_ENV": "production"})
    monkeypatch.setenv("STEM_RATELIMIT_ALLOW_MEMORY", "true")  # one worker, said out loud
    assert load_config(str(tmp_path), {"STEM_ENV": "production"})["RATELIMIT_ALLOW_MEMORY"]
    monkeypatch.delenv("STEM_RATELIMIT_ALLOW_MEMORY")
    monkeypatch.setenv("STEM_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    cfg = load_config(str(tmp_path), {"STEM_ENV": "production"})
    assert cfg["RATELIMIT_STORAGE_URI"].startswith("redis://")


@pytest.mark.no_db_rollback
def test_simultaneous_wrong_codes_are_each_counted(committed_app):  # noqa: F811
    app = committed_app
    request_key = secrets.token_urlsafe(24)
    with app.app_context():
        member = factories.create_user("member")
        token_hash = tokens.hash_token(tokens.new_token())
        db.session.add(LoginToken(
            user=member, token_hash=token_hash, code_hash=tokens.keyed_hash(token_hash, "123456"),
            request_key_hash=tokens.hash_token(request_key),
            expires_at=utcnow() + timedelta(minutes=15),
        ))
        db.session.commit()
        token_id = db.session.scalar(sa.select(LoginToken.id))
        db.session.remove()

    guesses = 30
    barrier = threading.Barrier(guesses)
    errors = []

    def guess(n: int):
        try:
            with app.test_request_context():
                barrier.wait()
                assert signin.use_code(request_key, f"{n + 200000:06d}") is None
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        row = db.session.get(LoginToken, token_id)
        assert row.code_attempts > app.config["LOGIN_CODE_ATTEMPTS"]
        assert row.revoked_at is not None
        compared = db.session.scalars(
            sa.select(AuditEvent.result).where(
                AuditEvent.action == "sign_in.code_used", AuditEvent.actor_id == row.user_id
            )
        ).all()
        # Only five guesses were compared with the code; every later one was refused.
        assert compared.count("failed") == app.config["LOGIN_CODE_ATTEMPTS"]
        assert compared.count("blocked") >= 1
