"""Forms on the staff triage pages. Each carries the signal's `version` (optimistic lock)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from stem.core.forms import Length, Optional, Required, StemForm
from stem.core.i18n import LANGUAGES
from stem.signals.models import DISTRICTS
from stem.signals.triage.history import PRIORITY_LABELS, STATUS_LABELS
from stem.signals.triage.replies import REPLY_MAX
from stem.signals.triage.services import REASON_MAX


class VersionedForm(StemForm):
    version = HiddenField()


class StatusForm(VersionedForm):
    status = SelectField(_l("Nieuwe status"), validators=[Required(_l("Kies een status."))])
    reason = TextAreaField(
        _l("Reden"),
        validators=[Optional(), Length(REASON_MAX)],
        description=_l(
            "Verplicht als het signaal niet wordt opgepakt. De indieners lezen deze reden."
        ),
    )

    def set_choices(self, statuses) -> None:
        self.status.choices = [(s, STATUS_LABELS[s]) for s in statuses]


class DetailsForm(VersionedForm):
    assignee = SelectField(_l("Toegewezen aan"), coerce=int, validators=[Optional()])
    theme = SelectField(_l("Thema"), coerce=int, validators=[Required(_l("Kies een thema."))])
    priority = SelectField(
        _l("Prioriteit"),
        choices=list(PRIORITY_LABELS.items()),
        validators=[Required(_l("Kies een prioriteit."))],
    )
    district = SelectField(
        _l("Wijk"),
        choices=[("", _l("Geen wijk"))] + list(DISTRICTS),
        validators=[Optional()],
    )


class LinkForm(VersionedForm):
    commitment = SelectField(
        _l("Toezegging"), coerce=int, validators=[Required(_l("Kies een toezegging."))]
    )


class UnlinkForm(VersionedForm):
    """A button: remove one commitment link."""


class MergeForm(VersionedForm):
    into_version = HiddenField()


class MergeTargetForm(StemForm):
    """Which signal the duplicate goes into (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    into = StringField(
        _l("Referentie van het signaal dat blijft"),
        validators=[Required(_l("Vul de referentie in, zoals S-2026-00042.")), Length(20)],
    )


def _reply_form_class():
    fields = {
        "text_nl": TextAreaField(
            _l("Antwoord in het Nederlands"),
            validators=[Required(_l("Schrijf het antwoord in het Nederlands.")), Length(REPLY_MAX)],
        )
    }
    for language in LANGUAGES:
        if language.code != "nl":
            fields[f"text_{language.code}"] = TextAreaField(
                language.native_name, validators=[Optional(), Length(REPLY_MAX)]
            )
    return type("ReplyForm", (VersionedForm,), fields)


ReplyForm = _reply_form_class()


def reply_texts(form) -> dict[str, str]:
    """locale -> text from a ReplyForm."""
    return {language.code: form[f"text_{language.code}"].data or "" for language in LANGUAGES}


class BulkForm(StemForm):
    """The inbox's bulk actions; the ticked ids come as a list, see inbox_routes."""

    bulk_assignee = SelectField(_l("Toewijzen aan"), coerce=int, validators=[Optional()])
    bulk_theme = SelectField(_l("Thema"), coerce=int, validators=[Optional()])
    bulk_status = SelectField(_l("Status"), validators=[Optional()])
    bulk_reason = TextAreaField(
        _l("Reden (bij niet opgepakt)"), validators=[Optional(), Length(REASON_MAX)]
    )
    next = HiddenField()
