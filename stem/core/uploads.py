"""Uploaded files: the type is read from the content, never from the name or the browser.

Files live in the instance folder under `uploads/`, outside `static/`, named by a random
key; views serve them through `send_upload`, after their own access check.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from werkzeug.datastructures import FileStorage

# kind -> (content type, file extension)
KINDS = {
    "jpeg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
    "webp": ("image/webp", "webp"),
    "pdf": ("application/pdf", "pdf"),
    "mp3": ("audio/mpeg", "mp3"),
    "ogg": ("audio/ogg", "ogg"),
    "m4a": ("audio/mp4", "m4a"),
}
IMAGE_OR_PDF = frozenset({"jpeg", "png", "webp", "pdf"})
AUDIO = frozenset({"mp3", "ogg", "m4a"})
_M4A_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"isom", b"iso2", b"mp41", b"dash")


class UploadError(ValueError):
    """The upload is missing, too big, or not what it claims; `code` says which."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "empty", "too_big", "wrong_type"


@dataclass(frozen=True)
class StoredFile:
    key: str
    filename: str
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes start, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[4:8] == b"ftyp" and head[8:12] in _M4A_BRANDS:
        return "m4a"
    if head.startswith(b"ID3"):
        return "mp3"
    # An MPEG audio frame header: 11 sync bits, then layer III (MP3) bits.
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) == 0x02:
        return "mp3"
    return None


def upload_root() -> Path:
    root = Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _path(key: str) -> Path:
    if not key.isalnum():  # keys are ours; refuse anything that could walk the tree
        raise ValueError("bad upload key")
    return upload_root() / key[:2] / key


def store_upload(file: FileStorage | None, *, kinds: frozenset[str], max_bytes: int) -> StoredFile:
    """Check and store an upload; raise UploadError("empty"|"too_big"|"wrong_type")."""
    if file is None or not file.filename:
        raise UploadError("empty")
    data = file.stream.read(max_bytes + 1)
    if not data:
        raise UploadError("empty")
    if len(data) > max_bytes:
        raise UploadError("too_big")
    kind = sniff(data[:32])
    if kind not in kinds:
        raise UploadError("wrong_type")
    content_type, extension = KINDS[kind]
    key = secrets.token_hex(20)
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    name = Path(file.filename).name.strip()[:150] or "file"
    stem_part = name.rsplit(".", 1)[0] if "." in name else name
    return StoredFile(
        key=key,
        filename=f"{stem_part}.{extension}",
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def delete_upload(key: str) -> None:
    _path(key).unlink(missing_ok=True)


def copy_upload(key: str) -> str:
    """Store a second copy of a file under a new key (for a copied record); raise if missing."""
    new_key = secrets.token_hex(20)
    target = _path(new_key)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_path(key).read_bytes())
    return new_key


def upload_exists(key: str) -> bool:
    """Whether the file for this key is (still) on disk."""
    return _path(key).is_file()


def send_upload(key: str, *, content_type: str, filename: str, as_attachment: bool = True):
    """A response with the file: never sniffed by the browser, never cached by proxies."""
    response = send_file(
        _path(key),
        mimetype=content_type,
        as_attachment=as_attachment,
        download_name=filename,
        conditional=True,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
