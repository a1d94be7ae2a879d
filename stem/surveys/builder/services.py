"""Building surveys: settings, questions, options, their texts and their order.

Services take domain objects and the acting user; they flush but never commit. Changes
to what members see go through `apply_edit` (stem.surveys.builder.versions): a survey
that a round has opened with gets a new version first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem.accounts.models import User
from stem.commitments.models import Commitment
from stem.core.audit import audit
from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.signals.models import Theme
from stem.surveys.builder.versions import (
    BuilderError,
    Target,
    apply_edit,
    is_locked,
    new_question_key,
)
from stem.surveys.models import (
    CHOICE_KINDS,
    QUESTION_KINDS,
    SURVEY_STATUSES,
    Option,
    OptionTranslation,
    Question,
    QuestionTranslation,
    Survey,
    SurveyTranslation,
)
from stem.surveys.texts import SOURCE_LOCALE

OPEN_CHOICE_KINDS = ("single", "multiple")  # options staff add, remove and reorder
# Options that come with the kind: values 1..n (1 = saddest face), yes/no.
FIXED_OPTIONS = {
    "smiley3": [("1", _l("Slecht")), ("2", _l("Gaat wel")), ("3", _l("Goed"))],
    "smiley5": [
        ("1", _l("Heel slecht")),
        ("2", _l("Slecht")),
        ("3", _l("Gaat wel")),
        ("4", _l("Goed")),
        ("5", _l("Heel goed")),
    ],
    "yesno": [("yes", _l("Ja")), ("no", _l("Nee"))],
}
# The model, and the field that must be filled for a translation to exist.
_TRANSLATIONS = {
    Survey: (SurveyTranslation, "title"),
    Question: (QuestionTranslation, "text"),
    Option: (OptionTranslation, "label"),
}


# --- texts ---------------------------------------------------------------------------


def translation_row(owner: Survey | Question | Option, locale: str):
    """The translation row of a survey, question or option in one language, or None."""
    return next((row for row in owner.translations if row.locale == locale), None)


def set_texts(
    owner: Survey | Question | Option, locale: str, values: dict[str, str], reviewed: bool
) -> bool:
    """Set an item's text(s) in one language; return whether anything changed.

    An empty main text in another language removes that translation (members then see
    Dutch). Changing the Dutch text marks every other language unreviewed.
    """
    model, main = _TRANSLATIONS[type(owner)]
    row = translation_row(owner, locale)
    if not values.get(main):
        if locale == SOURCE_LOCALE:
            raise BuilderError(_("De Nederlandse tekst mag niet leeg zijn."))
        if row is None:
            return False
        owner.translations.remove(row)
        return True
    if row is None:
        owner.translations.append(model(locale=locale, reviewed=reviewed, **values))
        text_changed = changed = True
    else:
        text_changed = any((getattr(row, name) or "") != value for name, value in values.items())
        changed = text_changed or row.reviewed != reviewed
        for name, value in values.items():
            setattr(row, name, value)
        row.reviewed = reviewed
    if locale == SOURCE_LOCALE and text_changed:
        for other in owner.translations:
            if other.locale != SOURCE_LOCALE:
                other.reviewed = False
    return changed


def _fixed_options(kind: str) -> list[Option]:
    """Smiley faces or yes/no, labelled in every language the app's catalogs have."""
    options = []
    for position, (value, label) in enumerate(FIXED_OPTIONS[kind]):
        with force_locale(SOURCE_LOCALE):
            dutch = str(label)
        option = Option(position=position, value=value)
        option.translations.append(
            OptionTranslation(locale=SOURCE_LOCALE, label=dutch, reviewed=True)
        )
        for locale in LOCALE_CODES:
            if locale == SOURCE_LOCALE:
                continue
            with force_locale(locale):
                text = str(label)
            if text and text != dutch:  # an untranslated catalog entry is Dutch, not a translation
                # The catalogs are translated and checked with the app itself.
                option.translations.append(
                    OptionTranslation(locale=locale, label=text, reviewed=True)
                )
        options.append(option)
    return options


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:24]


def option_value(question: Question, label: str) -> str:
    """A stable value for a new option, unique in its question (trends follow it)."""
    taken = {option.value for option in question.options}
    base = _slug(label) or "keuze"
    value, n = base, 2
    while value in taken:
        value, n = f"{base}-{n}", n + 1
    return value


# --- surveys -------------------------------------------------------------------------


def create_survey(
    user: User, *, name: str, title: str, intro: str, anonymous: bool = True
) -> Survey:
    """A new draft survey with its Dutch title and introduction."""
    survey = Survey(name=name, anonymous=anonymous, status="draft", created_by_id=user.id)
    survey.translations.append(
        SurveyTranslation(locale=SOURCE_LOCALE, title=title, intro=intro, reviewed=True)
    )
    db.session.add(survey)
    db.session.flush()
    survey.family_id = survey.id
    db.session.flush()
    audit("survey.create", survey, actor=user)
    return survey


