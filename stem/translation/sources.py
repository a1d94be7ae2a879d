"""Where texts to translate come from, and where a reviewed translation is written back.

Each kind names how to read the text of an object and how to store its translation; the desk
itself knows nothing else about signals or rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from stem.core.db import db


@dataclass(frozen=True)
class Source:
    text: str
    locale: str


def source_of(kind: str, obj: Any, field: str) -> Source:
    """The text to translate and its language."""
    if kind == "signal":
        return Source(getattr(obj, field), obj.language)
    if kind == "summary":
        from stem.surveys.models import RoundSummary

        summary = db.session.scalar(
            sa.select(RoundSummary).where(
                RoundSummary.round_id == obj.id, RoundSummary.locale == "nl"
            )
        )
        return Source(summary.body if summary else "", "nl")
    if kind == "reply":
        text = next((t.body for t in obj.texts if t.locale == "nl"), "")
        return Source(text, "nl")
    raise ValueError(f"unknown source kind {kind}")


def load(kind: str, source_id: int) -> Any:
    """The object a request is about, or None."""
    if kind == "signal":
        from stem.signals.models import Signal

        return db.session.get(Signal, source_id)
    if kind == "summary":
        from stem.surveys.models import Round

        return db.session.get(Round, source_id)
    if kind == "reply":
        from stem.signals.models import SignalReply

        return db.session.get(SignalReply, source_id)
    return None


def write_back(kind: str, source_id: int, locale: str, text: str) -> None:
    """Store a reviewed translation where it is used."""
    if kind == "signal":
        from stem.translation.models import SignalTranslation

        row = db.session.get(SignalTranslation, (source_id, locale))
        if row is None:
            db.session.add(
                SignalTranslation(signal_id=source_id, locale=locale, body=text, status="reviewed")
            )
        else:
            row.body, row.status = text, "reviewed"
    elif kind == "summary":
        from stem.surveys.models import RoundSummary

        row = db.session.scalar(
            sa.select(RoundSummary).where(
                RoundSummary.round_id == source_id, RoundSummary.locale == locale
            )
        )
        if row is None:
            db.session.add(RoundSummary(round_id=source_id, locale=locale, body=text))
        else:
            row.body = text
    elif kind == "reply":
        from stem.signals.models import SignalReplyText

        row = db.session.scalar(
            sa.select(SignalReplyText).where(
                SignalReplyText.reply_id == source_id, SignalReplyText.locale == locale
            )
        )
        if row is None:
            db.session.add(SignalReplyText(reply_id=source_id, locale=locale, body=text))
        else:
            row.body = text
    db.session.flush()


def summary_targets(round_) -> list[str]:
    """The languages of invited members that the round's summary has no text in yet."""
    from stem.surveys.models import Invitation, RoundSummary

    wanted = set(
        db.session.scalars(
            sa.select(Invitation.locale).where(Invitation.round_id == round_.id).distinct()
        )
    )
    have = set(
        db.session.scalars(sa.select(RoundSummary.locale).where(RoundSummary.round_id == round_.id))
    )
    return sorted(wanted - have - {"nl"})
