"""Checks on a new signal before it is stored: its source, organisation, and for whom staff report.

Each check adds a message per wrong field to `errors`; create_signal raises them together.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from stem.accounts.addresses import AddressError, normalise_email, normalise_phone
from stem.accounts.models import Organisation, User
from stem.core.i18n import LOCALE_CODES

MAX_NAME = 120
STAFF_SOURCES = ("staff", "meeting")
SUBMITTER_CHANNELS = ("email", "sms", "none")


@dataclass(frozen=True)
class OnBehalf:
    """The person staff report for: heard by phone, at a desk or in a meeting."""

    name: str = ""
    email: str | None = None
    phone: str | None = None
    locale: str = "nl"
    channel: str = "none"  # how the confirmation and the reply reach them: email, sms, none


def source_for(actor: User | None, source: str | None, round_) -> str:
    """Where the signal came from: a survey, what staff chose, or the member's or partner's role."""
    if source == "survey":
        if round_ is None:
            raise ValueError("a signal from a survey needs its round")
        if actor is not None and not actor.is_staff:
            raise ValueError("only staff turn survey answers into signals")
        return "survey"
    if actor is None:
        raise ValueError("a signal needs a submitter unless it comes from a survey")
    if actor.is_staff:
        return source or "staff"
    return actor.role  # member or partner: the form never chooses


def check_source(actor, source: str, requested: str | None, errors: dict) -> None:
    """Whether this actor may give this source (members and partners never choose one)."""
    if actor is None:
        return
    allowed = STAFF_SOURCES + ("survey",) if actor.is_staff else (source,)
    if source not in allowed or requested not in (None, *allowed):
        errors["source"] = _("Kies hoe je dit signaal hebt gehoord.")


def check_organisation(actor, source: str, organisation, errors: dict):
    """The organisation the signal is for; a partner's is always their own."""
    if source == "partner":
        own = actor.organisation
        if own is None or (organisation is not None and organisation.id != own.id):
            errors["organisation"] = _(
                "Je kunt alleen een signaal doorgeven voor je eigen organisatie."
            )
        return own
    if organisation is None:
        return None
    if source in STAFF_SOURCES and isinstance(organisation, Organisation) and organisation.active:
        return organisation
    errors["organisation"] = _("Kies een organisatie uit de lijst.")
    return None


def check_on_behalf(person: OnBehalf, errors: dict) -> OnBehalf:
    """The person staff report for, with their addresses in the form they are stored."""
    name = (person.name or "").strip()
    email = (person.email or "").strip() or None
    phone = (person.phone or "").strip() or None
    if len(name) > MAX_NAME:
        errors["on_behalf_name"] = _("Gebruik maximaal %(max)d tekens.", max=MAX_NAME)
    if email:
        try:
            email = normalise_email(email)
        except AddressError:
            errors["on_behalf_email"] = _("Vul een e-mailadres in, zoals name@example.nl.")
    if phone:
        try:
            phone = normalise_phone(phone)
        except AddressError:
            errors["on_behalf_phone"] = _(
                "Vul een mobiel nummer in, zoals 06 12345678 of +31 6 12345678."
            )
    if person.locale not in LOCALE_CODES:
        errors["on_behalf_locale"] = _("Kies een taal.")
    if person.channel not in SUBMITTER_CHANNELS:
        errors["on_behalf_channel"] = _("Kies hoe de persoon berichten wil krijgen.")
    elif person.channel == "email" and not email and "on_behalf_email" not in errors:
        errors["on_behalf_channel"] = _(
            "Vul een e-mailadres in om berichten per e-mail te sturen, of kies een andere manier."
        )
    elif person.channel == "sms" and not phone and "on_behalf_phone" not in errors:
        errors["on_behalf_channel"] = _(
            "Vul een mobiel nummer in om berichten per sms te sturen, of kies een andere manier."
        )
    return OnBehalf(
        name=name, email=email, phone=phone, locale=person.locale, channel=person.channel
    )
