"""Forms of the survey builder; labels and messages in plain Dutch, translated when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)

from stem.core.forms import Length, Optional, Required, StemForm
from stem.surveys.builder.translations import Item

KIND_CHOICES = [
    ("smiley5", _l("Smileys: 5 gezichten")),
    ("smiley3", _l("Smileys: 3 gezichten")),
    ("single", _l("Eén keuze uit een lijst")),
    ("multiple", _l("Meer keuzes uit een lijst")),
    ("yesno", _l("Ja of nee")),
    ("short_text", _l("Kort antwoord in eigen woorden")),
    ("long_text", _l("Lang antwoord in eigen woorden")),
]
KIND_NAMES = dict(KIND_CHOICES)
STATUS_CHOICES = [
    ("draft", _l("Concept")),
    ("ready", _l("Klaar voor gebruik")),
    ("archived", _l("Gearchiveerd")),
]
STATUS_NAMES = dict(STATUS_CHOICES)
ANONYMITY_CHOICES = [
    ("anonymous", _l("Anoniem: niemand kan antwoorden aan een lid koppelen")),
    ("named", _l("Op naam: medewerkers zien wie wat heeft geantwoord")),
]


class NewSurveyForm(StemForm):
    name = StringField(
        _l("Naam van de vragenlijst"),
        description=_l("Alleen medewerkers zien deze naam."),
        validators=[Required(_l("Vul een naam in.")), Length(200)],
    )
    title = StringField(
        _l("Titel voor de leden (Nederlands)"),
        validators=[Required(_l("Vul een titel in.")), Length(200)],
    )
    intro = TextAreaField(
        _l("Inleiding voor de leden (Nederlands, niet verplicht)"),
        validators=[Optional(), Length(4000)],
    )
    anonymity = RadioField(
        _l("Anoniem of op naam"),
        choices=ANONYMITY_CHOICES,
        default="anonymous",
        validate_choice=False,
        validators=[Required(_l("Kies anoniem of op naam."))],
    )

    def validate_anonymity(self, field):
        if field.data not in dict(ANONYMITY_CHOICES):
            raise ValidationError(_l("Kies anoniem of op naam."))


class SurveySettingsForm(NewSurveyForm):
    status = SelectField(
        _l("Status"),
        choices=STATUS_CHOICES,
        validate_choice=False,
        validators=[Required(_l("Kies een status."))],
    )

    def validate_status(self, field):
        if field.data not in STATUS_NAMES:
            raise ValidationError(_l("Kies een status uit de lijst."))


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # not a choice: the form says so


class QuestionForm(StemForm):
    kind = SelectField(
        _l("Soort vraag"),
        choices=KIND_CHOICES,
        validate_choice=False,
        validators=[Required(_l("Kies een soort vraag."))],
    )
    text = TextAreaField(
        _l("Vraag (Nederlands)"),
        description=_l("Schrijf kort en eenvoudig, op taalniveau B1 of lager."),
        validators=[Required(_l("Vul de vraag in.")), Length(1000)],
    )
    hint = TextAreaField(
        _l("Toelichting (Nederlands, niet verplicht)"),
        validators=[Optional(), Length(1000)],
    )
    required = BooleanField(_l("Leden moeten deze vraag beantwoorden"))
    ask_contact = BooleanField(
        _l("Vraag na deze vraag: mogen we contact met je opnemen hierover?"),
        description=_l("Het lid kiest zelf of het dat wil, en geeft daarvoor toestemming."),
    )
    theme = SelectField(_l("Thema"), coerce=_as_int, validate_choice=False, default=0)
    commitments = SelectMultipleField(
        _l("Hoort bij deze toezeggingen aan de raad"), coerce=_as_int, validate_choice=False
    )

    def validate_kind(self, field):
        if field.data not in KIND_NAMES:
            raise ValidationError(_l("Kies een soort vraag uit de lijst."))

    def validate_theme(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een thema uit de lijst."))

    def validate_commitments(self, field):
        allowed = {value for value, _label in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Kies toezeggingen uit de lijst."))


class OptionForm(StemForm):
    label = StringField(
        _l("Tekst van de keuze (Nederlands)"),
        validators=[Required(_l("Vul de tekst van de keuze in.")), Length(300)],
    )


class AudioForm(StemForm):
    clip = FileField(_l("Opname (mp3, ogg of m4a)"))


def translation_form(items: list[Item], locale: str, data: dict) -> StemForm:
    """A form with, per item, its text fields in `locale` and a 'reviewed' checkbox.

    Dutch texts are required (they are the source); other languages may stay empty,
    and members then see the Dutch.
    """

    class TranslationForm(StemForm):
        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            for item in items:
                main = next(f for f in item.fields if f.main)
                main_field = self[f"{item.prefix}_{main.name}"]
                others = [
                    self[f"{item.prefix}_{f.name}"]
                    for f in item.editable_fields(locale)
                    if not f.main
                ]
                if not main_field.data and any(other.data for other in others):
                    main_field.errors.append(
                        _l("Vul ook deze tekst in, of maak de andere teksten hiervan leeg.")
                    )
                    valid = False
            return valid

    for item in items:
        for text_field in item.editable_fields(locale):
            validators = [Length(text_field.max_length)]
            if locale == "nl" and text_field.main:
                validators.insert(0, Required(_l("Vul de Nederlandse tekst in.")))
            else:
                validators.insert(0, Optional())
            kind = TextAreaField if text_field.multiline else StringField
            setattr(
                TranslationForm,
                f"{item.prefix}_{text_field.name}",
                kind(text_field.label, validators=validators),
            )
        setattr(TranslationForm, f"{item.prefix}_reviewed", BooleanField(item.reviewed_label))
    return TranslationForm(data=data)
