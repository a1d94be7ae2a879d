"""Signed-in sessions, kept on the server: one row per device, its random key in the cookie.

Signing out deletes the row, so a copied cookie stops working at once; "sign out
everywhere" deletes them all. The idle timeout and the absolute lifetime are checked
against the row. The row's `last_seen_at` moves on at most once a minute, and such a
request is declared a writing one before its first query (see `needs_write`).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import Flask, current_app, flash, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user

from stem.accounts import tokens
from stem.core.db import db, utcnow

SESSION_KEY = "sid"
SEEN_AT = "seen_at"
EXPIRES_AT = "expires_at"
TOUCH_SECONDS = 60


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Configure Flask-Login and the per-request session checks."""
    from stem.core.web import write_intent_checks

    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Log in om deze pagina te openen.")
    login_manager.login_message_category = "info"
    # Our own checks below; IP-based protection would throw out members on mobile networks.
    login_manager.session_protection = None
    if needs_write not in write_intent_checks:
        write_intent_checks.append(needs_write)

    @login_manager.user_loader
    def _load(token: str):
        from stem.accounts.models import User, UserSession

        user_id, _, version = token.partition(":")
        key = session.get(SESSION_KEY)
        if not (user_id.isascii() and user_id.isdecimal() and version.isascii()
                and version.isdecimal() and isinstance(key, str)):
            return None
        row = db.session.execute(
            _user_by_session(User, UserSession), {"key_hash": tokens.hash_token(key)}
        ).first()
        if row is None:
            return None
        user, device = row
        if user.id != int(user_id) or not user.active or user.session_version != int(version):
            return None
        g.device_session = device
        return user

    @app.before_request
    def _check_session_age():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        device = g.device_session
        now = utcnow()
        idle, max_age = _limits(current_user)
        if now - device.created_at > max_age or now - device.last_seen_at > idle:
            end_session()
            flash(_l("Je bent uitgelogd, omdat je een tijdje weg was. Log opnieuw in."), "info")
            return None
        # Written at most once a minute, not on every request.
        if (now - device.last_seen_at).total_seconds() > TOUCH_SECONDS:
            device.last_seen_at = now
            session[SEEN_AT] = now.timestamp()
        return None


def needs_write() -> bool:
    """Whether this request will update or end its session row: known from the cookie alone."""
    if SESSION_KEY not in session:
        return False
    now = utcnow().timestamp()
    return (now - session.get(SEEN_AT, 0) > TOUCH_SECONDS
            or now > session.get(EXPIRES_AT, 0))


@cache
def _user_by_session(user_model, session_model) -> sa.Select:
    """The statement that loads the signed-in user with their session, built once."""
    return (
        sa.select(user_model, session_model)
        .join(session_model, session_model.user_id == user_model.id)
        .where(session_model.key_hash == sa.bindparam("key_hash"))
    )


def _limits(user) -> tuple[timedelta, timedelta]:
    cfg = current_app.config
    if user.is_staff:
        return cfg["STAFF_IDLE"], cfg["STAFF_MAX_AGE"]
    return cfg["MEMBER_IDLE"], cfg["MEMBER_MAX_AGE"]


def device_label(user_agent: str | None) -> str:
    """'Chrome on Android': enough for a person to recognise their device, no more."""
    text = (user_agent or "").lower()
    browser = next(
        (name for key, name in (("edg/", "Edge"), ("samsungbrowser", "Samsung Internet"),
                                ("opr/", "Opera"), ("firefox", "Firefox"), ("chrome", "Chrome"),
                                ("safari", "Safari")) if key in text),
        "",
    )
    system = next(
        (name for key, name in (("android", "Android"), ("iphone", "iPhone"), ("ipad", "iPad"),
                                ("windows", "Windows"), ("mac os", "Mac"), ("linux", "Linux"))
         if key in text),
        "",
    )
    return " · ".join(part for part in (browser, system) if part)[:80]


def open_device_session(user, device: str = "", now: datetime | None = None) -> str:
    """A new session row for this user; returns the key for the cookie (never stored)."""
    from stem.accounts.models import UserSession

    key = secrets.token_urlsafe(32)
    now = now or utcnow()
    db.session.add(UserSession(user_id=user.id, key_hash=tokens.hash_token(key),
                               created_at=now, last_seen_at=now, device=device))
    return key


def start_session(user) -> None:
    """A fresh session for a user who just proved who they are."""
    keep = {k: session[k] for k in ("_flashes",) if k in session}
    _delete_current()
    session.clear()
    session.update(keep)
    session.permanent = True
    now = utcnow()
    session[SESSION_KEY] = open_device_session(user, device_label(request.user_agent.string), now)
    session[SEEN_AT] = now.timestamp()
    session[EXPIRES_AT] = (now + _limits(user)[1]).timestamp()
    login_user(user, remember=False, fresh=True)
    user.last_sign_in_at = now


def _delete_current() -> None:
    from stem.accounts.models import UserSession

    key = session.get(SESSION_KEY)
    if isinstance(key, str):
        db.session.execute(
            sa.delete(UserSession).where(UserSession.key_hash == tokens.hash_token(key))
        )


def end_session() -> None:
    """Sign out this browser: its session row is deleted, so no copy of the cookie works."""
    _delete_current()
    logout_user()
    session.clear()


def current_session_id() -> int | None:
    """The id of this browser's session row (to mark "this device")."""
    device = g.get("device_session")
    return device.id if device is not None else None
