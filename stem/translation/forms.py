"""Forms of the translation desk."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField, ValidationError

from stem.core.forms import DutchDateField, Length, Optional, Required, StemForm


class EditorForm(StemForm):
    text = TextAreaField(_l("Vertaling"), validators=[Length(20000)])
    version = HiddenField()


class RequestForm(StemForm):
    """One click: the languages are decided by the page the text lives on."""

    needed_by = DutchDateField(_l("Nodig op"), validators=[Optional()])


class QueueFilterForm(StemForm):
    class Meta:
        csrf = False

    locale = SelectField(_l("Taal"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    kind = SelectField(_l("Soort tekst"), validators=[Optional()])


class TermForm(StemForm):
    term = StringField(
        _l("Nederlandse term"),
        validators=[Required(_l("Vul de Nederlandse term in.")), Length(120)],
    )
    note = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(2000)])

    def validate_term(self, field):
        if not field.data:  # only spaces: stripped to nothing
            raise ValidationError(_l("Vul de Nederlandse term in."))
