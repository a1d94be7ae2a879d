"""Translations of a survey: what is missing or unreviewed per language, and saving them.

Each item (the survey's title and introduction, each question with its hint, each
option) has one row per language. An item is *missing* in a language when it has no
row there, or lacks a text the Dutch has (say, the hint); members then see Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from stem.accounts.models import User
from stem.core.i18n import LOCALE_CODES
from stem.surveys.builder.services import set_texts, translation_row
from stem.surveys.builder.versions import Target, apply_edit, apply_in_place
from stem.surveys.models import Option, Question, Survey
from stem.surveys.texts import SOURCE_LOCALE

MISSING, UNREVIEWED, REVIEWED = "missing", "unreviewed", "reviewed"
STATUSES = (MISSING, UNREVIEWED, REVIEWED)


@dataclass(frozen=True)
class TextField:
    name: str  # the column: title, intro, text, hint, label
    label: str  # what the form calls it, translated
    max_length: int
    multiline: bool
    main: bool  # the text that must exist for a translation to exist


@dataclass
class Item:
    """One translatable thing: the survey, a question or an option."""

    owner: Survey | Question | Option
    prefix: str  # form field prefix, unique in the survey: s, q12, o34
    heading: str
    reviewed_label: str
    fields: list[TextField] = field(default_factory=list)

    def row(self, locale: str):
        return translation_row(self.owner, locale)

    def dutch(self, name: str) -> str:
        row = self.row(SOURCE_LOCALE)
        return (getattr(row, name) or "") if row is not None else ""

    def editable_fields(self, locale: str) -> list[TextField]:
        """The fields to offer in a language: no hint to translate where Dutch has none."""
        row = self.row(locale)
        return [
            f
            for f in self.fields
            if f.main
            or locale == SOURCE_LOCALE
            or self.dutch(f.name)
            or (row is not None and getattr(row, f.name))
        ]

    def status(self, locale: str) -> str:
        """missing, unreviewed or reviewed."""
        row = self.row(locale)
        if row is None:
            return MISSING
        for f in self.fields:
            if self.dutch(f.name) and not getattr(row, f.name):
                return MISSING
        return REVIEWED if row.reviewed else UNREVIEWED


def items(survey: Survey) -> list[Item]:
    """Everything in a survey that has a text, in the order members see it."""
    result = [
        Item(
            survey,
            "s",
            _("Titel en inleiding"),
            _("De titel en inleiding zijn gecontroleerd"),
            [
                TextField("title", _("Titel"), 200, False, True),
                TextField("intro", _("Inleiding"), 4000, True, False),
            ],
        )
    ]
    for number, question in enumerate(survey.questions, start=1):
        result.append(
            Item(
                question,
                f"q{question.id}",
                _("Vraag %(number)d", number=number),
                _("Vraag %(number)d is gecontroleerd", number=number),
                [
                    TextField("text", _("Vraag %(number)d", number=number), 1000, True, True),
                    TextField(
                        "hint",
                        _("Toelichting bij vraag %(number)d", number=number),
                        1000,
                        True,
                        False,
                    ),
                ],
            )
        )
        for choice, option in enumerate(question.options, start=1):
            result.append(
                Item(
                    option,
                    f"o{option.id}",
                    _("Vraag %(number)d, keuze %(choice)d", number=number, choice=choice),
                    _(
                        "Keuze %(choice)d van vraag %(number)d is gecontroleerd",
                        number=number,
                        choice=choice,
                    ),
                    [
                        TextField(
                            "label",
                            _("Vraag %(number)d, keuze %(choice)d", number=number, choice=choice),
                            300,
                            False,
                            True,
                        )
                    ],
                )
            )
    return result


@dataclass
class Overview:
    """The grid: per item and language a status, and per language the counts."""

    rows: list[tuple[Item, dict[str, str]]]
    counts: dict[str, dict[str, int]]

    def complete(self, locale: str) -> bool:
        return self.counts[locale][MISSING] == 0

    @property
    def complete_locales(self) -> list[str]:
        return [locale for locale in LOCALE_CODES if self.complete(locale)]


def overview(survey: Survey) -> Overview:
    """Which translations are missing, unreviewed or reviewed, per item and language."""
    rows = []
    counts = {locale: dict.fromkeys(STATUSES, 0) for locale in LOCALE_CODES}
    for item in items(survey):
        statuses = {locale: item.status(locale) for locale in LOCALE_CODES}
        for locale, status in statuses.items():
            counts[locale][status] += 1
        rows.append((item, statuses))
    return Overview(rows, counts)


@dataclass(frozen=True)
class Entry:
    """What the form says about one item in one language."""

    item: Item
    values: dict[str, str]
    reviewed: bool


def _changes(entry: Entry, locale: str) -> bool:
    row = entry.item.row(locale)
    main = next(f.name for f in entry.item.fields if f.main)
    if row is None:
        return bool(entry.values.get(main))
    if not entry.values.get(main):
        return True
    if row.reviewed != entry.reviewed:
        return True
    return any((getattr(row, name) or "") != value for name, value in entry.values.items())


def _counterpart(target: Target, owner):
    if isinstance(owner, Survey):
        return target.survey
    if isinstance(owner, Question):
        return target.question(owner)
    return target.option(owner)


def _same_dutch(mine, theirs) -> bool:
    """A translation fits another version's item when its Dutch source reads the same."""
    ours, other = translation_row(mine, SOURCE_LOCALE), translation_row(theirs, SOURCE_LOCALE)
    if ours is None or other is None:
        return False
    fields = {"title", "intro", "text", "hint", "label"}
    return all(getattr(ours, f, None) == getattr(other, f, None) for f in fields)


def save_translations(
    survey: Survey, locale: str, user: User, entries: list[Entry]
) -> tuple[Target, int]:
    """Save a language's texts and review marks; return where they landed and how many changed.

    Nothing changed: nothing is written (and a locked survey gets no new version). A
    translation into another language than Dutch changes no answer's meaning: it lands in
    place, so an open round's members read it at once. Dutch is the source text: changing
    it on a locked survey makes a new version.
    """
    changed = [entry for entry in entries if _changes(entry, locale)]
    if not changed:
        return Target(survey), 0

    def change(target: Target) -> int:
        count = 0
        for entry in changed:
            if target.has(entry.item.owner):
                owner = _counterpart(target, entry.item.owner)
                count += set_texts(owner, locale, entry.values, entry.reviewed)
        return count

    if locale != SOURCE_LOCALE:
        return apply_in_place(survey, user, change, fits=_same_dutch)
    return apply_edit(survey, user, change)
