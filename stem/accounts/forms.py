"""Forms for signing in, the account page and the admin screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    ValidationError,
)
from wtforms.validators import EqualTo, Regexp

from stem.accounts.addresses import AddressError, normalise_email, normalise_phone, parse_address
from stem.core.forms import Email, Length, Optional, Required, StemForm, ascii_digits
from stem.core.i18n import LANGUAGES

LANGUAGE_CHOICES = [(lang.code, lang.native_name) for lang in LANGUAGES]
CHANNEL_CHOICES = [("email", _l("E-mail")), ("sms", _l("Sms (tekstbericht)"))]
ROLE_CHOICES = [
    ("member", _l("Lid van De Stem")),
    ("partner", _l("Partnerorganisatie")),
    ("staff", _l("Medewerker")),
    ("admin", _l("Beheerder")),
    ("translator", _l("Vertaler")),
]
TRANSLATOR_LANGUAGE_CHOICES = [
    (lang.code, lang.native_name) for lang in LANGUAGES if lang.code != "nl"
]


class SignInForm(StemForm):
    address = StringField(
        _l("Je e-mailadres of mobiele nummer"),
        validators=[Required(_l("Vul je e-mailadres of mobiele nummer in.")), Length(254)],
    )

    def validate_address(self, field):
        try:
            self.parsed = parse_address(field.data)
        except AddressError:
            raise ValidationError(
                _l(
                    "Vul een e-mailadres in, zoals name@example.nl, "
                    "of een mobiel nummer, zoals 06 12345678."
                )
            ) from None


def six_digit_code(label, required_message) -> StringField:
    """A field for a 6-digit code as people type it over, spaces and all."""
    return StringField(
        label,
        validators=[
            Required(required_message),
            Regexp(r"^\d{6}$", message=_l("De code heeft 6 cijfers, bijvoorbeeld 123456.")),
        ],
        filters=[ascii_digits],
    )


class CodeForm(StemForm):
    code = six_digit_code(_l("Code"), _l("Vul de code van 6 cijfers uit het bericht in."))


class AddressCodeForm(StemForm):
    """The code sent to a new e-mail address or phone number."""

    change_id = HiddenField()
    code = six_digit_code(_l("Code"), _l("Vul de code van 6 cijfers uit het bericht in."))


class ConfirmForm(StemForm):
    """A form with nothing but its CSRF token: for buttons that do one thing."""


class StaffSignInForm(StemForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[Required(_l("Vul je e-mailadres in.")), Length(254), Email()],
    )
    password = PasswordField(
        _l("Wachtwoord"), validators=[Required(_l("Vul je wachtwoord in.")), Length(200)]
    )


class SecondFactorForm(StemForm):
    code = StringField(
        _l("Code uit je authenticator-app, of een herstelcode"),
        validators=[Required(_l("Vul de code uit je authenticator-app in.")), Length(20)],
        filters=[ascii_digits],
    )


class TotpSetupForm(StemForm):
    code = six_digit_code(
        _l("Code uit je authenticator-app"), _l("Vul de code uit je authenticator-app in.")
    )


class SetPasswordForm(StemForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[
            Required(_l("Kies een wachtwoord.")),
            Length(200, min=12, message=_l("Gebruik minstens 12 tekens.")),
        ],
    )
    confirm = PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[
            Required(_l("Herhaal het wachtwoord.")),
            EqualTo("password", message=_l("De twee wachtwoorden zijn niet hetzelfde.")),
        ],
    )


def check_email(field) -> None:
    """Normalise an optional e-mail field in place, or refuse it with a clear message."""
    if field.data:
        try:
            field.data = normalise_email(field.data)
        except AddressError:
            raise ValidationError(_l("Vul een e-mailadres in, zoals name@example.nl.")) from None


def check_phone(field) -> None:
    """Normalise an optional mobile number to E.164 in place, or refuse it."""
    if field.data:
        try:
            field.data = normalise_phone(field.data)
        except AddressError:
            raise ValidationError(
                _l("Vul een mobiel nummer in, zoals 06 12345678 of +31 6 12345678.")
            ) from None


class ContactFieldsMixin:
    """E-mail and phone fields that are normalised during validation."""

    def validate_email(self, field):
        check_email(field)

    def validate_phone(self, field):
        check_phone(field)

    def validate_channel(self, field):
        if field.data == "sms" and not self.phone.data:
            raise ValidationError(_l("Vul een mobiel nummer in om berichten per sms te krijgen."))
        if field.data == "email" and not self.email.data:
            raise ValidationError(_l("Vul een e-mailadres in om berichten per e-mail te krijgen."))


class ProfileForm(ContactFieldsMixin, StemForm):
    display_name = StringField(
        _l("Je naam"),
        validators=[Optional(), Length(120)],
        description=_l("Zo spreken we je aan. Alleen je voornaam is ook goed."),
    )
    email = EmailField(_l("E-mailadres"), validators=[Optional(), Length(254)])
    phone = TelField(_l("Mobiel telefoonnummer"), validators=[Optional(), Length(30)])
    locale = SelectField(
        _l("Taal"), choices=LANGUAGE_CHOICES, validators=[Required(_l("Kies een taal."))]
    )
    channel = RadioField(
        _l("Hoe wil je berichten krijgen?"),
        choices=CHANNEL_CHOICES,
        validators=[Required(_l("Kies hoe je berichten wilt krijgen."))],
    )


class ConsentForm(StemForm):
    agree = BooleanField(
        _l("Ik ga akkoord"), validators=[Required(_l("Zet een vinkje als je akkoord gaat."))]
    )


class DeleteAccountForm(StemForm):
    confirm = BooleanField(
        _l("Ja, verwijder mijn account en mijn gegevens"),
        validators=[Required(_l("Zet een vinkje als je het zeker weet."))],
    )


class InviteForm(ContactFieldsMixin, StemForm):
    display_name = StringField(_l("Naam"), validators=[Optional(), Length(120)])
    email = EmailField(_l("E-mailadres"), validators=[Optional(), Length(254)])
    phone = TelField(_l("Mobiel telefoonnummer"), validators=[Optional(), Length(30)])
    role = SelectField(_l("Rol"), choices=ROLE_CHOICES, validators=[Required(_l("Kies een rol."))])
    organisation = SelectField(_l("Organisatie"), coerce=int, validators=[Optional()])
    locale = SelectField(
        _l("Taal"), choices=LANGUAGE_CHOICES, validators=[Required(_l("Kies een taal."))]
    )
    channel = RadioField(
        _l("Berichten via"),
        choices=CHANNEL_CHOICES,
        default="email",
        validators=[Required(_l("Kies hoe berichten worden verstuurd."))],
    )
    languages = SelectMultipleField(
        _l("Talen van de vertaler"), choices=TRANSLATOR_LANGUAGE_CHOICES
    )

    def validate_languages(self, field):
        if self.role.data == "translator" and not field.data:
            raise ValidationError(
                _l("Kies minstens één taal die de vertaler naar het Nederlands vertaalt.")
            )


class UserEditForm(StemForm):
    role = SelectField(_l("Rol"), choices=ROLE_CHOICES, validators=[Required(_l("Kies een rol."))])
    organisation = SelectField(_l("Organisatie"), coerce=int, validators=[Optional()])


class OrganisationForm(StemForm):
    name = StringField(
        _l("Naam"),
        validators=[Required(_l("Vul de naam van de organisatie in.")), Length(200)],
    )
    kind = StringField(
        _l("Soort organisatie"),
        validators=[Optional(), Length(60)],
        description=_l("Bijvoorbeeld: taalschool, buurtteam."),
    )
    active = BooleanField(_l("Actief"), default=True)


def organisation_choices(organisations) -> list[tuple[int, str]]:
    """Choices for an organisation select; 0 means none."""
    return [(0, _l("Geen organisatie"))] + [(o.id, o.name) for o in organisations]
