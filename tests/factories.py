"""Factories for test data: `create_user(role="partner")` and friends."""

from __future__ import annotations

import itertools

from stem.accounts.models import Organisation, User
from stem.accounts.services import create_user as _create_user
from stem.accounts.signin import hash_password
from stem.core.db import db

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = None


def create_organisation(name: str | None = None, **fields) -> Organisation:
    org = Organisation(name=name or f"Organisation {next(_seq)}", **fields)
    db.session.add(org)
    db.session.flush()
    return org


def create_user(role: str = "member", **fields) -> User:
    """A user of a role; partners get an organisation, staff a password."""
    global _PASSWORD_HASH
    n = next(_seq)
    fields.setdefault(
        "email", None if fields.get("phone") and "email" not in fields else f"user{n}@example.nl"
    )
    if role == "partner" and "organisation" not in fields:
        fields["organisation"] = create_organisation()
    if role in ("staff", "admin") and "password_hash" not in fields:
        _PASSWORD_HASH = _PASSWORD_HASH or hash_password(PASSWORD)
        fields["password_hash"] = _PASSWORD_HASH
    totp_secret = fields.pop("totp_secret", None)
    user = _create_user(role=role, **fields)
    if totp_secret:
        user.totp_secret = totp_secret
        user.totp_enabled = True
    db.session.flush()
    return user
