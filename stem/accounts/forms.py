"""Forms for signing in, the account page and the admin screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    ValidationError,
)
from wtforms.validators import EqualTo, Regexp

from stem.accounts.addresses import AddressError, normalise_email, normalise_phone, parse_address
from stem.core.forms import Email, Length, Optional, Required, StemForm
from stem.core.i18n import LANGUAGES

LANGUAGE_CHOICES = [(lang.code, lang.native_name) for lang in LANGUAGES]
CHANNEL_CHOICES = [("email", _l("E-mail")), ("sms", _l("Text message (SMS)"))]
ROLE_CHOICES = [
    ("member", _l("Member of De Stem")),
    ("partner", _l("Partner organisation")),
    ("staff", _l("Policy staff")),
    ("admin", _l("Administrator")),
]


class SignInForm(StemForm):
    address = StringField(
        _l("Your e-mail address or mobile phone number"),
        validators=[Required(_l("Enter your e-mail address or mobile phone number.")), Length(254)],
    )

    def validate_address(self, field):
        try:
            self.parsed = parse_address(field.data)
        except AddressError:
            raise ValidationError(
                _l(
                    "Enter an e-mail address like name@example.nl "
                    "or a mobile number like 06 12345678."
                )
            ) from None


class CodeForm(StemForm):
    code = StringField(
        _l("Code"),
        validators=[
            Required(_l("Enter the 6-digit code from the message.")),
            Regexp(r"^\d{6}$", message=_l("The code has 6 digits, for example 123456.")),
        ],
        filters=[lambda v: v.replace(" ", "") if isinstance(v, str) else v],
    )


class ConfirmForm(StemForm):
    """A form with nothing but its CSRF token: for buttons that do one thing."""


class StaffSignInForm(StemForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[Required(_l("Enter your e-mail address.")), Length(254), Email()],
    )
    password = PasswordField(
        _l("Password"), validators=[Required(_l("Enter your password.")), Length(200)]
    )


class SecondFactorForm(StemForm):
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[Required(_l("Enter the code from your authenticator app.")), Length(20)],
    )


class TotpSetupForm(StemForm):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[
            Required(_l("Enter the code from your authenticator app.")),
            Regexp(r"^\d{6}$", message=_l("The code has 6 digits, for example 123456.")),
        ],
        filters=[lambda v: v.replace(" ", "") if isinstance(v, str) else v],
    )


class SetPasswordForm(StemForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            Required(_l("Choose a password.")),
            Length(200, min=12, message=_l("Use at least 12 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            Required(_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ContactFieldsMixin:
    """E-mail and phone fields that are normalised during validation."""

    def validate_email(self, field):
        if field.data:
            try:
                field.data = normalise_email(field.data)
            except AddressError:
                raise ValidationError(_l("Enter an e-mail address like name@example.nl.")) from None

    def validate_phone(self, field):
        if field.data:
            try:
                field.data = normalise_phone(field.data)
            except AddressError:
                raise ValidationError(
                    _l("Enter a mobile number like 06 12345678 or +31 6 12345678.")
                ) from None

    def validate_channel(self, field):
        if field.data == "sms" and not self.phone.data:
            raise ValidationError(_l("Fill in a mobile number to get messages by SMS."))
        if field.data == "email" and not self.email.data:
            raise ValidationError(_l("Fill in an e-mail address to get messages by e-mail."))


class ProfileForm(ContactFieldsMixin, StemForm):
    display_name = StringField(
        _l("Your name"),
        validators=[Optional(), Length(120)],
        description=_l("How we address you. You may use only your first name."),
    )
    email = EmailField(_l("E-mail address"), validators=[Optional(), Length(254)])
    phone = TelField(_l("Mobile phone number"), validators=[Optional(), Length(30)])
    locale = SelectField(
        _l("Language"), choices=LANGUAGE_CHOICES, validators=[Required(_l("Choose a language."))]
    )
    channel = RadioField(
        _l("How do you want to get messages?"),
        choices=CHANNEL_CHOICES,
        validators=[Required(_l("Choose how you want to get messages."))],
    )


class ConsentForm(StemForm):
    agree = BooleanField(_l("I agree"), validators=[Required(_l("Tick the box to agree."))])


class DeleteAccountForm(StemForm):
    confirm = BooleanField(
        _l("Yes, delete my account and my data"),
        validators=[Required(_l("Tick the box if you are sure."))],
    )


class InviteForm(ContactFieldsMixin, StemForm):
    display_name = StringField(_l("Name"), validators=[Optional(), Length(120)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), Length(254)])
    phone = TelField(_l("Mobile phone number"), validators=[Optional(), Length(30)])
    role = SelectField(
        _l("Role"), choices=ROLE_CHOICES, validators=[Required(_l("Choose a role."))]
    )
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    locale = SelectField(
        _l("Language"), choices=LANGUAGE_CHOICES, validators=[Required(_l("Choose a language."))]
    )
    channel = RadioField(
        _l("Messages by"),
        choices=CHANNEL_CHOICES,
        default="email",
        validators=[Required(_l("Choose how messages are sent."))],
    )


class UserEditForm(StemForm):
    role = SelectField(
        _l("Role"), choices=ROLE_CHOICES, validators=[Required(_l("Choose a role."))]
    )
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])


class OrganisationForm(StemForm):
    name = StringField(
        _l("Name"),
        validators=[Required(_l("Enter the name of the organisation.")), Length(200)],
    )
    kind = StringField(
        _l("Kind of organisation"),
        validators=[Optional(), Length(60)],
        description=_l("For example: language school, neighbourhood team."),
    )
    active = BooleanField(_l("Active"), default=True)


def organisation_choices(organisations) -> list[tuple[int, str]]:
    """Choices for an organisation select; 0 means none."""
    return [(0, _l("No organisation"))] + [(o.id, o.name) for o in organisations]
