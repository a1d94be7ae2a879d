"""Everything Stem holds about one person: for "download my data" and the page beside it.

`SOURCES` names, for every column in the database that points at a user, the section of
the export that shows it (a test fails when a table gets such a column without a section).
Anonymous answers are not in it: nothing links them to the person, by design.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from stem.accounts.models import AddressChange, LoginToken, RecoveryCode, User, UserSession
from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.models import AuditEvent
from stem.notify.models import OutboxMessage

# (table, column) → the section that holds what that column points at.
SOURCES = {
    ("member_profiles", "user_id"): "membership",
    ("consents", "user_id"): "consents",
    ("user_sessions", "user_id"): "devices",
    ("login_tokens", "user_id"): "sign_ins",
    ("recovery_codes", "user_id"): "sign_ins",
    ("address_changes", "user_id"): "address_changes",
    ("outbox_messages", "user_id"): "messages",
    ("audit_events", "actor_id"): "activity",
    ("signal_submitters", "user_id"): "signals",
    ("signals", "created_by_id"): "signals",
    ("signal_attachments", "uploaded_by_id"): "signals",
    ("invitations", "user_id"): "rounds",
    ("responses", "user_id"): "rounds",
    ("contact_requests", "user_id"): "rounds",
    ("surveys", "created_by_id"): "work",
    ("question_audio", "uploaded_by_id"): "work",
    ("signals", "assignee_id"): "work",
    ("signal_commitments", "linked_by_id"): "work",
    ("signal_events", "actor_id"): "work",
    ("signal_replies", "author_id"): "work",
    ("round_summary_versions", "replaced_by_id"): "work",
    ("commitment_events", "actor_id"): "work",
    ("actions", "responsible_id"): "work",
    ("actions", "created_by_id"): "work",
    ("action_signals", "linked_by_id"): "work",
    ("action_commitments", "linked_by_id"): "work",
    ("action_rounds", "linked_by_id"): "work",
    ("action_events", "actor_id"): "work",
    ("action_updates", "author_id"): "work",
    ("action_updates", "approved_by_id"): "work",
    ("translation_requests", "requested_by_id"): "work",
    ("translation_requests", "translator_id"): "work",
    ("translation_requests", "reviewer_id"): "work",
    ("translator_languages", "user_id"): "work",
}


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _rows(query) -> list[dict]:
    return [{key: _iso(value) for key, value in row._mapping.items()}
            for row in db.session.execute(query)]


def collect(user: User) -> dict:
    """The whole export, as plain JSON-ready data (recorded in the audit log)."""
    audit("user.export", user, actor=user)
    return gather(user)


def gather(user: User) -> dict:
    """The whole export, for the JSON file and the readable page beside it."""
    return {
        "account": {
            "role": user.role, "display_name": user.display_name, "email": user.email,
            "phone": user.phone, "language": user.locale, "channel": user.channel,
            "organisation": user.organisation.name if user.organisation else None,
            "created_at": _iso(user.created_at), "last_sign_in_at": _iso(user.last_sign_in_at),
        },
        "membership": {"joined_on": _iso(user.profile.joined_on),
                       "left_on": _iso(user.profile.left_on)} if user.profile else None,
        "consents": [
            {"purpose": c.purpose, "text_version": c.text_version, "language": c.locale,
             "given_at": _iso(c.given_at), "withdrawn_at": _iso(c.withdrawn_at)}
            for c in user.consents
        ],
        "devices": _rows(sa.select(UserSession.device, UserSession.created_at,
                                   UserSession.last_seen_at).where(UserSession.user_id == user.id)),
        "sign_ins": {
            "links_and_codes": _rows(
                sa.select(LoginToken.purpose, LoginToken.created_at, LoginToken.used_at,
                          LoginToken.expires_at).where(LoginToken.user_id == user.id)
                .order_by(LoginToken.id)),
            "unused_recovery_codes": db.session.scalar(
                sa.select(sa.func.count()).select_from(RecoveryCode)
                .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))),
        },
        "address_changes": _rows(
            sa.select(AddressChange.channel, AddressChange.new_address, AddressChange.created_at)
            .where(AddressChange.user_id == user.id)),
        "messages": _rows(
            sa.select(OutboxMessage.kind, OutboxMessage.channel, OutboxMessage.recipient,
                      OutboxMessage.subject, OutboxMessage.status, OutboxMessage.created_at,
                      OutboxMessage.sent_at)
            .where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)),
        "activity": _rows(
            sa.select(AuditEvent.action, AuditEvent.at, AuditEvent.result)
            .where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)),
        "signals": _signals(user),
        "rounds": _rounds(user),
        "work": _work(user),
        "seen_by_others": _seen_by_others(user),
        "exported_at": _iso(utcnow()),
    }


def _signals(user: User) -> list[dict]:
    from stem.signals.models import Signal, SignalSubmitter

    mine = sa.or_(
        Signal.id.in_(sa.select(SignalSubmitter.signal_id).where(SignalSubmitter.user_id == user.id)),
        Signal.created_by_id == user.id,
    )
    result = []
    for signal in db.session.scalars(sa.select(Signal).where(mine).order_by(Signal.id)):
        result.append({
            "reference": signal.reference, "sent_at": _iso(signal.created_at),
            "status": signal.status, "text": signal.body, "language": signal.language,
            "reported_by_you": signal.created_by_id == user.id,
            "files": [a.filename for a in signal.attachments],
            "replies": [
                {"sent_at": _iso(reply.sent_at or reply.created_at),
                 "text": reply.text_for(user.locale)[1]}
                for reply in signal.replies
            ],
        })
    return result


def _rounds(user: User) -> dict:
    from stem.surveys.models import ContactRequest, Invitation, Response, Round

    return {
        "invitations": _rows(
            sa.select(Round.period, Invitation.created_at.label("invited_at"),
                      Invitation.reminders_sent, Invitation.responded.label("took_part"))
            .join(Round, Round.id == Invitation.round_id)
            .where(Invitation.user_id == user.id).order_by(Round.period)),
        # Only named rounds' answers carry a name; anonymous answers link to nobody.
        "named_responses": _rows(
            sa.select(Round.period, Response.status, Response.started_on, Response.submitted_on)
            .join(Round, Round.id == Response.round_id).where(Response.user_id == user.id)),
        "contact_requests": _rows(
            sa.select(Round.period, ContactRequest.question_id, ContactRequest.note,
                      ContactRequest.created_on, ContactRequest.handled_at)
            .join(Round, Round.id == ContactRequest.round_id)
            .where(ContactRequest.user_id == user.id)),
    }


def _work(user: User) -> dict:
    """What staff did in Stem under their name: counts, not the content of others' signals."""
    from stem.actions.models import Action, ActionEvent, ActionUpdate
    from stem.commitments.models import CommitmentEvent
    from stem.signals.models import Signal, SignalEvent, SignalReply, signal_commitments
    from stem.surveys.models import QuestionAudio, RoundSummaryVersion, Survey
    from stem.translation.models import TranslationRequest, TranslatorLanguage

    def count(model_or_table, column) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model_or_table)
                                 .where(column == user.id))

    return {
        "surveys_made": count(Survey, Survey.created_by_id),
        "audio_uploaded": count(QuestionAudio, QuestionAudio.uploaded_by_id),
        "signals_assigned": count(Signal, Signal.assignee_id),
        "commitment_links_made": count(signal_commitments, signal_commitments.c.linked_by_id),
        "signal_changes_made": count(SignalEvent, SignalEvent.actor_id),
        "replies_written": count(SignalReply, SignalReply.author_id),
        "summary_texts_replaced": count(RoundSummaryVersion, RoundSummaryVersion.replaced_by_id),
        "commitment_changes_made": count(CommitmentEvent, CommitmentEvent.actor_id),
        "actions_responsible_for": count(Action, Action.responsible_id),
        "action_changes_made": count(ActionEvent, ActionEvent.actor_id),
        "progress_updates_written": count(ActionUpdate, ActionUpdate.author_id),
        "progress_updates_approved": count(ActionUpdate, ActionUpdate.approved_by_id),
        "translations_requested": count(TranslationRequest, TranslationRequest.requested_by_id),
        "translations_written": count(TranslationRequest, TranslationRequest.translator_id),
        "translations_reviewed": count(TranslationRequest, TranslationRequest.reviewer_id),
        "translation_languages": count(TranslatorLanguage, TranslatorLanguage.user_id),
    }


def _seen_by_others(user: User) -> list[dict]:
    """When someone else (staff, an admin) looked at or changed this person's data, as the
    audit log holds it: what, when, and the role of who did it (never their name)."""
    from stem.signals.models import SignalSubmitter

    others = sa.or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != user.id)
    account = sa.and_(AuditEvent.object_type == "User", AuditEvent.object_id == str(user.id))
    submitted = {
        str(signal_id): submitter_id
        for submitter_id, signal_id in db.session.execute(
            sa.select(SignalSubmitter.id, SignalSubmitter.signal_id)
            .where(SignalSubmitter.user_id == user.id))
    }
    contact = sa.and_(AuditEvent.action == "signal.contact_view",
                      AuditEvent.object_id.in_(list(submitted)))
    result = []
    for event, role in db.session.execute(
        sa.select(AuditEvent, User.role)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(others, sa.or_(account, contact))
        .order_by(AuditEvent.id)
    ):
        if event.action == "signal.contact_view" and submitted[event.object_id] not in (
            event.details or {}
        ).get("submitters", []):
            continue  # another submitter's details were shown, not this person's
        result.append({"action": event.action, "at": _iso(event.at),
                       "by_role": role})
    return result
