"""Settings, read from STEM_* environment variables (and an optional .env file)."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe or incomplete."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"STEM_{name}")
    return value if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _int(name: str, default: int) -> int:
    value = _env(name)
    try:
        return int(value) if value is not None else default
    except ValueError as exc:
        raise ConfigError(f"STEM_{name} must be a whole number, got {value!r}") from exc


def _round_open_day() -> str | int:
    value = (_env("ROUND_OPEN_DAY", "first-working-day") or "").strip().lower()
    if value == "first-working-day":
        return value
    if value.isdigit() and 1 <= int(value) <= 28:
        return int(value)
    raise ConfigError(f"STEM_ROUND_OPEN_DAY must be first-working-day or 1 to 28, got {value!r}")


def _clock(name: str, default: str) -> str:
    value = (_env(name, default) or "").strip()
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ConfigError(f"STEM_{name} must be a time like 09:00, got {value!r}")
    return f"{int(hours):02d}:{int(minutes):02d}"


@dataclass(frozen=True)
class Setting:
    """One documented setting; the README's configuration table is generated from these."""

    name: str
    default: str
    help: str


SETTINGS = [
    Setting("ENV", "development", "development, production or testing"),
    Setting(
        "SECRET_KEY",
        "(made once into instance/secret_key in development)",
        "signs sessions and CSRF tokens; required in production",
    ),
    Setting(
        "DATABASE_URL",
        "sqlite:///<instance>/stem.db",
        "SQLAlchemy URL; postgresql+psycopg://… in production",
    ),
    Setting("BASE_URL", "http://127.0.0.1:5000", "public address, used in links in e-mail and SMS"),
    Setting("MAIL_BACKEND", "console (file in testing)", "smtp, console, file or locmem"),
    Setting("MAIL_FILE_PATH", "<instance>/mail", "folder for the file mail backend"),
    Setting(
        "MAIL_SERVER / MAIL_PORT / MAIL_USERNAME / MAIL_PASSWORD / MAIL_USE_TLS",
        "localhost / 25 / – / – / false",
        "SMTP delivery",
    ),
    Setting("MAIL_FROM", "De Stem <stem@utrecht.example>", "sender address"),
    Setting("SMS_BACKEND", "console", "console, file, memory or http"),
    Setting(
        "SMS_HTTP_URL / SMS_HTTP_ACCOUNT / SMS_HTTP_TOKEN / SMS_FROM",
        "–",
        "the HTTP SMS provider (Twilio-style Messages API)",
    ),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "redis://host:6379/0 in production (shared by all workers)",
    ),
    Setting(
        "RATELIMIT_ALLOW_MEMORY",
        "false",
        "allow memory:// rate limits in production: only for a single worker, as limits are per process",
    ),
    Setting(
        "PROXY_COUNT",
        "0",
        "reverse proxies in front of Stem whose X-Forwarded-For/-Proto are trusted (1 behind one nginx)",
    ),
    Setting(
        "THEME_CSS",
        "(Stem's open theme)",
        "URL or static path of a design-token stylesheet, e.g. the municipality's",
    ),
    Setting(
        "MEMBER_IDLE_MINUTES / MEMBER_MAX_HOURS",
        "60 / 720",
        "member and partner session idle timeout and absolute lifetime",
    ),
    Setting(
        "STAFF_IDLE_MINUTES / STAFF_MAX_HOURS",
        "30 / 12",
        "staff and admin session idle timeout and absolute lifetime",
    ),
    Setting(
        "SCHEDULER_HEARTBEAT_MAX_AGE",
        "180",
        "seconds after which /healthz calls the scheduler dead",
    ),
    Setting(
        "OUTBOX_MAX_LAG_MINUTES",
        "15",
        "how late the oldest due message may be before /healthz reports the outbox unhealthy",
    ),
    Setting(
        "OUTBOX_RETRY_HOURS",
        "72",
        "hours a message keeps being retried (with back-off up to 6 hours) before it counts as failed",
    ),
    Setting(
        "AUDIO_MAX_BYTES", "3145728", "largest audio clip (bytes) staff may upload for a question"
    ),
    Setting(
        "SIGNAL_RETENTION_MONTHS",
        "12",
        "months after a signal is closed before its submitters' contact details are anonymised",
    ),
    Setting(
        "ROUND_OPEN_DAY",
        "first-working-day",
        "day a monthly round opens: first-working-day (no weekend or Dutch holiday) or 1 to 28",
    ),
    Setting("ROUND_OPEN_TIME", "09:00", "time a monthly round opens, Europe/Amsterdam"),
    Setting(
        "ROUND_REMIND_AFTER_DAYS / ROUND_MAX_REMINDERS",
        "7 / 2",
        "days after the invitation (or last reminder) before a reminder; most reminders per member",
    ),
    Setting("ROUND_CLOSE_AFTER_DAYS", "14", "days a monthly round stays open"),
    Setting(
        "TRANSLATION_PROVIDER",
        "none",
        "machine drafts: none (no text leaves the server), libretranslate or deepl",
    ),
    Setting(
        "TRANSLATION_URL / TRANSLATION_API_KEY",
        "– / –",
        "the provider's address (your LibreTranslate server, or https://api-free.deepl.com) and key",
    ),
    Setting(
        "TRANSLATION_TIMEOUT_SECONDS",
        "20",
        "how long Stem waits for a machine draft before telling staff it did not come",
    ),
    Setting("LOG_LEVEL", "INFO", "Python logging level"),
]

