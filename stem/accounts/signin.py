"""Signing in: links and codes for members and partners; password and TOTP for staff."""

from __future__ import annotations

import logging
from datetime import timedelta

import pyotp
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from stem.accounts import tokens
from stem.accounts.addresses import AddressError, parse_address
from stem.accounts.models import LoginToken, RecoveryCode, SignInRequest, User
from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.forms import ascii_digits
from stem.core.urls import public_url
from stem.notify.models import OutboxMessage
from stem.notify.outbox import queue_message

log = logging.getLogger(__name__)
LINK_ROLES = ("member", "partner", "translator")
SETUP_LINK_DAYS = 3
_hasher = PasswordHasher()
# Verified against when the address is unknown, so timing does not tell who exists.
_DUMMY_HASH = _hasher.hash("stem-timing-equaliser")


def find_user(address: str) -> User | None:
    """The user with this e-mail address or phone number, if any."""
    try:
        channel, value = parse_address(address)
    except AddressError:
        return None
    column = User.email if channel == "email" else User.phone
    return db.session.scalar(sa.select(User).where(column == value))


def _revoke_open_tokens(user: User, purpose: str) -> None:
    db.session.execute(
        sa.update(LoginToken)
        .where(
            LoginToken.user_id == user.id,
            LoginToken.purpose == purpose,
            LoginToken.used_at.is_(None),
            LoginToken.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )


def request_sign_in(channel: str, address: str, request_key: str) -> None:
    """Store a request for a link and code, the same for every address.

    Whether the address has an account is decided later, by the sign-in job: the page
    does the same work for everyone, so neither its answer nor its timing tells.
    """
    db.session.add(SignInRequest(channel=channel, address=address,
                                 request_key_hash=tokens.hash_token(request_key)))
    audit("sign_in.link_requested", result="queued")


def answer_sign_in_request(request_row: SignInRequest) -> OutboxMessage | None:
    """Send a link and code for a stored request if its address belongs to a member or
    partner; the request row is deleted either way."""
    db.session.delete(request_row)
    column = User.email if request_row.channel == "email" else User.phone
    user = db.session.scalar(sa.select(User).where(column == request_row.address))
    if user is None or not user.active or user.role not in LINK_ROLES:
        return None
    _revoke_open_tokens(user, "sign_in")
    token, code = tokens.new_token(), tokens.new_code()
    token_hash = tokens.hash_token(token)
    minutes = current_app.config["LOGIN_LINK_MINUTES"]
    db.session.add(
        LoginToken(
            user=user,
            purpose="sign_in",
            token_hash=token_hash,
            code_hash=tokens.keyed_hash(token_hash, code),
            request_key_hash=request_row.request_key_hash,
            expires_at=request_row.created_at + timedelta(minutes=minutes),
        )
    )
    link = public_url("accounts.sign_in_link", token=token)
    channel, recipient = user.effective_channel, user.address
    with force_locale(user.locale):
        subject = _("Je inloglink voor De Stem")
        body = render_template(
            f"accounts/messages/sign_in_{channel}.txt", link=link, code=code, minutes=minutes
        )
    message = queue_message(
        channel=channel,
        recipient=recipient,
        kind="sign_in",
        subject=subject,
        body=body,
        locale=user.locale,
        user=user,
        sensitive=True,
    )
    audit("sign_in.link_sent", user, actor=user)
    return message


def peek_link(token: str) -> LoginToken | None:
    """The usable token behind a link, without using it (mail scanners open links too)."""
    row = db.session.scalar(
        sa.select(LoginToken).where(LoginToken.token_hash == tokens.hash_token(token))
    )
    if row is None or not row.usable(utcnow()):
        return None
    return row


def _use(row: LoginToken) -> bool:
    """Mark a token used; only one of two racing requests wins."""
    result = db.session.execute(
        sa.update(LoginToken)
        .where(LoginToken.id == row.id, LoginToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return result.rowcount == 1


def use_link(token: str, purpose: str = "sign_in") -> User | None:
    """Sign in with a link: the user, or None if the link is unknown, used or expired."""
    row = peek_link(token)
    if row is None or row.purpose != purpose or not row.user.active or not _use(row):
        audit(f"{purpose}.link_used", result="failed")
        return None
    audit(f"{purpose}.link_used", row.user, actor=row.user)
    return row.user


def use_code(request_key: str | None, code: str) -> User | None:
    """Sign in with the 6-digit code, only in the browser that asked for it."""
    if not request_key:
        return None
    row = db.session.scalar(
        sa.select(LoginToken)
        .where(LoginToken.request_key_hash == tokens.hash_token(request_key))
        .order_by(LoginToken.id.desc())
    )
    if row is None or not row.usable(utcnow()):
        audit("sign_in.code_used", result="failed")
        return None
    # Counted in the database, not in Python: thirty simultaneous guesses must see thirty
    # increments, where a read-modify-write would let them all see the same count.
    attempts = db.session.execute(
        sa.update(LoginToken)
        .where(LoginToken.id == row.id)
        .values(code_attempts=LoginToken.code_attempts + 1)
        .returning(LoginToken.code_attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    row.code_attempts = attempts
    if attempts > current_app.config["LOGIN_CODE_ATTEMPTS"]:
        row.revoked_at = utcnow()
        audit("sign_in.code_used", row.user, actor=row.user, result="blocked")
        return None
    if not tokens.same(row.code_hash, tokens.keyed_hash(row.token_hash, code)):
        audit("sign_in.code_used", row.user, actor=row.user, result="failed")
        return None
    if not row.user.active or not _use(row):
        return None
    audit("sign_in.code_used", row.user, actor=row.user)
    return row.user


# --- staff: password and second factor -------------------------------------------------


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher.hash(password)


def check_password(email: str, password: str) -> User | None:
    """The staff user for this e-mail and password, or None (in constant-ish time)."""
    user = find_user(email) if "@" in (email or "") else None
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.is_staff or not user.active:
        audit("sign_in.password", user if user and user.is_staff else None, result="failed")
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def new_totp_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    """The otpauth:// URI that the QR code carries."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email or str(user.id), issuer_name="De Stem"
    )


def check_totp(user: User, secret: str, code: str) -> bool:
    """A current code (±30 s) that was not used before (no replay)."""
    code = ascii_digits(code or "")
    if not (code.isascii() and code.isdecimal() and len(code) == 6):
        return False
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(utcnow())
    for step in (now_step - 1, now_step, now_step + 1):
        if tokens.same(totp.generate_otp(step), code) and step > (user.totp_last_step or 0):
            user.totp_last_step = step
            return True
    return False


def new_recovery_codes(user: User, count: int = 10) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [tokens.new_recovery_code() for _ in range(count)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=tokens.keyed_hash("recovery", code)))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Use one recovery code instead of the authenticator app."""
    wanted = tokens.keyed_hash("recovery", (code or "").strip().lower())
    result = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == wanted,
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return result.rowcount == 1


def check_second_factor(user: User, code: str) -> bool:
    """A TOTP code or an unused recovery code."""
    if user.totp_enabled and user.totp_secret and check_totp(user, user.totp_secret, code):
        return True
    return "-" in (code or "") and use_recovery_code(user, code)


def send_setup_link(user: User) -> None:
    """Invite staff to choose a password (the link works for three days)."""
    _revoke_open_tokens(user, "setup")
    token = tokens.new_token()
    db.session.add(
        LoginToken(
            user=user,
            purpose="setup",
            token_hash=tokens.hash_token(token),
            expires_at=utcnow() + timedelta(days=SETUP_LINK_DAYS),
        )
    )
    link = public_url("accounts.staff_set_password", token=token)
    with force_locale(user.locale):
        subject = _("Je account voor De Stem instellen")
        body = render_template("accounts/messages/setup.txt", link=link, days=SETUP_LINK_DAYS)
    queue_message(
        channel="email",
        recipient=user.email,
        kind="setup",
        subject=subject,
        body=body,
        locale=user.locale,
        user=user,
        sensitive=True,
    )
