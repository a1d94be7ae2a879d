"""What De Stem said: staff write a summary per round, in Dutch and other languages, and
publish it for members ("what De Stem said in November")."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask_babel import gettext as _

from stem.accounts.models import User
from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.i18n import LOCALE_CODES
from stem.surveys.models import Round, RoundSummary, RoundSummaryVersion
from stem.surveys.results.summary_messages import queue_summary_messages
from stem.surveys.texts import SOURCE_LOCALE


class SummaryError(ValueError):
    """The summary cannot be saved or published; the message says why, translated."""


def summary_texts(round_: Round) -> dict[str, str]:
    """The round's summary per locale."""
    return {row.locale: row.body for row in round_.summaries}


def summary_version(round_: Round) -> str:
    """A fingerprint of the saved texts: a save based on an older version is refused."""
    digest = hashlib.sha256()
    for locale, body in sorted(summary_texts(round_).items()):
        digest.update(f"{locale}\0{body}\0".encode())
    return digest.hexdigest()[:16]


def save_summary(round_: Round, actor: User, texts: dict[str, str], version: str) -> None:
    """Store the texts; an empty translation is removed. Dutch is required."""
    if version != summary_version(round_):
        raise SummaryError(
            _(
                "Iemand anders heeft de samenvatting net veranderd. Bekijk de nieuwe tekst en probeer het opnieuw."
            )
        )
    texts = {k: (v or "").replace("\r\n", "\n").strip() for k, v in texts.items()}
    if not texts.get(SOURCE_LOCALE):
        raise SummaryError(_("Schrijf een samenvatting in het Nederlands."))
    existing = {row.locale: row for row in round_.summaries}
    published = round_.summary_published_at is not None
    for locale in LOCALE_CODES:
        body = texts.get(locale, "")
        row = existing.get(locale)
        old = row.body if row is not None else ""
        if published and body != old:
            # Members read the newest text; the one they read before is kept.
            db.session.add(
                RoundSummaryVersion(round_id=round_.id, locale=locale, body=old, replaced_by_id=actor.id)
            )
        if body and row is None:
            round_.summaries.append(RoundSummary(locale=locale, body=body))
        elif body and row.body != body:
            row.body = body
        elif not body and row is not None:
            round_.summaries.remove(row)
    db.session.flush()
    audit(
        "round.summary_saved", round_, actor=actor, locales=sorted(k for k, v in texts.items() if v)
    )


def publish_summary(round_: Round, actor: User) -> int:
    """Show the summary to members and tell each invited member, once; return how many
    messages were queued now (none when they were told before)."""
    if round_.status == "planned":
        raise SummaryError(
            _(
                "Deze ronde is nog niet begonnen. Publiceer de samenvatting als de ronde open is geweest."
            )
        )
    if not summary_texts(round_).get(SOURCE_LOCALE):
        raise SummaryError(_("Schrijf eerst een samenvatting in het Nederlands."))
    if round_.summary_published_at is None:
        round_.summary_published_at = utcnow()
        audit("round.summary_published", round_, actor=actor)
    db.session.flush()
    if round_.status != "closed":
        return 0  # members read it once the round has closed; closing tells them then
    return queue_summary_messages(round_)


def unpublish_summary(round_: Round, actor: User) -> None:
    """Members no longer see the summary; the text is kept."""
    if round_.summary_published_at is not None:
        round_.summary_published_at = None
        audit("round.summary_unpublished", round_, actor=actor)
    db.session.flush()


def published_summary(round_: Round, locale: str) -> tuple[str, str] | None:
    """(locale, text) of a published summary in `locale`, else in Dutch; None if unpublished."""
    shown = round_.summary_text(locale)
    return (shown.locale, shown.text) if shown is not None else None


def summary_history(round_: Round) -> list[RoundSummaryVersion]:
    """The earlier texts of the published summary, newest first."""
    return list(
        db.session.scalars(
            sa.select(RoundSummaryVersion)
            .where(RoundSummaryVersion.round_id == round_.id)
            .order_by(RoundSummaryVersion.id.desc())
        )
    )
