"""Forms for answering a round: one question per page, the named-round consent, submit."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, TextAreaField

from stem.core.forms import Required, StemForm
from stem.surveys.answering.view import QuestionView


class AnswerForm(StemForm):
    """The answer to one question. Radios and checkboxes both post `answer`, texts `text`.

    Choices are checked against the question here, not by WTForms: a tampered or stale
    option id gets a message in the member's language, never a crash.
    """

    # Labels given (never shown: the question is the label) so WTForms does not load
    # its own catalogs to translate a made-up one on every request.
    answer = SelectMultipleField("answer", validate_choice=False)
    text = TextAreaField("text")
    contact = BooleanField(_l("Ja, De Stem mag contact met mij opnemen over dit antwoord."))

    def __init__(self, question: QuestionView, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.option_ids: list[int] = []
        self.skip_required = False  # "Previous": keep what was given, even if it is nothing

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.question.is_text:
            return self._validate_text()
        return self._validate_choice()

    def _validate_choice(self) -> bool:
        question = self.question
        try:
            ids = [int(value) for value in self.answer.data or []]
        except (TypeError, ValueError):
            ids = [-1]
        if any(question.option(i) is None for i in ids) or (
            len(ids) > 1 and not question.is_multiple
        ):
            self.answer.errors.append(_("Kies een van de antwoorden op deze pagina."))
            return False
        if not ids and question.required and not self.skip_required:
            self.answer.errors.append(
                _("Kies een of meer antwoorden.")
                if question.is_multiple
                else _("Kies een antwoord.")
            )
            return False
        self.option_ids = ids
        return True

    def _validate_text(self) -> bool:
        question = self.question
        text = (self.text.data or "").strip()
        self.text.data = text
        if len(text) > question.max_length:
            self.text.errors.append(
                _(
                    "Je antwoord is te lang. Gebruik maximaal %(max)d tekens. Nu zijn het er %(count)d.",
                    max=question.max_length,
                    count=len(text),
                )
            )
            return False
        if not text and question.required and not self.skip_required:
            self.text.errors.append(_("Vul een antwoord in."))
            return False
        return True


class NamedConsentForm(StemForm):
    """A named round: answering starts with an explicit yes to being named."""

    consent = BooleanField(
        _l("Ik vind het goed dat De Stem mijn naam bij mijn antwoorden ziet."),
        validators=[Required(_l("Zet een vinkje als je met je naam mee wilt doen."))],
    )


class SubmitForm(StemForm):
    """Hand in the answers (a CSRF token and a button)."""
