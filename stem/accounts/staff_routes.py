"""Staff sign-in: password, then a TOTP code; first-time set-up of both."""

from __future__ import annotations

import time

import segno
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from stem.accounts import bp, signin
from stem.accounts.forms import (
    SecondFactorForm,
    SetPasswordForm,
    StaffSignInForm,
    TotpSetupForm,
)
from stem.accounts.models import User
from stem.accounts.routes import _finish_sign_in
from stem.core.audit import audit
from stem.core.db import db
from stem.core.security import public
from stem.extensions import limiter

PENDING = "pending_2fa"
PENDING_SECONDS = 300


def _email_key() -> str:
    return "staff:" + (request.form.get("email") or "").strip().lower()[:254]


def _pending_user() -> User | None:
    """The staff user who passed the password step in this browser, recently."""
    pending = session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, pending.get("user_id"))
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None
    return user


@bp.route("/staff/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=_email_key)
def staff_sign_in():
    """Step 1: e-mail address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = StaffSignInForm()
    if form.validate_on_submit():
        user = signin.check_password(form.email.data, form.password.data)
        if user is not None:
            session[PENDING] = {
                "user_id": user.id,
                "version": user.session_version,
                "at": time.time(),
            }
            if user.totp_enabled:
                return redirect(url_for("accounts.staff_two_factor"), code=303)
            return redirect(url_for("accounts.staff_totp_setup"), code=303)
        form.password.errors.append(
            _("Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw.")
        )
    return render_template("accounts/staff_sign_in.html", form=form)


@bp.route("/staff/two-factor", methods=["GET", "POST"])
@public
@limiter.limit("10 per 15 minutes", methods=["POST"])
def staff_two_factor():
    """Step 2: the code from the authenticator app, or a recovery code."""
    user = _pending_user()
    if user is None or not user.totp_enabled:
        return redirect(url_for("accounts.staff_sign_in"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if signin.check_second_factor(user, form.code.data):
            session.pop(PENDING, None)
            audit("sign_in.staff", user, actor=user)
            return _finish_sign_in(user)
        audit("sign_in.second_factor", user, actor=user, result="failed")
        form.code.errors.append(_("Deze code klopt niet. Vul de code in die je app nu laat zien."))
    return render_template("accounts/staff_two_factor.html", form=form)


@bp.route("/staff/two-factor/setup", methods=["GET", "POST"])
@public
@limiter.limit("10 per 15 minutes", methods=["POST"])
def staff_totp_setup():
    """First sign-in: scan a QR code, confirm one code, receive recovery codes."""
    user = _pending_user()
    if user is None or user.totp_enabled:
        return redirect(url_for("accounts.staff_sign_in"))
    secret = session.get("totp_setup_secret") or signin.new_totp_secret()
    session["totp_setup_secret"] = secret
    form = TotpSetupForm()
    if form.validate_on_submit():
        if signin.check_totp(user, secret, form.code.data):
            user.totp_secret = secret
            user.totp_enabled = True
            codes = signin.new_recovery_codes(user)
            session.pop("totp_setup_secret", None)
            session.pop(PENDING, None)
            audit("user.totp_enrolled", user, actor=user)
            response = _finish_sign_in(user)
            return render_template(
                "accounts/recovery_codes.html", codes=codes, next_url=response.location
            )
        form.code.errors.append(_("Deze code klopt niet. Vul de code in die je app nu laat zien."))
    uri = signin.totp_uri(user, secret)
    # segno writes the SVG itself from the URI; nothing user-written is in it.
    qr = Markup(  # noqa: S704
        segno.make(uri, error="m").svg_inline(scale=5, title=_("QR-code voor je authenticator-app"))
    )
    return render_template("accounts/staff_totp_setup.html", form=form, qr=qr, secret=secret)


@bp.route("/staff/set-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per 15 minutes", methods=["POST"])
def staff_set_password(token: str):
    """Choose a password with the link from the invitation."""
    row = signin.peek_link(token)
    if row is None or row.purpose != "setup":
        return render_template("accounts/link_expired.html"), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = signin.use_link(token, purpose="setup")
        if user is None:
            abort(410)
        user.password_hash = signin.hash_password(form.password.data)
        user.totp_enabled = False
        user.totp_secret = None
        user.end_all_sessions()
        audit("user.password_set", user, actor=user)
        flash(_("Je wachtwoord is opgeslagen. Log in om je authenticator-app in te stellen."), "ok")
        return redirect(url_for("accounts.staff_sign_in"), code=303)
    return render_template("accounts/set_password.html", form=form)
