"""The form admins use to add and edit council commitments."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
    ValidationError,
)

from stem.commitments.models import COMMITMENT_STATUSES
from stem.commitments.services import CODE_RE, URL_MESSAGE, normalise_code, valid_url
from stem.core.forms import DutchDateField, Length, Optional, Required, StemForm
from stem.core.i18n import LOCALE_CODES

OTHER_LOCALES = tuple(code for code in LOCALE_CODES if code != "nl")

STATUS_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("In uitvoering"),
    "fulfilled": _l("Afgedaan"),
}
STATUS_BADGES = {"open": "neutral", "in_progress": "warning", "fulfilled": "ok"}
assert set(STATUS_LABELS) == set(COMMITMENT_STATUSES)  # noqa: S101 - a typo check at import
# A version as the edit form writes it: a positive whole number, short enough for an int.
VERSION_RE = re.compile(r"[1-9][0-9]{0,8}")


class CommitmentForm(StemForm):
    code = StringField(
        _l("Nummer van de toezegging"),
        validators=[Required(_l("Vul het nummer van de toezegging in.")), Length(20)],
        filters=[normalise_code],
        description=_l("Zoals in het raadsinformatiesysteem, bijvoorbeeld 21/T37."),
    )
    title = StringField(
        _l("Titel"),
        validators=[Required(_l("Vul een titel in.")), Length(200)],
        description=_l("Kort, in de woorden van de raad. Dit is de Nederlandse titel."),
    )
    description = TextAreaField(
        _l("Omschrijving"),
        validators=[Optional(), Length(5000)],
        description=_l("Wat heeft het college aan de raad beloofd?"),
    )
    made_on = DutchDateField(
        _l("Toegezegd op"),
        validators=[Optional()],
        description=_l(
            "De dag waarop het college de toezegging deed, bijvoorbeeld in een "
            "commissievergadering. Niet de dag waarop ze is afgedaan."
        ),
    )
    due_on = DutchDateField(
        _l("Afgesproken datum"),
        validators=[Optional()],
        description=_l("Wanneer moet de toezegging zijn afgedaan?"),
    )
    department = StringField(
        _l("Verantwoordelijke afdeling"),
        validators=[Optional(), Length(120)],
        description=_l("Bijvoorbeeld: Asiel en Integratie."),
    )
    status = RadioField(
        _l("Status"),
        choices=list(STATUS_LABELS.items()),
        default="open",
        validators=[Required(_l("Kies een status."))],
        description=_l(
            "Afgedaan: de raad heeft de brief gekregen die de toezegging afdoet. Of de "
            "toezegging op schema ligt, rekenen we uit de vervolgacties uit."
        ),
    )
    progress_note = TextAreaField(
        _l("Stand van zaken"),
        validators=[Optional(), Length(5000)],
        description=_l(
            "Voor medewerkers: waar staat de uitvoering, wat houdt haar op? Niet openbaar."
        ),
    )
    council_url = StringField(
        _l("Pagina in het raadsinformatiesysteem"),
        validators=[Optional(), Length(500)],
        description=_l("Het webadres van de toezegging bij de raad, beginnend met https://."),
    )
    # No Optional(): it would skip validate_fulfilled_on, which needs a date when fulfilled.
    fulfilled_on = DutchDateField(
        _l("Afgedaan op"),
        description=_l(
            "De dag waarop de raad de brief kreeg die de toezegging afdoet. Niet de dag "
            "waarop ze is toegezegd."
        ),
    )
    fulfilled_by = StringField(
        _l("Afgedaan met"),
        validators=[Length(200)],
        description=_l("De brief aan de raad, bijvoorbeeld: Raadsbrief voortgang inburgering."),
    )

    def validate_code(self, field):
        if not CODE_RE.match(field.data or ""):
            raise ValidationError(
                _l("Vul het nummer in zoals 21/T37: het jaar, een schuine streep, T en een getal.")
            )

    def validate_due_on(self, field):
        if field.data and self.made_on.data and field.data < self.made_on.data:
            raise ValidationError(
                _l("De afgesproken datum ligt voor de datum waarop de toezegging is gedaan.")
            )

    def validate_fulfilled_on(self, field):
        if self.status.data != "fulfilled":
            return
        if not field.data:
            raise ValidationError(_l("Vul in wanneer de toezegging is afgedaan."))
        if self.made_on.data and field.data < self.made_on.data:
            raise ValidationError(_l("De toezegging kan niet zijn afgedaan voordat ze is gedaan."))

    def validate_council_url(self, field):
        if field.data and not valid_url(field.data.strip()):
            raise ValidationError(str(URL_MESSAGE))

    def validate_fulfilled_by(self, field):
        if self.status.data == "fulfilled" and not field.data:
            raise ValidationError(_l("Vul in met welke brief de toezegging is afgedaan."))


for _code in OTHER_LOCALES:
    setattr(CommitmentForm, f"title_{_code}", StringField(_l("Titel"), validators=[Optional(), Length(200)]))
    setattr(CommitmentForm, f"description_{_code}", TextAreaField(_l("Omschrijving"), validators=[Optional(), Length(5000)]))
    setattr(CommitmentForm, f"reviewed_{_code}", BooleanField(_l("Vertaling nagekeken")))


def translations(form: CommitmentForm) -> dict[str, tuple[str, str, bool]]:
    """The translations a submitted form holds: locale -> (title, description, reviewed)."""
    return {
        code: (
            form[f"title_{code}"].data or "",
            form[f"description_{code}"].data or "",
            bool(form[f"reviewed_{code}"].data),
        )
        for code in OTHER_LOCALES
    }


def fill_translations(form: CommitmentForm, commitment) -> None:
    """Put the stored translations in an unsubmitted edit form."""
    for code in OTHER_LOCALES:
        row = commitment.translation(code)
        if row is not None:
            form[f"title_{code}"].data = row.title
            form[f"description_{code}"].data = row.description
            form[f"reviewed_{code}"].data = row.reviewed


class DeleteCommitmentForm(StemForm):
    """Only the CSRF token: deleting is a deliberate POST."""


class EditCommitmentForm(CommitmentForm):
    """The edit form; `version` is the commitment's version when the form was loaded."""

    version = HiddenField()

    def loaded_version(self) -> int | None:
        """The version a submitted form was loaded with; None when missing or tampered with."""
        # raw_data, not data: when the field is left out, data falls back to the version
        # stored now, and the save would overwrite whatever changed in between.
        sent = self.version.raw_data or []
        if len(sent) == 1 and VERSION_RE.fullmatch(sent[0].strip()):
            return int(sent[0])
        return None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.loaded_version() is None:
            # A form error, not a field error: the field is hidden, so nothing to link to.
            self.form_errors.append(
                _l(
                    "Het formulier is onvolledig: we weten niet van welke versie van de "
                    "toezegging je uitging. Je wijzigingen zijn niet opgeslagen. Vergelijk "
                    "je invoer hieronder met hoe de toezegging nu is opgeslagen en sla "
                    "daarna opnieuw op."
                )
            )
            return False
        return valid
