"""Form base class and validators whose messages are translated in all eight languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import validators


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class StemForm(FlaskForm):
    """Strips surrounding whitespace from every text field before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []) or [])
            if unbound_field.field_class.__name__ not in ("FileField", "MultipleFileField"):
                filters.insert(0, _strip)
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
