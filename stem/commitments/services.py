"""Operations on council commitments: add, edit, and what is linked to them.

Follow-up actions and progress (a later issue) hang off the same Commitment rows; the
functions here take the acting user so they can be audited, and flush but never commit.
An edit takes the `version` of the commitment the admin's form showed: when the
commitment has changed since, nothing is saved and StaleCommitment is raised
(optimistic locking; see Commitment.version).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from stem.accounts.models import User
from stem.commitments.models import (
    COMMITMENT_STATUSES,
    Commitment,
    CommitmentEvent,
    CommitmentText,
)
from stem.core.audit import audit
from stem.core.db import db
from stem.signals.models import Signal, signal_commitments

# "21/T37": the year the commitment was made (two digits), a slash, T and its number.
CODE_RE = re.compile(r"^\d{2}/T\d{1,5}$")
FIELDS = (
    "code",
    "title",
    "description",
    "made_on",
    "due_on",
    "status",
    "fulfilled_on",
    "fulfilled_by",
    "department",
    "progress_note",
    "council_url",
)
# The fields whose old and new values the history shows; long texts say only "changed".
SHORT_FIELDS = (
    "code", "title", "made_on", "due_on", "status", "fulfilled_on", "fulfilled_by",
    "department", "council_url",
)


class CommitmentError(Exception):
    """A commitment cannot be saved as given; `field` says which input is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class StaleCommitment(CommitmentError):
    """Someone saved the commitment after this form was loaded; nothing was changed."""

    def __init__(self):
        super().__init__(
            "version",
            _(
                "Iemand anders heeft deze toezegging intussen gewijzigd. Je wijzigingen zijn "
                "niet opgeslagen. Vergelijk je invoer hieronder met hoe de toezegging nu is "
                "opgeslagen en sla daarna opnieuw op."
            ),
        )


def check_version(commitment: Commitment, version: int | None) -> None:
    """Raise StaleCommitment unless `version` (from the form) is the current version.

    None skips the check, for callers that did not show the commitment to anyone first.
    """
    if version is not None and version != commitment.version:
        raise StaleCommitment()


def normalise_code(value):
    """Write a code as the register does: " 21 / t37 " becomes "21/T37"."""
    if not isinstance(value, str):
        return value
    return re.sub(r"\s+", "", value).upper()


def code_taken(code: str, exclude: Commitment | None = None) -> bool:
    """Whether another commitment already has this code."""
    query = sa.select(Commitment.id).where(Commitment.code == code)
    if exclude is not None and exclude.id is not None:
        query = query.where(Commitment.id != exclude.id)
    return db.session.scalar(query.limit(1)) is not None


