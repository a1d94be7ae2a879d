"""Who may see which signal, attachment and contact details.

Staff and admins see every signal. A partner sees the signals of their own organisation,
a member the signals they raised. Both also see a signal that theirs was merged into
(they are its submitters then), but not the text or files other people added to it.
Everything else is invisible: routes answer 404, never 403, so nothing leaks by probing.
"""

from __future__ import annotations

import sqlalchemy as sa

from stem.accounts.models import Consent, User
from stem.core.db import db
from stem.signals.models import Signal, SignalAttachment, SignalSubmitter


def _is_staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_staff)


def visibility_clause(user) -> sa.ColumnElement[bool]:
    """A WHERE clause on Signal that keeps only the signals this user may see."""
    if user is None or not getattr(user, "is_authenticated", False):
        return sa.false()
    if user.is_staff:
        return sa.true()
    if user.role == "partner":
        if user.organisation_id is None:
            return sa.false()
        by_submitter = (
            sa.select(SignalSubmitter.id)
            .where(
                SignalSubmitter.signal_id == Signal.id,
                SignalSubmitter.organisation_id == user.organisation_id,
            )
            .exists()
        )
        return sa.or_(Signal.organisation_id == user.organisation_id, by_submitter)
    if user.role == "member":
        by_submitter = (
            sa.select(SignalSubmitter.id)
            .where(SignalSubmitter.signal_id == Signal.id, SignalSubmitter.user_id == user.id)
            .exists()
        )
        return sa.or_(Signal.created_by_id == user.id, by_submitter)
    return sa.false()


def visible_signals(user) -> sa.Select:
    """select(Signal) limited to what `user` may see; add filters and ordering to it."""
    return sa.select(Signal).where(visibility_clause(user))


def can_see(user, signal: Signal | None) -> bool:
    """Whether `user` may see this signal at all."""
    if signal is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    if user.role == "partner":
        org = user.organisation_id
        return org is not None and (
            signal.organisation_id == org
            or any(s.organisation_id == org for s in signal.submitters)
        )
    if user.role == "member":
        return signal.created_by_id == user.id or any(
            s.user_id == user.id for s in signal.submitters
        )
    return False


def is_own(user, signal: Signal) -> bool:
    """Whether the signal's text is the user's own (or their organisation's) to read.

    A signal merged into another is visible to its submitters, but the surviving
    signal's text and files may come from someone else: those stay with staff.
    """
    if _is_staff(user):
        return True
    if user.role == "partner":
        return user.organisation_id is not None and signal.organisation_id == user.organisation_id
    return user.role == "member" and signal.created_by_id == user.id


def can_download(user, attachment: SignalAttachment | None) -> bool:
    """Whether `user` may download this attachment: staff, or whoever may see its uploader's."""
    if attachment is None or not can_see(user, attachment.signal):
        return False
    if user.is_staff:
        return True
    if attachment.uploaded_by_id is None:
        return False
    if attachment.uploaded_by_id == user.id:
        return True
    if user.role == "partner" and user.organisation_id is not None:
        uploader = db.session.get(User, attachment.uploaded_by_id)
        return uploader is not None and uploader.organisation_id == user.organisation_id
    return False


def visible_attachments(user, signal: Signal) -> list[SignalAttachment]:
    """The signal's attachments this user may download."""
    return [a for a in signal.attachments if can_download(user, a)]


def can_see_contact(user, submitter: SignalSubmitter) -> bool:
    """Whether `user` may see this submitter's name and contact details.

    A person sees their own. Staff see those of partners' employees (their work contact)
    and of anyone else only with consent for this signal, while the consent stands.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if submitter.anonymised_at is not None:
        return False
    if submitter.user_id is not None and submitter.user_id == user.id:
        return True
    if not user.is_staff:
        return False
    account = submitter.user
    if account is not None and account.role != "member":
        return True
    if not submitter.may_contact:
        return False
    if submitter.consent_id is not None:  # a withdrawn consent ends it
        consent = db.session.get(Consent, submitter.consent_id)
        return consent is not None and consent.active
    return True
