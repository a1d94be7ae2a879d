"""Signed-in sessions: loading the user, idle timeout, absolute lifetime, fresh sessions."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import Flask, current_app, flash, request, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user

from stem.core.db import db, utcnow

AUTH_AT = "auth_at"
SEEN_AT = "seen_at"


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Configure Flask-Login and the per-request session checks."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Log in om deze pagina te openen.")
    login_manager.login_message_category = "info"
    # Our own checks below; IP-based protection would throw out members on mobile networks.
    login_manager.session_protection = None

    @login_manager.user_loader
    def _load(token: str):
        from stem.accounts.models import User

        user_id, _, version = token.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.execute(_user_by_id(User), {"id": int(user_id)}).scalar_one_or_none()
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

    @app.before_request
    def _check_session_age():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = utcnow().timestamp()
        idle, max_age = _limits(current_user)
        auth_at = session.get(AUTH_AT, 0)
        seen_at = session.get(SEEN_AT, 0)
        if now - auth_at > max_age or now - seen_at > idle:
            end_session()
            flash(_l("Je bent uitgelogd, omdat je een tijdje weg was. Log opnieuw in."), "info")
            return None
        # Write the cookie at most once a minute, not on every request.
        if now - seen_at > 60:
            session[SEEN_AT] = now
        return None


@cache
def _user_by_id(user_model) -> sa.Select:
    """The statement that loads the signed-in user, built once: it runs on every request."""
    return sa.select(user_model).where(user_model.id == sa.bindparam("id"))


def _limits(user) -> tuple[float, float]:
    cfg = current_app.config
    if user.is_staff:
        return cfg["STAFF_IDLE"].total_seconds(), cfg["STAFF_MAX_AGE"].total_seconds()
    return cfg["MEMBER_IDLE"].total_seconds(), cfg["MEMBER_MAX_AGE"].total_seconds()


def start_session(user) -> None:
    """A fresh session for a user who just proved who they are."""
    keep = {k: session[k] for k in ("_flashes",) if k in session}
    session.clear()
    session.update(keep)
    session.permanent = True
    login_user(user, remember=False, fresh=True)
    now = utcnow().timestamp()
    session[AUTH_AT] = now
    session[SEEN_AT] = now
    user.last_sign_in_at = datetime.fromtimestamp(now).astimezone()


def end_session() -> None:
    """Sign out this browser."""
    logout_user()
    session.clear()
