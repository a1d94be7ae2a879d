"""Reporting a signal: checks, files, a reference number, consent and the confirmation.

Services take domain objects and the acting user; they flush but never commit. The checks
on where a signal came from live in checks.py, the confirmation message in confirmation.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from stem.accounts.models import Organisation, User
from stem.accounts.services import give_consent
from stem.core.db import db, utcnow
from stem.core.i18n import AMSTERDAM, LOCALE_CODES
from stem.core.templating import UNKNOWN_LANGS
from stem.signals.deadlines import reply_due
from stem.signals.intake.attachments import (
    AttachmentError,
    chosen_files,
    delete_files,
    delete_unless_committed,
    file_problems,
    store_files,
)
from stem.signals.intake.checks import (
    STAFF_SOURCES,
    OnBehalf,
    check_on_behalf,
    check_organisation,
    check_source,
    source_for,
)
from stem.signals.intake.confirmation import send_confirmation
from stem.signals.models import (
    DISTRICT_NAMES,
    Signal,
    SignalAttachment,
    SignalEvent,
    SignalSubmitter,
    Theme,
)
from stem.translation.detect import detect_code

MAX_BODY = 5000
MAX_SOURCE_DETAIL = 200
CONTACT_PURPOSE = "signal_contact"
LOCAL_TIME = AMSTERDAM
_REFERENCE_ATTEMPTS = 20


class IntakeError(ValueError):
    """The signal cannot be stored; `errors` maps form fields to translated messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def normalise_body(text: str | None) -> str:
    """The text as stored: surrounding space removed, one kind of line break."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def local_today():
    """Today in Utrecht (a signal sent at 00:30 belongs to that day, not to UTC's)."""
    return utcnow().astimezone(LOCAL_TIME).date()


# --- reference numbers --------------------------------------------------------------------


def _number(reference: str | None, prefix: str) -> int | None:
    if not reference or not reference.startswith(prefix):
        return None
    tail = reference[len(prefix) :]
    return int(tail) if tail.isascii() and tail.isdecimal() else None


def _last_number(prefix: str, thorough: bool) -> int:
    """The highest number used this year. Usually the newest signal has it; after a
    collision, read them all (numbers past 99999 no longer sort as text)."""
    query = sa.select(Signal.reference).where(Signal.reference.like(prefix + "%"))
    if not thorough:
        last = db.session.scalar(query.order_by(Signal.id.desc()).limit(1))
        number = _number(last, prefix)
        if last is None or number is not None:
            return number or 0
    numbers = (_number(ref, prefix) for ref in db.session.scalars(query))
    return max((n for n in numbers if n is not None), default=0)


def _insert(fields: dict, submission_key: str | None) -> tuple[Signal, bool]:
    """Insert the signal under the next free reference: (signal, created).

    Two signals sent at the same moment may pick the same number; the unique index
    refuses the second, which tries the next number inside a savepoint. A second POST
    of the same form that raced the first finds the first one's signal instead.
    """
    prefix = f"S-{local_today().year}-"
    tried = 0
    for attempt in range(_REFERENCE_ATTEMPTS):
        # A collision means another transaction took that number and committed: read
        # again and take the next free one; never go back to a number known taken.
        number = max(_last_number(prefix, thorough=attempt > 0), tried) + 1
        tried = number
        signal = Signal(reference=f"{prefix}{number:05d}", submission_key=submission_key, **fields)
        try:
            with db.session.begin_nested():
                db.session.add(signal)
        except IntegrityError:
            if submission_key:
                existing = _by_submission_key(submission_key)
                if existing is not None:
                    return existing, False
            taken = sa.select(Signal.id).where(Signal.reference == signal.reference)
            if db.session.scalar(taken) is None:
                raise  # not a reference collision: a real error
            continue
        # A new signal has no children yet: say so, so that adding its submitter and
        # history line does not first query for the (empty) collections.
        for name in ("submitters", "events", "attachments", "replies", "commitments"):
            set_committed_value(signal, name, [])
        return signal, True
    raise RuntimeError("no free signal reference number")  # pragma: no cover


def _by_submission_key(key: str) -> Signal | None:
    return db.session.scalar(sa.select(Signal).where(Signal.submission_key == key))


def submission_key(actor: User | None, form_key: str | None, body: str) -> str | None:
    """The key that makes a repeated POST of one form find the same signal.

    It binds the form's one-time key to the person and the text: pressing Send twice
    gives one signal; going back and sending a different text gives a second one.
    """
    if actor is None or not form_key:
        return None
    raw = f"{actor.id}\x1f{form_key}\x1f{normalise_body(body)}"
    return hashlib.sha256(raw.encode()).hexdigest()


def find_submitted(actor: User | None, form_key: str | None, body: str) -> Signal | None:
    """The signal an earlier POST of this very form created, if any."""
    key = submission_key(actor, form_key, body)
    return _by_submission_key(key) if key else None


# --- the service --------------------------------------------------------------------------


def create_signal(
    *,
    actor: User | None,
    body: str,
    theme: Theme | None,
    source: str | None = None,
    district: str | None = None,
    may_contact: bool = False,
    organisation: Organisation | None = None,
    on_behalf: OnBehalf | None = None,
    source_detail: str = "",
    round=None,  # noqa: A002 - the Round a survey answer came from
    question=None,
    language: str | None = None,
    attachments: Sequence = (),
    form_key: str | None = None,
) -> Signal:
    """Store a new signal and queue its confirmation; raise IntakeError on bad input.

    A member or partner reports for themselves (a partner always for their own
    organisation); staff report on someone's behalf (`on_behalf`), heard by them or
    in a meeting. With source="survey" (and the round and question) a survey answer
    becomes a signal without any submitter: anonymous answers stay anonymous.
    A repeated POST of the same form (same `form_key` and text) returns the first signal.
    """
    chosen = source_for(actor, source, round)
    errors: dict[str, str] = {}
    check_source(actor, chosen, source, errors)
    text = normalise_body(body)
    if not text:
        errors["body"] = _("Schrijf wat er is gebeurd.")
    elif len(text) > MAX_BODY:
        errors["body"] = _(
            "Je tekst is te lang. Gebruik maximaal %(max)d tekens. Nu zijn het er %(count)d.",
            max=MAX_BODY,
            count=len(text),
        )
    if not isinstance(theme, Theme) or theme.id is None or not theme.active:
        errors["theme"] = _("Kies een thema uit de lijst.")
    district = district or None
    if district is not None and district not in DISTRICT_NAMES:
        errors["district"] = _("Kies een wijk uit de lijst.")
    org = check_organisation(actor, chosen, organisation, errors)
    detail = (source_detail or "").strip() if chosen in STAFF_SOURCES else ""
    if len(detail) > MAX_SOURCE_DETAIL:
        errors["source_detail"] = _("Gebruik maximaal %(max)d tekens.", max=MAX_SOURCE_DETAIL)
    if on_behalf is not None:
        if chosen not in STAFF_SOURCES:
            raise ValueError("only staff report on someone's behalf")
        on_behalf = check_on_behalf(on_behalf, errors)
    if round is not None and chosen != "survey":
        raise ValueError("only survey signals carry a round")
    if question is not None and (round is None or question.survey_id != round.survey_id):
        raise ValueError("the question is not in the round's survey")
    files = chosen_files(attachments)
    problems = file_problems(files)
    if problems:
        errors["attachments"] = " ".join(problems)
    if errors:
        raise IntakeError(errors)

    key = submission_key(actor, form_key, text)
    if key is not None:
        earlier = _by_submission_key(key)
        if earlier is not None:
            return earlier

    if language not in LOCALE_CODES and language not in UNKNOWN_LANGS:
        language = on_behalf.locale if on_behalf else getattr(actor, "locale", None)
        language = language if language in LOCALE_CODES else "nl"

    try:
        stored = store_files(files)
    except AttachmentError as exc:
        raise IntakeError({"attachments": str(exc)}) from None
    try:
        signal, created = _insert(
            {
                "body": text,
                "language": language,
                # Also for survey signals: the language of the quoted text, which staff
                # read anyway (not the group of members who answered in it).
                "detected_language": detect_code(text),
                "theme_id": theme.id,
                "district": district,
                "source": chosen,
                "source_detail": detail,
                "organisation_id": org.id if org else None,
                "round_id": round.id if round is not None else None,
                "question_id": question.id if question is not None else None,
                "status": "new",
                "priority": "normal",
                "due_on": reply_due(local_today(), theme.reply_days),
                "created_by_id": actor.id if actor is not None else None,
            },
            key,
        )
        if not created:  # the same form, sent twice at once: the other request won
            delete_files(stored)
            return signal
        _fill(signal, actor, chosen, org, on_behalf, may_contact, stored)
    except BaseException:
        delete_files(stored)
        raise
    delete_unless_committed(stored)
    return signal


def _fill(signal, actor, source, org, on_behalf, may_contact, stored) -> None:
    """Submitter, history, files, consent and confirmation of a freshly inserted signal.

    Staff who noticed something themselves (no `on_behalf`) are its creator, not a
    submitter: nobody is waiting for a reply. Survey signals have no submitter at all.
    """
    actor_id = actor.id if actor is not None else None
    submitter = None
    if source in ("member", "partner"):
        submitter = SignalSubmitter(
            user_id=actor.id,
            organisation_id=org.id if org else None,
            locale=actor.locale,
            channel=actor.effective_channel if actor.address else "none",
            may_contact=bool(may_contact),
        )
        if may_contact:
            consent = give_consent(actor, CONTACT_PURPOSE)
            db.session.flush()
            submitter.consent_id = consent.id
    elif source in STAFF_SOURCES and on_behalf is not None:
        submitter = SignalSubmitter(
            organisation_id=org.id if org else None,
            name=on_behalf.name,
            email=on_behalf.email,
            phone=on_behalf.phone,
            locale=on_behalf.locale,
            channel=on_behalf.channel,
            may_contact=bool(may_contact),
        )
    if submitter is not None:
        signal.submitters.append(submitter)
    signal.events.append(SignalEvent(kind="created", actor_id=actor_id, old="", new=signal.status))
    for item in stored:
        signal.attachments.append(
            SignalAttachment(
                filename=item.filename,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                storage_key=item.key,
                uploaded_by_id=actor_id,
            )
        )
    db.session.flush()
    if submitter is not None:
        send_confirmation(signal, submitter)
