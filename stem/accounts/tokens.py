"""Secrets for sign-in: generation and hashing. Plain values are never stored or logged."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_token() -> str:
    """A URL-safe token of 256 bits."""
    return secrets.token_urlsafe(32)


def new_code() -> str:
    """A 6-digit code, for typing over from an SMS or e-mail."""
    return f"{secrets.randbelow(10**6):06d}"


def new_recovery_code() -> str:
    """A one-time recovery code like `k7fq-2mzp-x9tc` (about 64 bits)."""
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(13))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:13]}"


def hash_token(token: str) -> str:
    """SHA-256 of a high-entropy token: enough, since it cannot be guessed."""
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_hash(*parts: str) -> str:
    """HMAC with the app's secret, for low-entropy values such as 6-digit codes."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison."""
    return a is not None and b is not None and hmac.compare_digest(a, b)