def update_survey(
    survey: Survey,
    user: User,
    *,
    name: str,
    title: str,
    intro: str,
    anonymous: bool,
    status: str,
) -> Target:
    """Change a survey's settings. Title and introduction are content: see apply_edit.

    The name and status are for staff and change in place. Anonymity is fixed once a
    round has opened with the survey.
    """
    if status not in SURVEY_STATUSES:
        raise BuilderError(_("Kies een status uit de lijst."))
    if anonymous != survey.anonymous and is_locked(survey):
        raise BuilderError(
            _(
                "Een ronde is al geopend met deze vragenlijst. Daarom kan anoniem of op naam "
                "niet meer veranderen. Maak een kopie als je dat toch wilt."
            )
        )
    row = translation_row(survey, SOURCE_LOCALE)
    if row is None or (row.title, row.intro or "") != (title, intro):
        target, _changed = apply_edit(
            survey,
            user,
            lambda t: set_texts(t.survey, SOURCE_LOCALE, {"title": title, "intro": intro}, True),
        )
    else:
        target = Target(survey)
    target.survey.name = name
    target.survey.status = status
    target.survey.anonymous = anonymous
    db.session.flush()
    return target


# --- questions -----------------------------------------------------------------------


def renumber(items: Sequence[Question] | Sequence[Option]) -> None:
    for position, item in enumerate(items):
        item.position = position


def _set_options_for_kind(question: Question, old_kind: str | None) -> None:
    """Give a question the options its kind needs; keep staff's options between choice kinds."""
    kind = question.kind
    if kind == old_kind:
        return
    if kind in OPEN_CHOICE_KINDS and old_kind in OPEN_CHOICE_KINDS:
        return
    question.options.clear()
    db.session.flush()  # remove the old options before new ones take their places
    if kind in FIXED_OPTIONS:
        question.options.extend(_fixed_options(kind))


def _set_question_fields(
    question: Question,
    *,
    kind: str,
    required: bool,
    ask_contact: bool,
    theme: Theme | None,
    commitments: list[Commitment],
) -> None:
    if kind not in QUESTION_KINDS:
        raise BuilderError(_("Kies een soort vraag uit de lijst."))
    old_kind = question.kind
    question.kind = kind
    question.required = required
    question.ask_contact = ask_contact
    question.theme = theme
    question.commitments = list(commitments)
    _set_options_for_kind(question, old_kind)


def add_question(
    survey: Survey,
    user: User,
    *,
    kind: str,
    text: str,
    hint: str = "",
    required: bool = True,
    ask_contact: bool = False,
    theme: Theme | None = None,
    commitments: list[Commitment] | None = None,
) -> tuple[Target, Question]:
    """Add a question at the end; smiley and yes/no questions get their options."""

    def change(target: Target) -> Question:
        question = Question(key=new_question_key(), position=len(target.survey.questions))
        question.translations.append(
            QuestionTranslation(locale=SOURCE_LOCALE, text=text, hint=hint, reviewed=True)
        )
        target.survey.questions.append(question)
        _set_question_fields(
            question,
            kind=kind,
            required=required,
            ask_contact=ask_contact,
            theme=theme,
            commitments=commitments or [],
        )
        return question

    return apply_edit(survey, user, change)


def update_question(
    question: Question,
    user: User,
    *,
    kind: str,
    text: str,
    hint: str = "",
    required: bool = True,
    ask_contact: bool = False,
    theme: Theme | None = None,
    commitments: list[Commitment] | None = None,
) -> tuple[Target, Question]:
    """Change a question; a new kind brings the options that kind needs."""

    def change(target: Target) -> Question:
        q = target.question(question)
        _set_question_fields(
            q,
            kind=kind,
            required=required,
            ask_contact=ask_contact,
            theme=theme,
            commitments=commitments or [],
        )
        set_texts(q, SOURCE_LOCALE, {"text": text, "hint": hint}, True)
        return q

    return apply_edit(question.survey, user, change)


def delete_question(question: Question, user: User) -> Target:
    """Remove a question (from a new version, when the survey is locked)."""

    def change(target: Target) -> None:
        q = target.question(question)
        survey = target.survey
        survey.questions.remove(q)
        renumber(survey.questions)

    target, _none = apply_edit(question.survey, user, change)
    return target


def move_item(items: list, item, direction: int) -> bool:
    index = items.index(item)
    other = index + direction
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    renumber(items)
    return True


def move_question(question: Question, user: User, direction: int) -> tuple[Target, bool]:
    """Move a question one place up (-1) or down (+1)."""
    survey = question.survey
    ordered = list(survey.questions)
    if not 0 <= ordered.index(question) + direction < len(ordered):
        return Target(survey), False  # already first or last: nothing to do, no new version

    def change(target: Target) -> bool:
        items = sorted(target.survey.questions, key=lambda q: q.position)
        return move_item(items, target.question(question), direction)

    return apply_edit(survey, user, change)


def is_choice(question: Question) -> bool:
    """Whether members answer this question by choosing options."""
    return question.kind in CHOICE_KINDS
