"""Personal round links: the token in the link, its hash on the invitation, the resume key.

The invitation stores SHA-256(token). An anonymous response in progress stores
HMAC(key, token), with a key derived from the app's secret key, which the database does
not hold. Neither value can be computed from the other, so the data alone cannot join
an invitation to a response; only someone holding the link can find their answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

TOKEN_BYTES = 32  # 256 bits


def new_token() -> tuple[str, str]:
    """A fresh link token and the hash to store on the invitation."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def resume_key(token: str) -> str:
    """The key that finds a response in progress again; only computable from the token."""
    secret = current_app.config["SECRET_KEY"]
    if isinstance(secret, str):
        secret = secret.encode()
    derived = hmac.new(secret, b"stem.surveys.resume-key", hashlib.sha256).digest()
    return hmac.new(derived, token.encode(), hashlib.sha256).hexdigest()


def invitation_url(token: str) -> str:
    """The personal link in an invitation or reminder; works in the scheduler too (no request)."""
    return public_url("surveys.invitation", token=token)


def public_url(endpoint: str, **values) -> str:
    """BASE_URL + the path of `endpoint`, inside or outside a request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"] + path
