"""Forms for actions, their links and progress updates. An edit carries the action's version."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)

from stem.actions.wording import MODE_LABELS, STATUS_LABELS
from stem.core.forms import DutchDateField, Length, Optional, Required, StemForm, ascii_digits
from stem.core.i18n import LOCALE_CODES

OTHER_LOCALES = tuple(code for code in LOCALE_CODES if code != "nl")
VERSION_RE = re.compile(r"[1-9][0-9]{0,8}")


class WholeNumberField(IntegerField):
    """A whole number typed in any digits (٣٠ is 30), with a message that says what to do."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        text = ascii_digits(str(valuelist[0]))
        if not re.fullmatch(r"-?[0-9]{1,9}", text):
            self.data = None
            raise ValueError(self.message)
        self.data = int(text)


def _range(low: int, high: int, message):
    def check(form, field):
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message)

    return check


PROGRESS_MESSAGE = _l("Vul een voortgang in van 0 tot en met 100 procent.")
WEIGHT_MESSAGE = _l("Vul een gewicht in van 1 tot en met 100.")


class ActionForm(StemForm):
    """The fields of an action; the texts in the seven other languages are added below."""

    title_nl = StringField(
        _l("Titel (Nederlands)"), validators=[Required(_l("Vul een titel in het Nederlands in.")), Length(200)]
    )
    description_nl = TextAreaField(
        _l("Omschrijving (Nederlands)"), validators=[Optional(), Length(5000)]
    )
    responsible = SelectField(
        _l("Verantwoordelijke medewerker"),
        coerce=int,
        validators=[Required(_l("Kies een medewerker die verantwoordelijk is."))],
    )
    owner_organisation = SelectField(
        _l("Eigenaar"),
        coerce=int,
        description=_l("Een afdeling van de gemeente of een partnerorganisatie."),
    )
    owner_department = StringField(
        _l("Afdeling"),
        validators=[Optional(), Length(120)],
        description=_l("Alleen als een afdeling eigenaar is. Bijvoorbeeld: Asiel en Integratie."),
    )
    status = RadioField(
        _l("Status"),
        choices=list(STATUS_LABELS.items()),
        default="planned",
        validators=[Required(_l("Kies een status."))],
    )
    stopped_reason = TextAreaField(
        _l("Waarom is de vervolgactie gestopt?"),
        validators=[Optional(), Length(2000)],
        description=_l("Verplicht als de status Gestopt is. Iedereen die de actie ziet, leest dit."),
    )
    starts_on = DutchDateField(_l("Startdatum"), validators=[Optional()])
    due_on = DutchDateField(_l("Einddatum"), validators=[Optional()])
    progress_mode = RadioField(
        _l("Voortgang"),
        choices=list(MODE_LABELS.items()),
        default="manual",
        validators=[Required(_l("Kies hoe de voortgang wordt bepaald."))],
    )
    progress = WholeNumberField(
        _l("Voortgang in procent"),
        validators=[Optional(), _range(0, 100, PROGRESS_MESSAGE)],
        message=PROGRESS_MESSAGE,
        description=_l(
            "Van 0 tot en met 100. Leeg laten: de status bepaalt het (gepland 0, klaar 100)."
        ),
    )
    parent = SelectField(_l("Onderdeel van"), coerce=int, validators=[Optional()])
    weight = WholeNumberField(
        _l("Gewicht in de voortgang van de hoofdactie"),
        default=1,
        validators=[Required(WEIGHT_MESSAGE), _range(1, 100, WEIGHT_MESSAGE)],
        message=WEIGHT_MESSAGE,
        description=_l("Van 1 tot en met 100. Een deelactie met gewicht 2 telt dubbel."),
    )
    public = BooleanField(_l("Openbaar: mag later op de openbare pagina's staan"))

    def validate_due_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(
                _l("De einddatum ligt voor de startdatum. Kies een latere einddatum.")
            )

    def validate_stopped_reason(self, field):
        if self.status.data == "stopped" and not field.data:
            raise ValidationError(_l("Schrijf op waarom de vervolgactie is gestopt."))

    def validate_owner_department(self, field):
        if not self.owner_organisation.data and not field.data:
            raise ValidationError(
                _l("Vul de afdeling in, of kies een partnerorganisatie als eigenaar.")
            )


for _code in OTHER_LOCALES:
    setattr(ActionForm, f"title_{_code}", StringField(_l("Titel"), validators=[Optional(), Length(200)]))
    setattr(ActionForm, f"description_{_code}", TextAreaField(_l("Omschrijving"), validators=[Optional(), Length(5000)]))
    setattr(ActionForm, f"reviewed_{_code}", BooleanField(_l("Vertaling nagekeken")))


class EditActionForm(ActionForm):
    """The edit form; `version` is the action's version when the form was loaded."""

    version = HiddenField()

    def loaded_version(self) -> int | None:
        """The version the form was loaded with; None when missing or tampered with."""
        sent = self.version.raw_data or []
        if len(sent) == 1 and VERSION_RE.fullmatch(sent[0].strip()):
            return int(sent[0])
        return None


class UpdateForm(StemForm):
    happened_on = DutchDateField(
        _l("Datum"), validators=[Required(_l("Vul de datum in, zoals 31-12-2026."))]
    )
    happened_nl = TextAreaField(
        _l("Wat is er gebeurd? (Nederlands)"),
        validators=[Required(_l("Schrijf in het Nederlands wat er is gebeurd.")), Length(3000)],
    )
    next_steps_nl = TextAreaField(
        _l("Wat is de volgende stap? (Nederlands)"), validators=[Optional(), Length(3000)]
    )
    next_on = DutchDateField(_l("Wanneer is de volgende stap?"), validators=[Optional()])
    public = BooleanField(_l("Openbaar: mag later op de openbare pagina's staan"))

    def validate_next_on(self, field):
        if field.data and self.happened_on.data and field.data < self.happened_on.data:
            raise ValidationError(
                _l("De datum van de volgende stap ligt voor de datum van deze melding.")
            )


for _code in OTHER_LOCALES:
    setattr(UpdateForm, f"happened_{_code}", TextAreaField(_l("Wat is er gebeurd?"), validators=[Optional(), Length(3000)]))
    setattr(UpdateForm, f"next_steps_{_code}", TextAreaField(_l("Wat is de volgende stap?"), validators=[Optional(), Length(3000)]))
    setattr(UpdateForm, f"reviewed_{_code}", BooleanField(_l("Vertaling nagekeken")))


class LinkForm(StemForm):
    """Link a signal (by number), a commitment or a round (and one of its questions)."""

    reference = StringField(
        _l("Signaal"),
        validators=[Optional(), Length(20)],
        description=_l("Het nummer van het signaal, zoals S-2026-00042."),
    )
    commitment = SelectField(_l("Toezegging"), coerce=int, validators=[Optional()])
    round = SelectField(_l("Ronde"), coerce=int, validators=[Optional()])
    question = SelectField(_l("Vraag uit de ronde (mag leeg)"), coerce=int, validators=[Optional()])


class UnlinkForm(StemForm):
    kind = HiddenField()
    target = HiddenField()


class ApproveForm(StemForm):
    """A button: approve a partner's update."""
