"""E-mail addresses and phone numbers as people type them, made canonical."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email


class AddressError(ValueError):
    """The text is neither a valid e-mail address nor a valid phone number."""


def normalise_email(value: str) -> str:
    """Lower-cased, validated e-mail address (no DNS look-up)."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AddressError(str(exc)) from exc
    return result.normalized.lower()


def normalise_phone(value: str, region: str = "NL") -> str:
    """A phone number in E.164 (+31612345678); Dutch numbers may be typed without +31."""
    try:
        number = phonenumbers.parse(value.strip(), region)
    except phonenumbers.NumberParseException as exc:
        raise AddressError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise AddressError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_address(value: str) -> tuple[str, str]:
    """('email', address) or ('sms', E.164 number) for what someone typed to sign in."""
    value = (value or "").strip()
    if "@" in value:
        return "email", normalise_email(value)
    return "sms", normalise_phone(value)
