"""Helpers for the staff triage tests: signals with deadlines, versions on pages, events."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from stem.core.db import db
from stem.notify.models import OutboxMessage
from stem.signals.models import Signal, SignalEvent
from tests import factories

VERSION_RE = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')


def signal(**fields) -> Signal:
    """A signal with a submitter and a deadline (factories.create_signal, plus due_on)."""
    from stem.signals.triage.services import today

    fields.setdefault("due_on", today() + timedelta(days=10))
    return factories.create_signal(**fields)


def version_on(html: str) -> int:
    """The signal version the first form on a page carries."""
    match = VERSION_RE.search(html)
    assert match, "no version field on the page"
    return int(match.group(1) or match.group(2))


def events(target: Signal, kind: str | None = None) -> list[SignalEvent]:
    query = sa.select(SignalEvent).where(SignalEvent.signal_id == target.id)
    if kind:
        query = query.where(SignalEvent.kind == kind)
    return list(db.session.scalars(query.order_by(SignalEvent.id)))


def reload(target: Signal) -> Signal:
    """The signal as the database has it now."""
    db.session.expire_all()
    return db.session.get(Signal, target.id)


def replies_queued() -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.kind == "signal_reply")
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def text(dutch: str, locale: str = "en", **variables) -> str:
    """A Dutch source text as the app shows it in a language (the tests read English)."""
    from flask import current_app
    from flask_babel import force_locale, gettext

    with current_app.test_request_context(), force_locale(locale):
        return gettext(dutch, **variables)


def page(response) -> str:
    """A response body with HTML entities decoded, to compare with plain texts."""
    import html

    return html.unescape(response.get_data(as_text=True))


def commitment(code: str):
    """The commitment with this code: seeded by the migrations, or made here."""
    from stem.commitments.models import Commitment

    found = db.session.scalar(sa.select(Commitment).where(Commitment.code == code))
    return found or factories.create_commitment(code)
