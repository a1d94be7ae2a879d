"""The form for reporting a signal; staff get extra fields for whom they report for."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    ValidationError,
)

from stem.accounts.forms import LANGUAGE_CHOICES, check_email, check_phone
from stem.accounts.models import Organisation
from stem.core.converters import parse_id
from stem.core.db import db
from stem.core.forms import Length, Optional, Required, StemForm
from stem.signals.intake.attachments import MAX_FILE_BYTES, MAX_FILES, file_problems
from stem.signals.intake.services import MAX_BODY, normalise_body
from stem.signals.models import DISTRICT_NAMES, DISTRICTS, Theme

FORM_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
NO_DISTRICT = ""


def active_themes() -> list[Theme]:
    """The themes a signal can be filed under, in the admins' order."""
    query = sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)
    return list(db.session.scalars(query))


def active_organisations() -> list[Organisation]:
    query = sa.select(Organisation).where(Organisation.active.is_(True))
    return list(db.session.scalars(query.order_by(Organisation.name)))


def _lookup(model, value, active_only=True):
    """The row behind an id typed into a form, or None (ids from forms are never trusted)."""
    row_id = parse_id(str(value)) if value else None
    if row_id is None:
        return None
    row = db.session.get(model, row_id)
    if row is None or (active_only and not row.active):
        return None
    return row


