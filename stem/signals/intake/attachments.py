"""Photos and PDFs sent with a signal.

The checks before any file is stored (how many, how big), storing all of them or none,
and removing stored files again when the signal's transaction does not commit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from stem.core.db import db
from stem.core.uploads import IMAGE_OR_PDF, StoredFile, UploadError, delete_upload, store_upload

MAX_FILES = 3
MAX_FILE_BYTES = 5 * 1024 * 1024


class AttachmentError(ValueError):
    """A file cannot be stored; the message names it and says what to do."""


def chosen_files(attachments: Sequence) -> list:
    """The file inputs that carry a file: an empty input still sends an empty part."""
    return [f for f in attachments or () if f is not None and getattr(f, "filename", "")]


def _short_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return name if len(name) <= 60 else name[:57] + "…"


def _upload_message(code: str, filename: str) -> str:
    name = _short_name(filename)
    if code == "too_big":
        return _(
            "Het bestand %(name)s is groter dan %(mb)d MB. Kies een kleiner bestand.",
            name=name,
            mb=MAX_FILE_BYTES // (1024 * 1024),
        )
    if code == "empty":
        return _("Het bestand %(name)s is leeg. Kies een ander bestand.", name=name)
    return _(
        "Het bestand %(name)s is geen foto (JPG, PNG of WebP) en geen PDF. Kies een ander bestand.",
        name=name,
    )


def _size(file) -> int | None:
    """How many bytes are left to read in an upload, or None when its stream cannot tell."""
    stream = getattr(file, "stream", None)
    try:
        start = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(start)
    except (AttributeError, OSError, ValueError):
        return None
    return end - start


def file_problems(attachments: Sequence) -> list[str]:
    """What is wrong with the chosen files before any is stored: too many, or too big.

    One whole sentence per problem, each big file by its name, so the person knows which
    to replace. The size comes from the upload's temporary file, without reading it.
    """
    files = chosen_files(attachments)
    problems = []
    if len(files) > MAX_FILES:
        problems.append(
            _("Je kunt maximaal %(max)d bestanden toevoegen. Kies minder bestanden.", max=MAX_FILES)
        )
    for file in files:
        size = _size(file)
        if size is not None and size > MAX_FILE_BYTES:
            problems.append(_upload_message("too_big", file.filename))
    return problems


def store_files(files: list) -> list[StoredFile]:
    """Check and store every file, or none of them; AttachmentError names the file refused."""
    stored: list[StoredFile] = []
    try:
        for file in files:
            try:
                stored.append(store_upload(file, kinds=IMAGE_OR_PDF, max_bytes=MAX_FILE_BYTES))
            except UploadError as exc:
                raise AttachmentError(_upload_message(exc.code, file.filename)) from None
    except BaseException:
        delete_files(stored)
        raise
    return stored


def delete_files(stored: Sequence[StoredFile]) -> None:
    """Remove stored files again (the signal they were for was not made)."""
    for item in stored:
        delete_upload(item.key)


# Files stored for this transaction are removed again when it does not commit.
_PENDING_UPLOADS = "stem_signal_uploads"


def _forget_uploads(session: Session) -> None:
    if session.get_nested_transaction() is None:  # the real commit, not a savepoint's
        session.info.pop(_PENDING_UPLOADS, None)


def _drop_uploads(session: Session, transaction) -> None:
    if transaction.parent is None:
        for key in session.info.pop(_PENDING_UPLOADS, ()):
            delete_upload(key)


def delete_unless_committed(stored: Sequence[StoredFile]) -> None:
    """Remove these files again if the current transaction ends without committing."""
    if not stored:
        return
    if not event.contains(Session, "after_commit", _forget_uploads):
        event.listen(Session, "after_commit", _forget_uploads)
        event.listen(Session, "after_transaction_end", _drop_uploads)
    session = db.session()
    session.info.setdefault(_PENDING_UPLOADS, []).extend(item.key for item in stored)
