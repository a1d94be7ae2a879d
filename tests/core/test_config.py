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