class SignalForm(StemForm):
    """What members and partners fill in."""

    body = TextAreaField(
        _l("Wat is er gebeurd?"),
        validators=[Required(_l("Schrijf wat er is gebeurd.")), Length(MAX_BODY)],
        filters=[normalise_body],
        description=_l(
            "Schrijf in je eigen woorden wat je hebt gezien of meegemaakt. Dat mag in je eigen taal."
        ),
    )
    theme = SelectField(
        _l("Waar gaat het over?"),
        validators=[Required(_l("Kies een thema."))],
        validate_choice=False,
    )
    district = SelectField(
        _l("In welke wijk was het? (niet verplicht)"),
        validators=[Optional()],
        validate_choice=False,
    )
    attachments = MultipleFileField(
        _l("Foto of PDF toevoegen (niet verplicht)"),
        description=_l(
            "Je kunt %(count)d bestanden toevoegen van elk maximaal %(mb)d MB.",
            count=MAX_FILES,
            mb=MAX_FILE_BYTES // (1024 * 1024),
        ),
    )
    may_contact = BooleanField(
        _l("Jullie mogen contact met mij opnemen over dit signaal."),
        description=_l(
            "Dan ziet een medewerker van de gemeente je naam en hoe we je kunnen bereiken. Zonder vinkje krijg je ook antwoord."
        ),
    )
    form_key = HiddenField()
    # For the warning in the browser, which checks the same before the files are sent.
    max_files = MAX_FILES
    max_file_bytes = MAX_FILE_BYTES

    def __init__(self, *args, locale: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_obj: Theme | None = None
        self.theme.choices = [("", _l("Kies een thema"))] + [
            (str(t.id), t.name(locale)) for t in active_themes()
        ]
        self.district.choices = [(NO_DISTRICT, _l("Weet ik niet, of geen wijk"))] + list(DISTRICTS)

    def validate_theme(self, field):
        self.theme_obj = _lookup(Theme, field.data)
        if self.theme_obj is None:
            raise ValidationError(_l("Kies een thema uit de lijst."))

    def validate_attachments(self, field):
        problems = file_problems(field.data or ())
        if problems:
            raise ValidationError(" ".join(problems))

    @property
    def files_not_kept(self) -> bool:
        """Files came with a form that is shown again: a browser cannot fill them back in."""
        return bool(self.errors) and any(
            getattr(f, "filename", "") for f in self.attachments.data or ()
        )

    def validate_district(self, field):
        if field.data and field.data not in DISTRICT_NAMES:
            raise ValidationError(_l("Kies een wijk uit de lijst."))

    def validate_form_key(self, field):
        if field.data and not FORM_KEY_RE.match(field.data):
            field.data = None  # a tampered key only loses the double-submit protection


SOURCE_CHOICES = [
    ("staff", _l("Ik hoorde het zelf, bijvoorbeeld aan de telefoon of aan de balie")),
    ("meeting", _l("Ik hoorde het in een bijeenkomst")),
]
SUBMITTER_CHANNEL_CHOICES = [
    ("none", _l("Geen berichten sturen")),
    ("email", _l("E-mail")),
    ("sms", _l("Sms (tekstbericht)")),
]


class StaffSignalForm(SignalForm):
    """Staff report on someone's behalf: who, how to reach them, and where it was heard."""

    may_contact = BooleanField(
        _l("De persoon vindt het goed dat de gemeente contact opneemt over dit signaal."),
        description=_l(
            "Zonder vinkje zien andere medewerkers de naam en de gegevens van de persoon niet."
        ),
    )
    source = RadioField(
        _l("Hoe heb je dit signaal gehoord?"),
        choices=SOURCE_CHOICES,
        default="staff",
        validators=[Required(_l("Kies hoe je dit signaal hebt gehoord."))],
        validate_choice=False,
    )
    source_detail = StringField(
        _l("Waar of van wie? (niet verplicht)"),
        validators=[Optional(), Length(200)],
        description=_l("Bijvoorbeeld: telefoongesprek, of de naam van de bijeenkomst."),
    )
    organisation = SelectField(
        _l("Namens een organisatie? (niet verplicht)"),
        validators=[Optional()],
        validate_choice=False,
    )
    on_behalf_name = StringField(
        _l("Naam van de persoon (niet verplicht)"), validators=[Optional(), Length(120)]
    )
    on_behalf_email = EmailField(
        _l("E-mailadres van de persoon (niet verplicht)"), validators=[Optional(), Length(254)]
    )
    on_behalf_phone = TelField(
        _l("Mobiel nummer van de persoon (niet verplicht)"), validators=[Optional(), Length(30)]
    )
    on_behalf_locale = SelectField(
        _l("Taal van de persoon"),
        choices=LANGUAGE_CHOICES,
        default="nl",
        validators=[Required(_l("Kies een taal."))],
        validate_choice=False,
    )
    on_behalf_channel = RadioField(
        _l("Bevestiging en antwoord sturen via"),
        choices=SUBMITTER_CHANNEL_CHOICES,
        default="none",
        validators=[Required(_l("Kies hoe de persoon berichten wil krijgen."))],
        validate_choice=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_obj: Organisation | None = None
        self.organisation.choices = [("", _l("Geen organisatie"))] + [
            (str(o.id), o.name) for o in active_organisations()
        ]

    def validate_organisation(self, field):
        self.organisation_obj = None
        if field.data:
            self.organisation_obj = _lookup(Organisation, field.data)
            if self.organisation_obj is None:
                raise ValidationError(_l("Kies een organisatie uit de lijst."))

    def validate_on_behalf_email(self, field):
        check_email(field)

    def validate_on_behalf_phone(self, field):
        check_phone(field)

    def validate_source(self, field):
        if field.data not in dict(SOURCE_CHOICES):
            raise ValidationError(_l("Kies hoe je dit signaal hebt gehoord."))

    def validate_on_behalf_locale(self, field):
        if field.data not in dict(LANGUAGE_CHOICES):
            raise ValidationError(_l("Kies een taal."))

    def validate_on_behalf_channel(self, field):
        if field.data not in dict(SUBMITTER_CHANNEL_CHOICES):
            raise ValidationError(_l("Kies hoe de persoon berichten wil krijgen."))
        if field.data == "email" and not self.on_behalf_email.data:
            raise ValidationError(
                _l(
                    "Vul een e-mailadres in om berichten per e-mail te sturen, of kies een andere manier."
                )
            )
        if field.data == "sms" and not self.on_behalf_phone.data:
            raise ValidationError(
                _l(
                    "Vul een mobiel nummer in om berichten per sms te sturen, of kies een andere manier."
                )
            )
