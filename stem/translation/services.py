"""The desk's operations: request, translate, review; who may see which item.

Services take domain objects and the acting user; they flush but never commit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.i18n import LOCALE_CODES
from stem.translation import sources
from stem.translation.models import TranslationRequest, TranslatorLanguage


class TranslationError(ValueError):
    """An operation that cannot be done; the message is shown to the user."""


class StaleVersion(Exception):
    """The item was saved by someone else since this copy was opened."""


def languages_of(user) -> set[str]:
    """The languages a translator works in (each paired with Dutch)."""
    return set(
        db.session.scalars(
            sa.select(TranslatorLanguage.locale).where(TranslatorLanguage.user_id == user.id)
        )
    )


def set_languages(user, locales: list[str]) -> None:
    db.session.execute(sa.delete(TranslatorLanguage).where(TranslatorLanguage.user_id == user.id))
    for locale in sorted(set(locales) & set(LOCALE_CODES) - {"nl"}):
        db.session.add(TranslatorLanguage(user_id=user.id, locale=locale))
    db.session.flush()


def in_pair(item: TranslationRequest, languages: set[str]) -> bool:
    """Whether an item is Dutch to or from one of these languages."""
    pair = {item.source_locale, item.target_locale}
    return "nl" in pair and bool((pair - {"nl"}) & languages)


def can_open(user, item: TranslationRequest | None) -> bool:
    if item is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return user.role == "translator" and in_pair(item, languages_of(user))


def queue(user, *, locale: str = "", status: str = "", kind: str = "") -> list[TranslationRequest]:
    """The items this user may work on, the most urgent first."""
    query = sa.select(TranslationRequest)
    if not user.is_staff:
        languages = languages_of(user)
        if not languages:
            return []
        query = query.where(
            sa.or_(
                sa.and_(
                    TranslationRequest.source_locale == "nl",
                    TranslationRequest.target_locale.in_(languages),
                ),
                sa.and_(
                    TranslationRequest.target_locale == "nl",
                    TranslationRequest.source_locale.in_(languages),
                ),
            )
        )
    if locale:
        query = query.where(
            sa.or_(
                TranslationRequest.source_locale == locale,
                TranslationRequest.target_locale == locale,
            )
        )
    if status:
        query = query.where(TranslationRequest.status == status)
    if kind:
        query = query.where(TranslationRequest.source_kind == kind)
    order = (
        sa.case((TranslationRequest.status == "reviewed", 1), else_=0),
        TranslationRequest.needed_by.is_(None),
        TranslationRequest.needed_by,
        TranslationRequest.id,
    )
    return list(db.session.scalars(query.order_by(*order).limit(500)))


def open_request(kind: str, source_id: int, field: str, target: str) -> TranslationRequest | None:
    return db.session.scalar(
        sa.select(TranslationRequest).where(
            TranslationRequest.source_kind == kind,
            TranslationRequest.source_id == source_id,
            TranslationRequest.field == field,
            TranslationRequest.target_locale == target,
            TranslationRequest.status != "reviewed",
        )
    )


def request_translation(
    kind: str,
    obj: Any,
    field: str,
    targets: list[str],
    needed_by: date | None = None,
    used_for: str = "",
    actor=None,
) -> list[TranslationRequest]:
    """Ask for `field` of `obj` in each target language; an open request is reused."""
    source = sources.source_of(kind, obj, field)
    if not source.text.strip():
        raise TranslationError(_("Er is nog geen tekst om te vertalen."))
    if source.locale not in LOCALE_CODES:
        raise TranslationError(_("De taal van deze tekst is niet bekend. Kies eerst de taal."))
    made = []
    for target in dict.fromkeys(targets):
        if target == source.locale or target not in LOCALE_CODES:
            continue
        item = open_request(kind, obj.id, field, target)
        if item is None:
            item = TranslationRequest(
                source_kind=kind,
                source_id=obj.id,
                field=field,
                source_text=source.text,
                source_locale=source.locale,
                target_locale=target,
                used_for=used_for[:200],
                needed_by=needed_by,
                requested_by_id=actor.id if actor is not None else None,
            )
            db.session.add(item)
            db.session.flush()
            audit("translation.request", item, target=target)
        made.append(item)
    return made


def _check_version(item: TranslationRequest, version: int | None) -> None:
    if version is not None and version != item.version:
        raise StaleVersion


def _check_text(item: TranslationRequest, text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TranslationError(_("Vul de vertaling in."))
    if text == item.source_text.strip():
        raise TranslationError(
            _("De vertaling is gelijk aan de brontekst. Schrijf de tekst in de doeltaal.")
        )
    return text


def save_draft(item: TranslationRequest, user, text: str, version: int | None) -> None:
    """Store the translator's text; a person's save is never a machine draft."""
    if item.status == "reviewed":
        raise TranslationError(
            _("Deze vertaling is al nagekeken en kan niet meer worden gewijzigd.")
        )
    _check_version(item, version)
    item.draft_text = _check_text(item, text)
    item.status = "draft"
    item.machine = False
    item.translator_id = user.id
    db.session.flush()


def review(item: TranslationRequest, user, text: str, version: int | None) -> None:
    """A staff member approves the translation; it is written back where it is used."""
    if not user.is_staff:
        raise TranslationError(_("Alleen medewerkers kunnen een vertaling goedkeuren."))
    if item.status == "reviewed":
        raise TranslationError(
            _("Deze vertaling is al nagekeken en kan niet meer worden gewijzigd.")
        )
    _check_version(item, version)
    item.draft_text = _check_text(item, text)
    item.status = "reviewed"
    item.machine = False
    item.reviewer_id = user.id
    item.reviewed_at = utcnow()
    if item.translator_id is None:
        item.translator_id = user.id
    db.session.flush()
    sources.write_back(item.source_kind, item.source_id, item.target_locale, item.draft_text)
    audit("translation.review", item, target=item.target_locale)