TRANSLATION_PROVIDERS = ("none", "libretranslate", "deepl")


def _translation_provider() -> str:
    value = (_env("TRANSLATION_PROVIDER", "none") or "").strip().lower()
    if value not in TRANSLATION_PROVIDERS:
        raise ConfigError(
            f"STEM_TRANSLATION_PROVIDER must be none, libretranslate or deepl, got {value!r}"
        )
    url = _env("TRANSLATION_URL")
    if value != "none" and not (url or "").startswith(("http://", "https://")):
        raise ConfigError(f"STEM_TRANSLATION_PROVIDER={value} needs STEM_TRANSLATION_URL (http(s))")
    if value == "deepl" and not _env("TRANSLATION_API_KEY"):
        raise ConfigError("STEM_TRANSLATION_PROVIDER=deepl needs STEM_TRANSLATION_API_KEY")
    return value


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config mapping from the environment and explicit overrides."""
    overrides = dict(overrides or {})
    env = overrides.get("STEM_ENV") or _env("ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"STEM_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")
    production = env == "production"
    testing = env == "testing"
    instance = Path(instance_path)

    secret_key = _env("SECRET_KEY")
    if secret_key is None and testing:
        secret_key = secrets.token_hex(32)
    elif secret_key is None and not production:
        secret_key = development_key(instance)

    cfg: dict = {
        "STEM_ENV": env,
        "TESTING": testing,
        "DEBUG": _bool("DEBUG", False),
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", f"sqlite:///{instance / 'stem.db'}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": _env("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # A signal may carry three attachments of up to 5 MB each, plus its text.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": 500 * 1024,
        # Cookies
        "SESSION_COOKIE_NAME": "stem_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        # The cookie is rewritten when the session changes (at most once a minute, when
        # `seen_at` moves on), not on every response.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int("MEMBER_MAX_HOURS", 720)),
        "MEMBER_IDLE": timedelta(minutes=_int("MEMBER_IDLE_MINUTES", 60)),
        "MEMBER_MAX_AGE": timedelta(hours=_int("MEMBER_MAX_HOURS", 720)),
        "STAFF_IDLE": timedelta(minutes=_int("STAFF_IDLE_MINUTES", 30)),
        "STAFF_MAX_AGE": timedelta(hours=_int("STAFF_MAX_HOURS", 12)),
        # Slow readers on slow phones: a form may stay open for hours.
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "WTF_CSRF_SSL_STRICT": production,
        # Sign-in
        "LOGIN_LINK_MINUTES": 15,
        "LOGIN_CODE_ATTEMPTS": 5,
        # Rate limits
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ALLOW_MEMORY": _bool("RATELIMIT_ALLOW_MEMORY", False),
        # Forwarded addresses are believed only from this many proxies; anyone else could
        # send X-Forwarded-For and pick the address the rate limits and audit log see.
        "PROXY_COUNT": _int("PROXY_COUNT", 0),
        # Signals sent per person (members, partners) and per staff member; see
        # stem/signals/intake/routes.py.
        "SIGNAL_RATE_LIMIT": _rate_limit("SIGNAL_RATE_LIMIT", "60 per hour;200 per day"),
        "SIGNAL_STAFF_RATE_LIMIT": _rate_limit("SIGNAL_STAFF_RATE_LIMIT", "300 per hour"),
        # Languages
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        # Messages
        "MAIL_BACKEND": _env("MAIL_BACKEND", "file" if testing else "console"),
        "MAIL_FILE_PATH": _env("MAIL_FILE_PATH", str(instance / "mail")),
        "MAIL_SERVER": _env("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_TIMEOUT": 20,
        "MAIL_DEFAULT_SENDER": _env("MAIL_FROM", "De Stem <stem@utrecht.example>"),
        "SMS_BACKEND": _env("SMS_BACKEND", "memory" if testing else "console"),
        "SMS_FILE_PATH": _env("SMS_FILE_PATH", str(instance / "sms")),
        "SMS_HTTP_URL": _env("SMS_HTTP_URL"),
        "SMS_HTTP_ACCOUNT": _env("SMS_HTTP_ACCOUNT"),
        "SMS_HTTP_TOKEN": _env("SMS_HTTP_TOKEN"),
        "SMS_FROM": _env("SMS_FROM", "DeStem"),
        "OUTBOX_RETRY": timedelta(hours=_int("OUTBOX_RETRY_HOURS", 72)),
        "OUTBOX_MAX_LAG": timedelta(minutes=_int("OUTBOX_MAX_LAG_MINUTES", 15)),
        "AUDIO_MAX_BYTES": _int("AUDIO_MAX_BYTES", 3 * 1024 * 1024),
        "SCHEDULER_HEARTBEAT_MAX_AGE": _int("SCHEDULER_HEARTBEAT_MAX_AGE", 180),
        "SIGNAL_RETENTION_MONTHS": _int("SIGNAL_RETENTION_MONTHS", 12),
        "ROUND_OPEN_DAY": _round_open_day(),
        "ROUND_OPEN_TIME": _clock("ROUND_OPEN_TIME", "09:00"),
        "ROUND_REMIND_AFTER_DAYS": _int("ROUND_REMIND_AFTER_DAYS", 7),
        "ROUND_MAX_REMINDERS": _int("ROUND_MAX_REMINDERS", 2),
        "ROUND_CLOSE_AFTER_DAYS": _int("ROUND_CLOSE_AFTER_DAYS", 14),
        "THEME_CSS": _env("THEME_CSS"),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO"),
        "TRANSLATION_PROVIDER": _translation_provider(),
        "TRANSLATION_URL": _env("TRANSLATION_URL"),
        "TRANSLATION_API_KEY": _env("TRANSLATION_API_KEY"),
        "TRANSLATION_TIMEOUT": _int("TRANSLATION_TIMEOUT_SECONDS", 20),
    }
    cfg.update({k: v for k, v in overrides.items() if k != "STEM_ENV"})
    cfg["SQLALCHEMY_DATABASE_URI"] = database_url(cfg["SQLALCHEMY_DATABASE_URI"])
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file on this machine does not drop connections; a ping per request is waste.
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {
            k: v for k, v in cfg["SQLALCHEMY_ENGINE_OPTIONS"].items() if k != "pool_pre_ping"
        }
    check_config(cfg)
    return cfg


def development_key(instance: Path) -> str:
    """The development secret key, made once and kept in the instance folder.

    `stem dev` runs the web server and the scheduler as two processes: links, codes and
    sessions made in one must work in the other, so both need the same key. Production
    refuses to start without STEM_SECRET_KEY instead.
    """
    path = instance / "secret_key"
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= 32:
        return key
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: of two processes starting at once, one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        time.sleep(0.1)
        return path.read_text().strip() or key
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _rate_limit(name: str, default: str) -> str:
    """A Flask-Limiter limit such as "60 per hour;200 per day", checked at start-up."""
    from limits import parse_many

    value = _env(name, default)
    try:
        parse_many(value)
    except ValueError as exc:
        raise ConfigError(
            f"STEM_{name} must be limits like '60 per hour;200 per day', got {value!r}"
        ) from exc
    return value


def database_url(url: str) -> str:
    """Accept postgresql:// and postgres:// URLs, and use psycopg 3 for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_config(cfg: dict) -> None:
    """Refuse configurations that would be unsafe in production."""
    if cfg["STEM_ENV"] != "production":
        return
    if not cfg.get("SECRET_KEY"):
        raise ConfigError("STEM_SECRET_KEY must be set in production")
    if len(cfg["SECRET_KEY"]) < 32:
        raise ConfigError("STEM_SECRET_KEY must be at least 32 characters long")
    if cfg.get("DEBUG"):
        raise ConfigError("the debugger must be off in production (unset STEM_DEBUG)")
    storage = cfg.get("RATELIMIT_STORAGE_URI") or "memory://"
    limits_on = cfg.get("RATELIMIT_ENABLED", True)
    if limits_on and storage.startswith("memory://") and not cfg.get("RATELIMIT_ALLOW_MEMORY"):
        raise ConfigError(
            "STEM_RATELIMIT_STORAGE_URI must point at Redis in production (redis://host:6379/0): "
            "memory:// keeps a separate count in every worker, so each limit is multiplied by "
            "their number. Set STEM_RATELIMIT_ALLOW_MEMORY=true only for a single worker."
        )
    if cfg.get("PROXY_COUNT", 0) < 0:
        raise ConfigError("STEM_PROXY_COUNT must be 0 or more")
