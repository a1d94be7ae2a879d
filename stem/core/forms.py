"""Form base class and validators whose messages are translated in all eight languages."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, validators

# C0 control characters other than tab, newline and carriage return (pasted from Word, or
# sent on purpose): PostgreSQL refuses NUL in text, SQLite keeps it and then stops searching
# at it, and XLSX cannot hold any of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Text without surrounding whitespace and without control characters."""
    return CONTROL_CHARACTERS.sub("", value).strip() if isinstance(value, str) else value


def ascii_digits(value):
    """Digits as typed on any keyboard (Arabic-Indic, Persian, …) as 0-9; spaces removed.

    Arabic and Dari phone keyboards type ٠١٢ or ۰۱۲ by default; a code must not fail on that.
    """
    if not isinstance(value, str):
        return value
    out = []
    for char in value:
        if char.isspace():
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


class StemForm(FlaskForm):
    """Strips surrounding whitespace from every text field before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []) or [])
            if unbound_field.field_class.__name__ not in ("FileField", "MultipleFileField"):
                filters.insert(0, clean_text)
            options["filters"] = filters
            return unbound_field.bind(form=form, **options)


def Required(message=None):  # noqa: N802 - reads like the WTForms validator it wraps
    """The field must be filled in; the message says what to do."""
    return validators.InputRequired(message=message or _l("Vul dit veld in."))


def Length(max: int, min: int = 0, message=None):  # noqa: A002, N802
    """The text must not be longer than `max` characters."""
    return validators.Length(
        min=min, max=max, message=message or _l("Gebruik maximaal %(max)d tekens.", max=max)
    )


def Email(message=None):  # noqa: N802
    """A plausible e-mail address."""
    return validators.Email(
        message=message or _l("Vul een e-mailadres in, zoals name@example.nl."),
        check_deliverability=False,
    )


def Optional():  # noqa: N802
    """Empty is fine; skip the other checks."""
    return validators.Optional()


class DutchDateField(DateField):
    """A date typed as 2026-12-31 (what a date picker sends) or 31-12-2026; clear errors."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d-%m-%Y"], **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        for fmt in self.format:
            try:
                self.data = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if self.data.year >= 1900:
                return
        self.data = None
        raise ValueError(_l("Vul een datum in, zoals 31-12-2026."))
