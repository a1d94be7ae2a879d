"""A round's results for staff: counts per option and language group, trends, open answers.

The figures are read from the round's newest result step (stem.surveys.results.steps), which
the rounds job froze when at least five new respondents were counted; the page never counts
answers itself, so it takes the same few statements at any number of responses, and two
views differ by five respondents or more. The first open answers of each question are read
from the answers by the ids the step kept. What may be shown follows
stem.surveys.results.suppression: every whole-round figure once the round has five
respondents, a language group only when it is a group of five or more people. Percentages
are shares of all counted respondents of the round (the total shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem.core.db import db
from stem.core.i18n import BY_CODE, LOCALE_CODES
from stem.surveys.models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    Invitation,
    Option,
    Question,
    Round,
    Survey,
)
from stem.surveys.results.open_answers import open_previews, preview_texts
from stem.surveys.results.steps import Figures, latest_step
from stem.surveys.results.suppression import MIN_GROUP, enough, hidden_groups, share
from stem.surveys.results.trends import TREND_KINDS, TrendPoint, family, trends
from stem.surveys.texts import option_label, question_text

OTHER = "other"  # the language group of languages with fewer than five invited


@dataclass
class Row:
    """One labelled line of a question's figures; `share` of all respondents."""

    label: str | None  # None: "no answer"
    count: int
    share: float | None


@dataclass
class LanguageRow:
    """A language group; its figures are None when the group is hidden."""

    code: str
    name: str
    invited: int | None
    responded: int | None
    rate: float | None  # responded / invited, when at least five were invited

    @property
    def shown(self) -> bool:
        return self.responded is not None

    @property
    def lang(self) -> str | None:
        """The group's name's language tag (none for "other languages")."""
        return self.code.replace("_", "-") if self.code in BY_CODE else None


@dataclass
class QuestionResult:
    question: Question
    number: int
    text: str
    rows: list[Row] = field(default_factory=list)  # choice questions, "no answer" last
    answered: int = 0
    written: Row | None = None  # open questions: how many wrote something
    preview: list[str] = field(default_factory=list)  # open questions
    trend: list[TrendPoint] = field(default_factory=list)  # scale and yes/no questions

    @property
    def is_open(self) -> bool:
        return self.question.kind in TEXT_KINDS

    @property
    def open_shown(self) -> bool:
        """Open answers are listed only when at least five people wrote one."""
        return self.answered >= MIN_GROUP


@dataclass
class RoundResults:
    round: Round
    invited: int
    responded: int
    figures: Figures = field(default_factory=Figures)
    languages: list[LanguageRow] | None = None  # None: every group hidden (or too few)
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        """Five or more counted respondents: only then is any figure shown."""
        return enough(self.responded)

    @property
    def rate(self) -> float | None:
        return self.responded / self.invited if self.enough and self.invited else None


def get_round(round_id: int) -> Round:
    """A round with its survey, questions, options and their texts loaded; 404 if unknown."""
    questions = selectinload(Round.survey).selectinload(Survey.questions)
    round_ = db.session.scalar(
        sa.select(Round)
        .where(Round.id == round_id)
        .options(
            selectinload(Round.survey).selectinload(Survey.translations),
            questions.selectinload(Question.translations),
            questions.selectinload(Question.options).selectinload(Option.translations),
        )
    )
    if round_ is None:
        abort(404)
    return round_


def get_question(round_: Round, question_id: int) -> Question:
    """A question of the round's survey, or 404 (a question of another survey included)."""
    for question in round_.survey.questions:
        if question.id == question_id:
            return question
    abort(404)


def language_groups(invited: dict[str, int]) -> dict[str, int]:
    """Invitations per language group: languages with fewer than five invited are "other",
    as on the responses (stem.surveys.rounds.participation.language_group)."""
    groups: dict[str, int] = {}
    for locale, count in invited.items():
        group = locale if count >= MIN_GROUP else OTHER
        groups[group] = groups.get(group, 0) + count
    return groups


def languages(figures: Figures) -> list[LanguageRow] | None:
    """The language groups, protected as a breakdown; None when every group is hidden."""
    invited = language_groups(figures.invited_by_language)
    responded = figures.responded_by_language
    codes = [c for c in LOCALE_CODES if c in invited or c in responded]
    codes += sorted((set(invited) | set(responded)) - set(codes))
    hidden = hidden_groups({code: responded.get(code, 0) for code in codes})
    if hidden >= set(codes):
        return None
    result = []
    for code in codes:
        name = BY_CODE[code].native_name if code in BY_CODE else code
        if code == OTHER:
            name = _("Andere talen")
        if code in hidden:
            result.append(LanguageRow(code, name, None, None, None))
            continue
        count, asked = responded.get(code, 0), invited.get(code, 0)
        rate = share(count, asked) if asked >= MIN_GROUP else None
        result.append(LanguageRow(code, name, asked, count, rate))
    return result


def choice_rows(question: Question, figures: Figures, locale: str) -> tuple[list[Row], int]:
    """A choice question's options, then "no answer", over all respondents; and how many
    answered it."""
    total = figures.respondents
    counts = [figures.options.get(option.id, 0) for option in question.options]
    # Several options per person: each option against everyone, "no answer" from the
    # answers; one option per person: "no answer" is whoever chose none.
    multiple = question.kind == "multiple"
    answered = figures.answered.get(question.id, 0) if multiple else sum(counts)
    rows = [
        Row(option_label(option, locale).text, count, share(count, total))
        for option, count in zip(question.options, counts, strict=True)
    ]
    rows.append(Row(None, total - answered, share(total - answered, total)))
    return rows, answered


def round_results(round_: Round, locale: str) -> RoundResults:
    """All figures of a round's results page, from its newest step; a fixed few statements."""
    step = latest_step(round_.id)
    figures = Figures.of(step)
    if step is None:  # no step yet: the number invited is all there is to show
        invited = db.session.scalar(
            sa.select(sa.func.count()).select_from(Invitation)
            .where(Invitation.round_id == round_.id)
        )
    else:
        invited = sum(figures.invited_by_language.values())
    results = RoundResults(round_, invited, figures.respondents, figures)
    if not results.enough:
        return results  # no figures at all
    results.languages = languages(figures)

    total = figures.respondents
    questions = round_.survey.questions
    if figures.previews is not None:
        previews = preview_texts(figures.previews)
    else:
        previews = open_previews(round_.id, [q.id for q in questions if q.kind in TEXT_KINDS])
    lines = trends(round_, figures)
    for number, question in enumerate(questions, start=1):
        result = QuestionResult(question, number, question_text(question, locale).text)
        if question.kind in CHOICE_KINDS:
            result.rows, result.answered = choice_rows(question, figures, locale)
        else:
            result.answered = figures.answered.get(question.id, 0)
            result.written = Row(None, result.answered, share(result.answered, total))
            if result.open_shown:
                result.preview = previews.get(question.id, [])
        if question.kind in TREND_KINDS:
            result.trend = lines.get((family(question.kind), question.key), [])
        results.questions.append(result)
    return results
