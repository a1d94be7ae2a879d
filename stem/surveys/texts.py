"""A survey's texts in a language, falling back to Dutch (and saying so, for staff)."""

from __future__ import annotations

from dataclasses import dataclass

from stem.surveys.models import Option, Question, Survey

SOURCE_LOCALE = "nl"


@dataclass(frozen=True)
class Text:
    text: str
    locale: str  # the language the text is actually in
    fallback: bool  # True when `locale` was asked for but Dutch is shown
    reviewed: bool


def _pick(rows, locale: str, field: str) -> Text:
    by_locale = {row.locale: row for row in rows}
    row = by_locale.get(locale)
    if row is not None and getattr(row, field):
        return Text(getattr(row, field), locale, False, row.reviewed)
    row = by_locale.get(SOURCE_LOCALE)
    if row is not None:
        return Text(getattr(row, field), SOURCE_LOCALE, locale != SOURCE_LOCALE, row.reviewed)
    return Text("", SOURCE_LOCALE, True, False)


def survey_title(survey: Survey, locale: str) -> Text:
    return _pick(survey.translations, locale, "title")


def survey_intro(survey: Survey, locale: str) -> Text:
    return _pick(survey.translations, locale, "intro")


def question_text(question: Question, locale: str) -> Text:
    return _pick(question.translations, locale, "text")


def question_hint(question: Question, locale: str) -> Text:
    return _pick(question.translations, locale, "hint")


def option_label(option: Option, locale: str) -> Text:
    return _pick(option.translations, locale, "label")
