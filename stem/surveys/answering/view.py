"""A survey as a member sees it: every text in every language, worked out once.

Answer pages are the busiest in Stem (every member, every month, one request per
question), so they do not load a survey's questions, options and translations from
the database on each request. `survey_view(survey_id, stamp)` keeps a read-only copy
per process for a short while. A survey that a round has opened does not change in
ways that affect its answers (edits make a new version), so a stale copy can at most
show a corrected translation a few seconds late. Staff previews always build afresh.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.surveys import texts
from stem.surveys.models import CHOICE_KINDS, Option, Question, Survey
from stem.surveys.texts import Text

CACHE_SECONDS = 30.0
# Longest answer a member may type, per kind; the form says so and keeps the text.
TEXT_LIMITS = {"short_text": 300, "long_text": 4000}


@dataclass(frozen=True)
class OptionView:
    id: int
    value: str
    label: dict[str, Text]  # locale -> label (Dutch fallback marked)


@dataclass(frozen=True)
class QuestionView:
    id: int
    number: int  # 1-based position among the survey's questions
    kind: str
    required: bool
    ask_contact: bool
    text: dict[str, Text]
    hint: dict[str, Text]
    options: tuple[OptionView, ...]
    # locale -> (QuestionAudio id, content fingerprint, spoken by a computer voice)
    audio: dict[str, tuple[int, str, bool]]

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_multiple(self) -> bool:
        return self.kind == "multiple"

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_LIMITS

    @property
    def max_length(self) -> int:
        return TEXT_LIMITS.get(self.kind, 0)

    def option(self, option_id: int) -> OptionView | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None


@dataclass(frozen=True)
class SurveyView:
    id: int
    title: dict[str, Text]
    intro: dict[str, Text]
    questions: tuple[QuestionView, ...]

    def question(self, number: int) -> QuestionView | None:
        """The question at a 1-based position, or None outside the survey."""
        if 1 <= number <= len(self.questions):
            return self.questions[number - 1]
        return None

    def fallbacks(self, locale: str) -> int:
        """How many texts a member reading `locale` sees in Dutch instead (for staff)."""
        count = sum(1 for t in (self.title[locale], self.intro[locale]) if t.text and t.fallback)
        for question in self.questions:
            for item in (question.text[locale], question.hint[locale]):
                count += bool(item.text and item.fallback)
            count += sum(1 for o in question.options if o.label[locale].fallback)
        return count


def _per_locale(pick, obj) -> dict[str, Text]:
    return {locale: pick(obj, locale) for locale in LOCALE_CODES}


def build_survey_view(survey: Survey) -> SurveyView:
    """Work out every text of a loaded survey in every language."""
    questions = []
    for number, question in enumerate(survey.questions, start=1):
        options = tuple(
            OptionView(id=o.id, value=o.value, label=_per_locale(texts.option_label, o))
            for o in question.options
        )
        questions.append(
            QuestionView(
                id=question.id,
                number=number,
                kind=question.kind,
                required=question.required,
                ask_contact=question.ask_contact,
                text=_per_locale(texts.question_text, question),
                hint=_per_locale(texts.question_hint, question),
                options=options,
                # The fingerprint builder.audio.audio_version() puts in a clip's URL.
                audio={
                    clip.locale: (clip.id, clip.sha256[:12], clip.synthetic)
                    for clip in question.audio
                },
            )
        )
    return SurveyView(
        id=survey.id,
        title=_per_locale(texts.survey_title, survey),
        intro=_per_locale(texts.survey_intro, survey),
        questions=tuple(questions),
    )


def load_survey_view(survey_id: int) -> SurveyView | None:
    """Read a survey with everything a member sees of it, and build its view."""
    survey = db.session.scalar(
        sa.select(Survey)
        .where(Survey.id == survey_id)
        .options(
            selectinload(Survey.translations),
            selectinload(Survey.questions).options(
                selectinload(Question.translations),
                selectinload(Question.audio),
                selectinload(Question.options).selectinload(Option.translations),
            ),
        )
        .execution_options(populate_existing=True)
    )
    return build_survey_view(survey) if survey is not None else None


_cache: dict[int, tuple[object, float, SurveyView]] = {}


def survey_view(survey_id: int, stamp: object) -> SurveyView:
    """The survey's view from this process's cache, rebuilt when older than CACHE_SECONDS.

    `stamp` (the survey's creation time) tells apart two surveys that got the same id,
    as happens when a test database rolls back.
    """
    now = time.monotonic()
    cached = _cache.get(survey_id)
    if cached is not None and cached[0] == stamp and now - cached[1] < CACHE_SECONDS:
        return cached[2]
    view = load_survey_view(survey_id)
    if view is None:  # the round's survey cannot vanish (foreign key); be safe anyway
        raise LookupError(survey_id)
    _cache[survey_id] = (stamp, now, view)
    return view


def forget_survey(survey_id: int | None = None) -> None:
    """Drop the cached view of one survey (or all): its texts or audio just changed."""
    if survey_id is None:
        _cache.clear()
    else:
        _cache.pop(survey_id, None)
