"""What the staff signal pages share: who may use them, loading a signal, the choice lists."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import selectinload

from stem.accounts.models import User
from stem.core.converters import MAX_ID
from stem.core.db import db
from stem.core.i18n import LANGUAGES
from stem.core.security import require_role
from stem.signals.models import Signal, SignalEvent, SignalReply, SignalSubmitter, Theme

staff_only = require_role("staff", "admin")


def actor() -> User:
    """The signed-in staff member, as the services want it (not Flask-Login's proxy)."""
    return current_user._get_current_object()


def active_staff() -> list[User]:
    """Staff and admins who can be assigned a signal, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role.in_(("staff", "admin")), User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def ordered_themes() -> list[Theme]:
    """Every theme, in the order staff arranged them."""
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.position, Theme.id)))


def theme_choices(themes, locale) -> list[tuple[int, str]]:
    """The active themes as select choices, named in `locale`."""
    return [(t.id, t.name(locale)) for t in themes if t.active]


def get_by_id(model, object_id: int | None):
    """The object with this id, or None; also for ids no database column can hold."""
    if object_id is None or not 0 < object_id <= MAX_ID:
        return None
    return db.session.get(model, object_id)


def load_signal(signal_id: int) -> Signal:
    """The signal with everything its staff pages show, or 404."""
    if not 0 < signal_id <= MAX_ID:
        abort(404)
    signal = db.session.scalar(
        sa.select(Signal)
        .where(Signal.id == signal_id)
        .options(
            selectinload(Signal.theme),
            selectinload(Signal.assignee),
            selectinload(Signal.organisation),
            selectinload(Signal.merged_into),
            selectinload(Signal.commitments),
            selectinload(Signal.attachments),
            selectinload(Signal.submitters).selectinload(SignalSubmitter.user),
            selectinload(Signal.submitters).selectinload(SignalSubmitter.organisation),
            selectinload(Signal.events).selectinload(SignalEvent.actor),
            selectinload(Signal.replies).selectinload(SignalReply.texts),
            selectinload(Signal.replies).selectinload(SignalReply.author),
        )
    )
    return signal or abort(404)


def language_names() -> dict[str, str]:
    """Each language's name in its own script, by locale code."""
    return {language.code: language.native_name for language in LANGUAGES}


def current_locale() -> str:
    """The locale of this request, as a string."""
    from flask_babel import get_locale

    return str(get_locale())
