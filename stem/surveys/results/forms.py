"""Forms of the results pages: picking open answers, and the summary for members."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, TextAreaField, validators

from stem.core.forms import Length, Optional, Required, StemForm
from stem.core.i18n import LANGUAGES
from stem.surveys.texts import SOURCE_LOCALE

MAX_SUMMARY = 4000


class AnswersForm(StemForm):
    """Open answers ticked on the answers page, and the theme for a signal made of them."""

    answers = SelectMultipleField(
        _l("Gekozen antwoorden"),
        choices=[],
        validate_choice=False,  # checked against the round's answers by the service
        validators=[Required(_l("Kies minstens één antwoord."))],
    )
    theme = SelectField(
        _l("Thema van het signaal"),
        coerce=int,
        choices=[],
        validate_choice=False,  # checked by the route: an active theme, or a clear message
        validators=[Optional()],
    )
    form_key = HiddenField()  # the same form sent twice makes one signal


def _summary_form() -> type[StemForm]:
    fields = {
        "version": HiddenField(),
        f"body_{SOURCE_LOCALE}": TextAreaField(
            _l("Samenvatting in het Nederlands"),
            description=_l(
                "Schrijf in eenvoudige woorden wat de leden zeiden en wat de gemeente ermee doet."
            ),
            validators=[
                # Not InputRequired: only spaces is empty too, once stripped.
                validators.DataRequired(_l("Schrijf een samenvatting in het Nederlands.")),
                Length(MAX_SUMMARY),
            ],
        ),
    }
    for language in LANGUAGES:
        if language.code != SOURCE_LOCALE:
            fields[f"body_{language.code}"] = TextAreaField(
                _l("Vertaling: %(language)s", language=language.native_name),
                validators=[Optional(), Length(MAX_SUMMARY)],
            )
    return type("SummaryForm", (StemForm,), fields)


SummaryForm = _summary_form()
