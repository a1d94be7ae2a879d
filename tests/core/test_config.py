"""Production refuses unsafe settings."""

import pytest

from stem.config import ConfigError, database_url, load_config


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("STEM_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="STEM_SECRET_KEY"):
        load_config(str(tmp_path), {"STEM_ENV": "production"})


def test_production_refuses_the_debugger(monkeypatch, tmp_path):
    monkeypatch.setenv("STEM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("STEM_DEBUG", "1")
    with pytest.raises(ConfigError, match="debugger"):
        load_config(str(tmp_path), {"STEM_ENV": "production"})


def test_production_sets_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("STEM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("STEM_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("STEM_DEBUG", raising=False)
    cfg = load_config(str(tmp_path), {"STEM_ENV": "production"})
    assert cfg["SESSION_COOKIE_SECURE"]
    assert cfg["SESSION_COOKIE_HTTPONLY"]
    assert cfg["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"STEM_ENV": "staging"})


def test_postgres_urls_use_psycopg3():
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("STEM_DATABASE_URL", raising=False)
    cfg = load_config(str(tmp_path))
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'stem.db'}"


def test_signal_rate_limits_come_from_the_environment_and_are_checked(monkeypatch, tmp_path):
    monkeypatch.setenv("STEM_SIGNAL_RATE_LIMIT", "10 per minute;100 per day")
    cfg = load_config(str(tmp_path), {"STEM_ENV": "testing"})
    assert cfg["SIGNAL_RATE_LIMIT"] == "10 per minute;100 per day"
    assert cfg["SIGNAL_STAFF_RATE_LIMIT"] == "300 per hour"
    monkeypatch.setenv("STEM_SIGNAL_STAFF_RATE_LIMIT", "lots")
    with pytest.raises(ConfigError, match="STEM_SIGNAL_STAFF_RATE_LIMIT"):
        load_config(str(tmp_path), {"STEM_ENV": "testing"})


def test_development_processes_share_one_key_kept_in_the_instance_folder(monkeypatch, tmp_path):
    # `stem dev` runs the web server and the scheduler as two processes: one key for both.
    monkeypatch.delenv("STEM_SECRET_KEY", raising=False)
    monkeypatch.delenv("STEM_ENV", raising=False)
    web = load_config(str(tmp_path), {})
    scheduler = load_config(str(tmp_path), {})
    assert web["SECRET_KEY"] == scheduler["SECRET_KEY"]
    assert len(web["SECRET_KEY"]) >= 32
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == web["SECRET_KEY"]
    assert key_file.stat().st_mode & 0o777 == 0o600
    elsewhere = load_config(str(tmp_path / "other"), {})
    assert elsewhere["SECRET_KEY"] != web["SECRET_KEY"]


def test_a_sign_in_code_made_by_the_scheduler_works_in_the_web_process(monkeypatch, tmp_path):
    """The sign-in job runs in the scheduler: its code must check out in the web server."""
    import re

    import sqlalchemy as sa

    from stem import create_app
    from stem.accounts.jobs import answer_sign_in_requests
    from stem.core.db import db
    from stem.notify.models import OutboxMessage
    from tests.conftest import CSRF_RE, reset_database
    from tests.factories import create_user

    monkeypatch.delenv("STEM_SECRET_KEY", raising=False)
    monkeypatch.delenv("STEM_ENV", raising=False)
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "locmem",
                 "RATELIMIT_STORAGE_URI": "memory://", "LOG_LEVEL": "WARNING"}
    web = create_app(overrides, instance_path=str(tmp_path / "instance"))
    scheduler = create_app(overrides, instance_path=str(tmp_path / "instance"))
    reset_database(web)
    with web.app_context():
        create_user("member", email="samir@example.nl")
        db.session.commit()
    browser = web.test_client()
    token = CSRF_RE.search(browser.get("/sign-in").get_data(as_text=True)).group(1)
    browser.post("/sign-in", data={"csrf_token": token, "address": "samir@example.nl"})
    with scheduler.app_context():
        answer_sign_in_requests(deliver=False)
        body = db.session.scalar(sa.select(OutboxMessage.body))
    code = re.findall(r"\b(\d{6})\b", re.sub(r"http\S+", "", body))[0]  # not in the link
    page = browser.get("/sign-in/code").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    response = browser.post("/sign-in/code", data={"csrf_token": token, "code": code})
    assert response.status_code == 303
    assert browser.get("/home").status_code == 200