def _clean(fields: dict) -> dict:
    """Check the rules that hold whoever calls; return the values to store."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown commitment fields: {sorted(unknown)}")
    values = dict(fields)
    values["code"] = normalise_code(values.get("code") or "")
    if not CODE_RE.match(values["code"]):
        raise CommitmentError(
            "code",
            _("Vul het nummer in zoals 21/T37: het jaar, een schuine streep, T en een getal."),
        )
    if not (values.get("title") or "").strip():
        raise CommitmentError("title", _("Vul een titel in."))
    values.setdefault("status", "open")
    if values["status"] not in COMMITMENT_STATUSES:
        raise CommitmentError("status", _("Kies een status."))
    if values["status"] == "fulfilled":
        if not values.get("fulfilled_on"):
            raise CommitmentError("fulfilled_on", _("Vul in wanneer de toezegging is afgedaan."))
        if not (values.get("fulfilled_by") or "").strip():
            raise CommitmentError(
                "fulfilled_by", _("Vul in met welke brief de toezegging is afgedaan.")
            )
    else:
        # Only a fulfilled commitment has a date and a letter that fulfilled it.
        values["fulfilled_on"] = None
        values["fulfilled_by"] = ""
    for key in ("description", "department", "fulfilled_by", "progress_note", "council_url"):
        values[key] = (values.get(key) or "").strip()
    if values["council_url"] and not valid_url(values["council_url"]):
        raise CommitmentError("council_url", str(URL_MESSAGE))
    made, fulfilled = values.get("made_on"), values.get("fulfilled_on")
    if made and fulfilled and fulfilled < made:
        raise CommitmentError(
            "fulfilled_on", _("De toezegging kan niet zijn afgedaan voordat ze is gedaan.")
        )
    return values


URL_MESSAGE = _l(
    "Vul een webadres in dat begint met https:// of http://, bijvoorbeeld "
    "https://utrecht.bestuurlijkeinformatie.nl/Toezeggingen/21-T40."
)


def valid_url(value: str) -> bool:
    """An http or https address with a host, no spaces and no other scheme."""
    from urllib.parse import urlsplit

    if len(value) > 500 or any(c.isspace() or ord(c) < 32 for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@contextmanager
def _saving() -> Iterator[None]:
    """Make a change inside a savepoint and flush it there.

    A code that another request has just taken becomes a CommitmentError, and a row that
    another request saved after it was read becomes StaleCommitment. The savepoint is
    rolled back, so the session stays usable; the change must be made inside the block,
    because opening a savepoint first flushes what is pending, outside it.
    """
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except StaleDataError as exc:
        raise StaleCommitment() from exc
    except IntegrityError:
        raise CommitmentError(
            "code", _("Er is al een toezegging met dit nummer. Kies een ander nummer.")
        ) from None


def _plain(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def create_commitment(actor: User, **fields) -> Commitment:
    """Add a commitment to the register."""
    values = _clean(fields)
    if code_taken(values["code"]):
        raise CommitmentError(
            "code", _("Er is al een toezegging met dit nummer. Kies een ander nummer.")
        )
    commitment = Commitment(**values)
    with _saving():
        db.session.add(commitment)
    audit("commitment.create", commitment, actor=actor, commitment=commitment.code)
    _record(commitment, actor, "created", new=f"{commitment.code} {commitment.title}")
    return commitment


def _record(commitment: Commitment, actor: User | None, kind: str, old="", new="") -> None:
    commitment.events.append(
        CommitmentEvent(
            actor_id=getattr(actor, "id", None), kind=kind, old=str(old)[:300], new=str(new)[:300]
        )
    )


def update_commitment(
    actor: User, commitment: Commitment, *, version: int | None = None, **fields
) -> list[str]:
    """Change a commitment, from a form that showed `version`; returns the changed fields."""
    check_version(commitment, version)
    values = _clean({key: fields.get(key, getattr(commitment, key)) for key in FIELDS})
    if values["code"] != commitment.code and code_taken(values["code"], exclude=commitment):
        raise CommitmentError(
            "code", _("Er is al een toezegging met dit nummer. Kies een ander nummer.")
        )
    changes = {
        key: (_plain(getattr(commitment, key)), _plain(value))
        for key, value in values.items()
        if getattr(commitment, key) != value
    }
    if not changes:
        return []
    with _saving():
        for key, value in values.items():
            setattr(commitment, key, value)
        for key in sorted(changes, key=FIELDS.index):
            old, new = changes[key] if key in SHORT_FIELDS else ("", "")
            _record(commitment, actor, key, old, new)
    details = {"commitment": commitment.code, "changed": sorted(changes)}
    for key in ("code", "status"):  # short values worth seeing in the log; texts are not
        if key in changes:
            details[f"{key}_change"] = list(changes[key])
    audit("commitment.update", commitment, actor=actor, **details)
    return sorted(changes)


def delete_commitment(actor: User, commitment: Commitment) -> None:
    """Remove a commitment from the register; its links to signals and actions go with it."""
    audit("commitment.delete", commitment, actor=actor, commitment=commitment.code)
    db.session.delete(commitment)
    db.session.flush()


def set_translations(
    actor: User, commitment: Commitment, texts: dict[str, tuple[str, str, bool]]
) -> list[str]:
    """Store translations: locale -> (title, description, reviewed). An empty title removes
    the translation. Returns the locales that changed; each is a line in the history."""
    changed = []
    for locale, (title, description, reviewed) in texts.items():
        row = commitment.translation(locale)
        if not title:
            if row is not None:
                commitment.texts.remove(row)
                changed.append(locale)
            continue
        if row is None:
            row = CommitmentText(locale=locale, title=title)
            commitment.texts.append(row)
        elif (row.title, row.description, row.reviewed) == (title, description, reviewed):
            continue
        row.title, row.description, row.reviewed = title, description, reviewed
        changed.append(locale)
    for locale in changed:
        _record(commitment, actor, "translation", new=locale)
    if changed:
        audit("commitment.translate", commitment, actor=actor, locales=changed)
    return changed


def _live_signals():
    # A merged signal lives on in the signal it was merged into: it is not counted twice.
    return Signal.status != "merged"


def signal_counts() -> dict[int, int]:
    """commitment id -> number of signals linked to it."""
    rows = db.session.execute(
        sa.select(signal_commitments.c.commitment_id, sa.func.count())
        .join(Signal, Signal.id == signal_commitments.c.signal_id)
        .where(_live_signals())
        .group_by(signal_commitments.c.commitment_id)
    )
    return dict(rows.all())


def all_commitments() -> list[Commitment]:
    """The register, in code order: the year first, then the number (20/T580 before 21/T36)."""
    commitments = list(db.session.scalars(sa.select(Commitment)))
    return sorted(commitments, key=_code_key)


def _code_key(commitment: Commitment) -> tuple:
    year, _slash, number = commitment.code.partition("/T")
    return (year, int(number) if number.isascii() and number.isdecimal() else 0, commitment.code)


def linked_signals(commitment: Commitment) -> list[Signal]:
    """The signals linked to a commitment, newest first, with their themes loaded."""
    return list(
        db.session.scalars(
            sa.select(Signal)
            .join(signal_commitments, signal_commitments.c.signal_id == Signal.id)
            .where(signal_commitments.c.commitment_id == commitment.id, _live_signals())
            .options(selectinload(Signal.theme))
            .order_by(Signal.created_at.desc(), Signal.id.desc())
        )
    )
