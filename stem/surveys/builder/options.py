"""The choices of single and multiple choice questions: add, relabel, reorder, remove.

Smiley faces and yes/no come with their question's kind (stem.surveys.builder.services): their
labels can change, nothing else.
"""

from __future__ import annotations

from flask_babel import gettext as _

from stem.accounts.models import User
from stem.surveys.builder.services import (
    OPEN_CHOICE_KINDS,
    move_item,
    option_value,
    renumber,
    set_texts,
)
from stem.surveys.builder.versions import BuilderError, Target, apply_edit
from stem.surveys.models import Option, OptionTranslation, Question
from stem.surveys.texts import SOURCE_LOCALE


def _check_open_choice(question: Question) -> None:
    if question.kind not in OPEN_CHOICE_KINDS:
        raise BuilderError(
            _("Bij deze soort vraag liggen de keuzes vast. Je kunt alleen de teksten wijzigen.")
        )


def add_option(question: Question, user: User, label: str) -> tuple[Target, Option]:
    """Add a choice at the end of a single or multiple choice question."""
    _check_open_choice(question)

    def change(target: Target) -> Option:
        q = target.question(question)
        option = Option(position=len(q.options), value=option_value(q, label))
        option.translations.append(
            OptionTranslation(locale=SOURCE_LOCALE, label=label, reviewed=True)
        )
        q.options.append(option)
        return option

    return apply_edit(question.survey, user, change)


def update_option(option: Option, user: User, label: str) -> tuple[Target, Option]:
    """Change the Dutch label of a choice (smiley and yes/no labels too)."""

    def change(target: Target) -> Option:
        o = target.option(option)
        set_texts(o, SOURCE_LOCALE, {"label": label}, True)
        return o

    return apply_edit(option.question.survey, user, change)


def delete_option(option: Option, user: User) -> Target:
    """Remove a choice from a single or multiple choice question."""
    _check_open_choice(option.question)

    def change(target: Target) -> None:
        o = target.option(option)
        q = o.question
        q.options.remove(o)
        renumber(q.options)

    target, _none = apply_edit(option.question.survey, user, change)
    return target


def move_option(option: Option, user: User, direction: int) -> tuple[Target, bool]:
    """Move a choice one place up (-1) or down (+1)."""
    question = option.question
    _check_open_choice(question)
    ordered = list(question.options)
    if not 0 <= ordered.index(option) + direction < len(ordered):
        return Target(question.survey), False

    def change(target: Target) -> bool:
        q = target.question(question)
        items = sorted(q.options, key=lambda o: o.position)
        return move_item(items, target.option(option), direction)

    return apply_edit(question.survey, user, change)
