"""Helpers for the intake and access tests: files as phones send them, and form posts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import sqlalchemy as sa

from stem.core.db import db
from stem.core.uploads import upload_root
from stem.notify.models import OutboxMessage
from stem.signals.models import Signal

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"0" * 200
EXE = b"MZ\x90\x00" + b"\x00" * 200
FORM_KEY_RE = re.compile(r'name="form_key"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="form_key"')


def upload(data: bytes, name: str):
    """A file as the test client sends it in a multipart form."""
    return (io.BytesIO(data), name)


def stored_files() -> set[Path]:
    """Every file in the upload folder."""
    return {p for p in Path(upload_root()).rglob("*") if p.is_file()}


def signal_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signal))


def messages(kind: str = "signal_confirmation") -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


def form_key(client) -> str:
    """The one-time key of a fresh signal form."""
    html = client.get("/signals/new").get_data(as_text=True)
    match = FORM_KEY_RE.search(html)
    assert match, "no form key on the signal form"
    return match.group(1) or match.group(2)


def newest_signal() -> Signal | None:
    return db.session.scalar(sa.select(Signal).order_by(Signal.id.desc()).limit(1))
