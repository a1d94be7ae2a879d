"""The admin form for a theme: a short name, a name per language, order and reply time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import NumberRange, Regexp

from stem.core.forms import Length, Optional, Required, StemForm
from stem.core.i18n import LANGUAGES
from stem.signals.themes.services import REPLY_DAYS_MAX, REPLY_DAYS_MIN

NAME_MAX = 100


class WholeNumberField(IntegerField):
    """An IntegerField whose "not a number" message is ours, in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Vul een heel getal in, zoals 10.")) from None


# Fields are shown in the order they are made: the short name, the names, then the rest.
_SLUG = StringField(
    _l("Korte naam"),
    validators=[
        Required(_l("Vul een korte naam in, zoals huisvesting.")),
        Length(60),
        Regexp(
            r"^[a-z0-9]+(-[a-z0-9]+)*$",
            message=_l(
                "Gebruik alleen kleine letters, cijfers en streepjes, zoals werk-en-inkomen."
            ),
        ),
    ],
    filters=[lambda value: value.lower() if isinstance(value, str) else value],
    description=_l(
        "Voor de computer, zoals huisvesting: kleine letters, cijfers en streepjes. "
        "Je kunt de korte naam later niet meer wijzigen."
    ),
)

# One name field per language; only Dutch is required, the others fall back to it.
_NAME_FIELDS: dict[str, StringField] = {}
for _lang in LANGUAGES:
    _validators = [Length(NAME_MAX)]
    if _lang.code == "nl":
        _validators.insert(0, Required(_l("Vul de Nederlandse naam van het thema in.")))
    else:
        _validators.insert(0, Optional())
    _NAME_FIELDS[f"name_{_lang.code}"] = StringField(_lang.native_name, validators=_validators)


class _ThemeFields(StemForm):
    position = WholeNumberField(
        _l("Volgorde"),
        validators=[
            Required(_l("Vul een getal in voor de volgorde.")),
            NumberRange(0, 9999, message=_l("Vul een getal in van 0 tot en met 9999.")),
        ],
        description=_l("Thema's met een lager getal staan hoger in de lijst."),
    )
    reply_days = WholeNumberField(
        _l("Antwoord binnen (werkdagen)"),
        default=10,
        validators=[
            Required(_l("Vul in binnen hoeveel werkdagen een signaal antwoord krijgt.")),
            NumberRange(
                REPLY_DAYS_MIN,
                REPLY_DAYS_MAX,
                message=_l(
                    "Vul een aantal werkdagen in van %(min)d tot en met %(max)d.",
                    min=REPLY_DAYS_MIN,
                    max=REPLY_DAYS_MAX,
                ),
            ),
        ],
        description=_l("Weekenden en feestdagen tellen niet mee. Meestal is dit 10."),
    )
    active = BooleanField(
        _l("Actief"),
        default=True,
        description=_l("Alleen actieve thema's kun je kiezen bij een nieuw signaal."),
    )

    def names(self) -> dict[str, str]:
        """{locale: name} as typed; the service drops the empty ones."""
        return {lang.code: self[f"name_{lang.code}"].data or "" for lang in LANGUAGES}

    def name_fields(self) -> list[tuple]:
        """(field, language) for every language, Dutch first."""
        return [(self[f"name_{lang.code}"], lang) for lang in LANGUAGES]


for _name, _field in _NAME_FIELDS.items():
    setattr(_ThemeFields, _name, _field)


class ThemeEditForm(_ThemeFields):
    """Editing a theme: its short name stays what it was."""


class ThemeForm(_ThemeFields):
    """A new theme, with the short name that identifies it."""

    slug = _SLUG
