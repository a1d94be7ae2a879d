"""Account operations: invitations, roles, profiles, consent, export and deletion.

Services take domain objects and the acting user; they flush but never commit.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from stem.accounts.models import Consent, MemberProfile, Organisation, User, UserSession
from stem.accounts.signin import send_setup_link
from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.notify.models import OutboxMessage
from stem.notify.outbox import queue_for_user
from stem.signals.models import SignalSubmitter

# Bump when the text a member agrees to changes; the consent record keeps the version.
CONSENT_VERSIONS = {
    "membership": "2026-11",
    "signal_contact": "2026-11",
    "survey_named": "2026-11",  # answering a named round: staff see who said what
    "survey_contact": "2026-11",  # "De Stem may contact me about this answer"
}


class AccountError(ValueError):
    """An operation that cannot be done; the message is shown to the user."""


def address_taken(email: str | None, phone: str | None, exclude: User | None = None) -> bool:
    """True when another account already uses this e-mail address or phone number."""
    conditions = []
    if email:
        conditions.append(User.email == email)
    if phone:
        conditions.append(User.phone == phone)
    if not conditions:
        return False
    query = sa.select(User.id).where(sa.or_(*conditions))
    if exclude is not None:
        query = query.where(User.id != exclude.id)
    return db.session.scalar(query.limit(1)) is not None


def create_user(
    *,
    role: str,
    email: str | None = None,
    phone: str | None = None,
    display_name: str = "",
    locale: str = "nl",
    channel: str = "email",
    organisation: Organisation | None = None,
    password_hash: str | None = None,
) -> User:
    """A new account; members get a profile. Does not send anything."""
    if role == "partner" and organisation is None:
        raise AccountError(_("Een partneraccount hoort bij een organisatie. Kies een organisatie."))
    if role in ("staff", "admin") and not email:
        raise AccountError(
            _(
                "Een account voor een medewerker heeft een e-mailadres nodig. Vul een e-mailadres in."
            )
        )
    if channel == "sms" and not phone:
        channel = "email"
    user = User(
        role=role,
        email=email,
        phone=phone,
        display_name=display_name,
        locale=locale,
        channel=channel,
        organisation=organisation if role == "partner" else None,
        password_hash=password_hash,
    )
    if role == "member":
        user.profile = MemberProfile(joined_on=date.today())
    db.session.add(user)
    db.session.flush()
    return user


def invite_user(actor: User, **fields) -> User:
    """Create an account and send the invitation through the outbox."""
    user = create_user(**fields)
    if user.is_staff:
        send_setup_link(user)
    else:
        link = current_app.config["BASE_URL"] + url_for("accounts.sign_in")
        with force_locale(user.locale):
            subject = _("Welkom bij De Stem")
            body = render_template(
                "accounts/messages/invitation.txt", user=user, link=link, address=user.address
            )
        queue_for_user(user, kind="invitation", subject=subject, body=body)
    audit("user.invite", user, actor=actor, role=user.role)
    return user


def change_role(actor: User, user: User, role: str, organisation: Organisation | None) -> None:
    """Give a user another role; their sessions end so the new rights apply at once."""
    if user.id == actor.id and role != user.role:
        raise AccountError(_("Je kunt je eigen rol niet wijzigen."))
    if role == "partner" and organisation is None:
        raise AccountError(_("Een partneraccount hoort bij een organisatie. Kies een organisatie."))
    if role in ("staff", "admin") and not user.email:
        raise AccountError(
            _(
                "Een account voor een medewerker heeft een e-mailadres nodig. Vul een e-mailadres in."
            )
        )
    old_role, old_org = user.role, user.organisation_id
    user.role = role
    user.organisation = organisation if role == "partner" else None
    if role == "member" and user.profile is None:
        user.profile = MemberProfile(joined_on=date.today())
    if (old_role, old_org) != (user.role, user.organisation_id):
        user.end_all_sessions()
        audit("user.role_change", user, actor=actor, old=old_role, new=role)


def set_active(actor: User, user: User, active: bool) -> None:
    """Disable (ends every session at once) or enable an account."""
    if user.id == actor.id and not active:
        raise AccountError(_("Je kunt je eigen account niet uitschakelen."))
    if active == user.active:
        return
    if active:
        user.enable()
    else:
        user.disable()
        if user.profile is not None and user.profile.left_on is None:
            user.profile.left_on = date.today()
    audit("user.enable" if active else "user.disable", user, actor=actor)


def sign_out_everywhere(user: User) -> None:
    """End every session of this user, on every device."""
    user.end_all_sessions()
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))
    audit("user.sign_out_everywhere", user, actor=user)


def devices(user: User) -> list[UserSession]:
    """The user's signed-in devices, most recently used first."""
    return list(
        db.session.scalars(
            sa.select(UserSession)
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def end_device_session(user: User, session_id: int) -> bool:
    """Sign out one of the user's own devices; False if there is no such session of theirs."""
    result = db.session.execute(
        sa.delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    )
    if result.rowcount:
        audit("user.device_signed_out", user, actor=user)
    return bool(result.rowcount)


def active_consent(user: User, purpose: str = "membership") -> Consent | None:
    """The consent in force for a purpose, if any."""
    for consent in reversed(user.consents):
        if consent.purpose == purpose and consent.active:
            return consent
    return None


def give_consent(user: User, purpose: str = "membership") -> Consent:
    """Record consent to the current version of the text, in the language it was read in."""
    existing = active_consent(user, purpose)
    version = CONSENT_VERSIONS[purpose]
    if existing is not None and existing.text_version == version:
        return existing
    if existing is not None:
        existing.withdrawn_at = utcnow()
    consent = Consent(user=user, purpose=purpose, text_version=version, locale=user.locale)
    db.session.add(consent)
    audit("consent.give", user, actor=user, purpose=purpose, version=version)
    return consent


def withdraw_consent(user: User, purpose: str = "membership") -> None:
    """Withdraw consent; the record of having given it stays."""
    consent = active_consent(user, purpose)
    if consent is not None:
        consent.withdrawn_at = utcnow()
        audit("consent.withdraw", user, actor=user, purpose=purpose)


def export_data(user: User) -> dict:
    """Everything Stem keeps about a user, as a JSON-ready dict (audit-logged)."""
    from stem.accounts.my_data import collect

    return collect(user)


def delete_account(user: User, actor: User | None = None) -> None:
    """Delete a user and what is theirs; unsent messages to them are dropped."""
    db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.user_id == user.id, OutboxMessage.status == "pending"
        )
    )
    audit(
        "user.delete",
        None,
        actor=actor if actor and actor.id != user.id else None,
        user_id=user.id,
        role=user.role,
    )
    # Their signals stay (staff still need them); the pages must say that nobody is left
    # to answer, not that the signal was reported on someone's behalf.
    db.session.execute(
        sa.update(SignalSubmitter)
        .where(SignalSubmitter.user_id == user.id)
        .values(account_deleted_at=utcnow(), channel="none")
    )
    db.session.delete(user)
    db.session.flush()


def update_profile(user: User, **fields) -> None:
    """Change a user's own contact details, language and channel."""
    for name in ("display_name", "email", "phone", "locale", "channel"):
        if name in fields:
            setattr(user, name, fields[name])
    # Messages go where an address is confirmed: sms waits for a confirmed phone number.
    if user.channel == "sms" and not user.phone:
        user.channel = "email"
    elif user.channel == "email" and not user.email:
        user.channel = "sms"
