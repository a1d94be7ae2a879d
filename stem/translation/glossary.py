"""The glossary: agreed translations of Dutch terms, and the check that a translation uses them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem.core.db import db
from stem.translation.models import GlossaryTerm, GlossaryTranslation


@dataclass(frozen=True)
class Hit:
    term: GlossaryTerm
    found: str  # the words as they occur in the source
    expected: str  # the words the translation should contain
    keep_dutch: bool


def all_terms() -> list[GlossaryTerm]:
    return list(
        db.session.scalars(
            sa.select(GlossaryTerm)
            .options(selectinload(GlossaryTerm.translations))
            .order_by(sa.func.lower(GlossaryTerm.term))
        )
    )


def _contains(text: str, words: str) -> bool:
    return bool(words) and words.casefold() in text.casefold()


def hits(source_text: str, source_locale: str, target_locale: str) -> list[Hit]:
    """Glossary terms that occur in the source, with what the translation should say."""
    found = []
    for term in all_terms():
        if source_locale == "nl":
            rendering = term.rendering(target_locale)
            if rendering is None or not _contains(source_text, term.term):
                continue
            found.append(Hit(term, term.term, rendering.agreed, rendering.keep_dutch))
        elif target_locale == "nl":
            rendering = term.rendering(source_locale)
            if rendering is None or not _contains(source_text, rendering.agreed):
                continue
            found.append(Hit(term, rendering.agreed, term.term, rendering.keep_dutch))
    return found


def missing(source_text: str, source_locale: str, target_locale: str, text: str) -> list[Hit]:
    """The glossary terms of the source that the translation does not render as agreed."""
    if not text.strip():
        return []
    return [
        hit
        for hit in hits(source_text, source_locale, target_locale)
        if not _contains(text, hit.expected)
    ]


def save_term(
    term: GlossaryTerm | None, text: str, note: str, renderings: dict[str, tuple[str, bool]]
) -> GlossaryTerm:
    """Create or change a term; `renderings` maps a locale to (translation, keep the Dutch word)."""
    if term is None:
        term = GlossaryTerm(term=text, note=note)
        db.session.add(term)
    else:
        term.term, term.note = text, note
    by_locale = {t.locale: t for t in term.translations}
    for locale, (translation, keep) in renderings.items():
        row = by_locale.get(locale)
        if not translation and not keep:
            if row is not None:
                term.translations.remove(row)
            continue
        if row is None:
            row = GlossaryTranslation(locale=locale)
            term.translations.append(row)
        row.translation, row.keep_dutch = ("" if keep else translation), keep
    db.session.flush()
    return term


def term_exists(text: str, exclude: GlossaryTerm | None = None) -> bool:
    query = sa.select(GlossaryTerm.id).where(sa.func.lower(GlossaryTerm.term) == text.lower())
    if exclude is not None:
        query = query.where(GlossaryTerm.id != exclude.id)
    return db.session.scalar(query) is not None
