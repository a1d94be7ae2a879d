"""Forms for the staff pages of monthly rounds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, ValidationError

from stem.core.forms import StemForm

AUTOMATIC = 0


def _number(value) -> int:
    """A tampered, non-numeric value becomes -1, which no choice has (a form error, no crash)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class PlanForm(StemForm):
    """Which survey the round of one month uses (0: the newest version of the last one)."""

    survey = SelectField(_l("Vragenlijst"), coerce=_number, validate_choice=False)

    def validate_survey(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een vragenlijst uit de lijst."))


class OpenRoundForm(StemForm):
    """Confirm opening the round of a month."""

    period = HiddenField()


class RoundActionForm(StemForm):
    """Confirm a reminder or closing: nothing but the CSRF token."""
