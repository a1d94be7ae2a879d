"""Personal round links: the token in the link, its hash on the invitation, the resume key.

A member's link token is an HMAC of (round, member) under a key derived from the app's
secret key, so every reminder can carry the same link without the database holding it.
The invitation stores SHA-256(token). An anonymous response in progress stores
HMAC(resume key, token). Neither stored value can be computed from the other or from
anything else in the database, so the data alone cannot join an invitation to a
response; on submission the resume key is cleared and nothing can join them at all.
Rotating STEM_SECRET_KEY invalidates open links (members can still reach the round
from "my rounds" after signing in).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app

from stem.core.urls import public_url


def _key(purpose: bytes) -> bytes:
    secret = current_app.config["SECRET_KEY"]
    if isinstance(secret, str):
        secret = secret.encode()
    return hmac.new(secret, b"stem.surveys." + purpose, hashlib.sha256).digest()


def invitation_token(round_id: int, user_id: int) -> str:
    """The member's link token for a round: 256 bits, the same on every reminder."""
    digest = hmac.new(_key(b"invitation"), f"{round_id}:{user_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """What the invitation stores, and how a link finds its invitation."""
    return hashlib.sha256(token.encode()).hexdigest()


def resume_key(token: str) -> str:
    """What an anonymous response in progress stores, to be found again from the link."""
    return hmac.new(_key(b"resume"), token.encode(), hashlib.sha256).hexdigest()


def invitation_url(token: str) -> str:
    """The personal link in an invitation or reminder; works in the scheduler too (no request)."""
    return public_url("surveys.invitation", token=token)
