"""Managing themes: add, rename per language, order, reply time, (de)activate, delete if unused."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from stem.accounts.models import User
from stem.core.audit import audit
from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.signals.models import Signal, Theme

REPLY_DAYS_MIN, REPLY_DAYS_MAX = 1, 60


class ThemeError(Exception):
    """A theme cannot be saved or deleted as asked; `field` says which input is wrong."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field


def all_themes() -> list[Theme]:
    """Every theme, active or not, in the order they are shown."""
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.position, Theme.id)))


def active_themes() -> list[Theme]:
    """The themes people can choose from, in the order they are shown."""
    return list(
        db.session.scalars(
            sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)
        )
    )


def signal_counts() -> dict[int, int]:
    """theme id -> number of signals filed under it."""
    rows = db.session.execute(sa.select(Signal.theme_id, sa.func.count()).group_by(Signal.theme_id))
    return dict(rows.all())


def in_use(theme: Theme) -> bool:
    """Whether a signal or a survey question refers to this theme."""
    from stem.surveys.models import Question

    return any(
        db.session.scalar(sa.select(model.id).where(model.theme_id == theme.id).limit(1))
        for model in (Signal, Question)
    )


def _names(names: dict) -> dict[str, str]:
    cleaned = {
        code: " ".join((names.get(code) or "").split())
        for code in LOCALE_CODES
        if (names.get(code) or "").strip()
    }
    if not cleaned.get("nl"):
        raise ThemeError("name_nl", _("Vul de Nederlandse naam van het thema in."))
    return cleaned


def _check(reply_days: int) -> None:
    if not REPLY_DAYS_MIN <= reply_days <= REPLY_DAYS_MAX:
        raise ThemeError(
            "reply_days",
            _(
                "Vul een aantal werkdagen in van %(min)d tot en met %(max)d.",
                min=REPLY_DAYS_MIN,
                max=REPLY_DAYS_MAX,
            ),
        )


def _slug_taken_error() -> ThemeError:
    return ThemeError("slug", _("Er is al een thema met deze korte naam. Kies een andere."))


def create_theme(
    actor: User,
    *,
    slug: str,
    names: dict,
    position: int | None = None,
    reply_days: int = 10,
    active: bool = True,
) -> Theme:
    """Add a theme; without a position it goes last."""
    names = _names(names)
    _check(reply_days)
    if db.session.scalar(sa.select(Theme.id).where(Theme.slug == slug)):
        raise _slug_taken_error()
    if position is None:
        position = (db.session.scalar(sa.select(sa.func.max(Theme.position))) or 0) + 1
    theme = Theme(slug=slug, names=names, position=position, reply_days=reply_days, active=active)
    db.session.add(theme)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the same slug, added by someone else a moment ago
        raise _slug_taken_error() from None
    audit("theme.create", theme, actor=actor, slug=slug)
    return theme


def update_theme(
    actor: User, theme: Theme, *, names: dict, position: int, reply_days: int, active: bool
) -> list[str]:
    """Rename, reorder, change the reply time or (de)activate; returns what changed."""
    names = _names(names)
    _check(reply_days)
    new = {"names": names, "position": position, "reply_days": reply_days, "active": active}
    changed = sorted(key for key, value in new.items() if getattr(theme, key) != value)
    if not changed:
        return []
    for key in changed:
        setattr(theme, key, new[key])
    db.session.flush()
    audit("theme.update", theme, actor=actor, slug=theme.slug, changed=changed)
    return changed


def delete_theme(actor: User, theme: Theme) -> None:
    """Delete a theme nobody uses; one that is used can only be made inactive."""
    if in_use(theme):
        raise ThemeError(
            None,
            _(
                "Dit thema wordt gebruikt en kan niet worden verwijderd. "
                "Zet het thema op niet actief: dan kan niemand het meer kiezen."
            ),
        )
    audit("theme.delete", theme, actor=actor, slug=theme.slug)
    db.session.delete(theme)
    db.session.flush()
