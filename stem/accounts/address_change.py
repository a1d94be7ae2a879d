"""Changing one's own e-mail address or phone number: proven with a code sent to the new
address, and told to the old one.

Without this, anyone holding an open session (a shared phone, say) could point the
account at their own address and receive every future sign-in link.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from stem.accounts import tokens
from stem.accounts.models import AddressChange, User
from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.forms import ascii_digits
from stem.notify.outbox import queue_message

CODE_MINUTES = 30
CODE_ATTEMPTS = 5


def mask(channel: str, address: str) -> str:
    """Enough of an address to recognise it, not enough to learn it: a•••@example.nl, •••78."""
    if channel == "email":
        name, _at, domain = address.partition("@")
        return f"{name[:1]}•••@{domain}"
    return f"•••{address[-2:]}"


def pending_changes(user: User) -> list[AddressChange]:
    """The user's changes still waiting for their code, e-mail first."""
    return list(db.session.scalars(
        sa.select(AddressChange)
        .where(AddressChange.user_id == user.id, AddressChange.expires_at > utcnow())
        .order_by(AddressChange.channel, AddressChange.id)
    ))


def _send(user: User, channel: str, recipient: str, template: str, kind: str,
          sensitive: bool = False, **values) -> None:
    with force_locale(user.locale):
        subject = _("Je gegevens bij De Stem")
        body = render_template(f"accounts/messages/{template}_{channel}.txt", **values)
    queue_message(channel=channel, recipient=recipient, kind=kind, subject=subject, body=body,
                  locale=user.locale, user=user, sensitive=sensitive)


def _tell_old_address(user: User, channel: str, template: str, new_address: str | None) -> None:
    """Tell the address that is being replaced, or else the other one the person has."""
    old = user.email if channel == "email" else user.phone
    if old:
        target_channel, target = channel, old
    else:
        target_channel, target = user.effective_channel, user.address
    if not target:
        return
    masked = mask(channel, new_address) if new_address else None
    _send(user, target_channel, target, template, "address_notice", new=masked)


def request_change(user: User, channel: str, new_address: str | None) -> AddressChange | None:
    """Start changing one address; a removal needs no code. Returns the pending change."""
    current = user.email if channel == "email" else user.phone
    if new_address == current:
        return None
    db.session.execute(sa.delete(AddressChange).where(
        AddressChange.user_id == user.id, AddressChange.channel == channel))
    if new_address is None:
        other = user.phone if channel == "email" else user.email
        if not other:
            return None  # never leave an account unreachable: the other must be confirmed first
        _tell_old_address(user, channel, "address_removed", None)
        if channel == "email":
            user.email = None
        else:
            user.phone = None
        audit("user.address_removed", user, channel=channel)
        return None
    code = tokens.new_code()
    change = AddressChange(
        user_id=user.id, channel=channel, new_address=new_address,
        code_hash=tokens.keyed_hash("address", str(user.id), new_address, code),
        expires_at=utcnow() + timedelta(minutes=CODE_MINUTES),
    )
    db.session.add(change)
    _send(user, channel, new_address, "address_code", "address_code", sensitive=True,
          code=code, minutes=CODE_MINUTES)
    _tell_old_address(user, channel, "address_requested", new_address)
    audit("user.address_change_requested", user, channel=channel)
    return change


def confirm_change(user: User, change_id: int, code: str) -> str:
    """Check the code for a pending change: 'ok', 'wrong', 'taken' or 'gone'.

    Attempts are counted in the database, so simultaneous guesses all count.
    """
    code = ascii_digits(code or "")
    attempts = db.session.execute(
        sa.update(AddressChange)
        .where(AddressChange.id == change_id, AddressChange.user_id == user.id,
               AddressChange.expires_at > utcnow())
        .values(attempts=AddressChange.attempts + 1)
        .returning(AddressChange.attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    change = db.session.get(AddressChange, change_id) if attempts is not None else None
    if change is None or attempts > CODE_ATTEMPTS:
        if change is not None:
            db.session.delete(change)
        return "gone"
    expected = tokens.keyed_hash("address", str(user.id), change.new_address, code)
    if not tokens.same(change.code_hash, expected):
        audit("user.address_change_confirmed", user, result="failed", channel=change.channel)
        return "wrong"
    column = User.email if change.channel == "email" else User.phone
    taken = db.session.scalar(
        sa.select(User.id).where(column == change.new_address, User.id != user.id)
    )
    db.session.delete(change)
    if taken:
        return "taken"
    _tell_old_address(user, change.channel, "address_changed", change.new_address)
    if change.channel == "email":
        user.email = change.new_address
    else:
        user.phone = change.new_address
        if not user.email:
            user.channel = "sms"
    audit("user.address_changed", user, channel=change.channel)
    return "ok"
