"""Telling members that the round summary is out: one message per invited member, once.

Publishing queues, in the same transaction, a message to every invited member who is still
active and has an address, in their own language, under the dedupe key
`summary:<round>:<member>`: publishing again, unpublishing and publishing, or editing the
text queues nothing more. The message carries the member's personal round link (it opens
the summary without signing in), so it is sensitive and blanked once sent; a message that
failed is written again from the database (stem.notify.delivery.REBUILDERS).

Members whose language has no translation get the Dutch text, and the message says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from stem.accounts.models import User
from stem.core.dates import format_date
from stem.core.db import db, utcnow
from stem.core.i18n import LANGUAGES, Language, language
from stem.notify.models import OutboxMessage
from stem.surveys.answering import links
from stem.surveys.models import Invitation, Round
from stem.surveys.rounds.invitations import MEMBER_COLUMNS, _bulk_insert

SUMMARY_KIND = "round_summary"
MIN_GROUP = 5  # no figure about fewer than five people

_NAME, _LINK = "\x00name\x00", "\x00link\x00"
_MARKERS = re.compile("\x00(name|link)\x00")
_LINK_SLOT = "__slot__"


# Other features add a paragraph to the e-mail (the actions feature: what the municipality
# does with the round). Each takes (round id, locale) and returns plain text or "".
_ADDITIONS: list[Callable[[int, str], str]] = []


def register_addition(func: Callable[[int, str], str]) -> None:
    """Add a paragraph to every summary e-mail; registering twice adds it once."""
    if func not in _ADDITIONS:
        _ADDITIONS.append(func)


def summary_key(round_id: int, user_id: int) -> str:
    """The outbox dedupe key of a member's summary message for a round."""
    return f"summary:{round_id}:{user_id}"


def _members(round_: Round) -> sa.Select:
    """Invited members who are still active, as plain rows."""
    return (
        sa.select(*MEMBER_COLUMNS)
        .join(Invitation, Invitation.user_id == User.id)
        .where(Invitation.round_id == round_.id, User.active.is_(True))
    )


def _month(round_: Round) -> str:
    year, month = (int(part) for part in round_.period.split("-"))
    return format_date(date(year, month, 1), format="LLLL y")


def render_texts(round_: Round, locale: str, *, name: str, link: str) -> dict[str, str]:
    """Subject, e-mail and SMS text of the summary message in one language."""
    shown = round_.summary_text(locale, unpublished=True)
    with force_locale(locale):
        month = _month(round_)
        values = {
            "name": name,
            "link": link,
            "month": month,
            "summary": shown.text if shown else "",
            "untranslated": bool(shown and shown.fallback),
            "additions": [text for func in _ADDITIONS if (text := func(round_.id, locale))],
        }
        return {
            "subject": _("Wat De Stem zei in %(month)s", month=month),
            "email": render_template("surveys/results/messages/summary_email.txt", **values),
            "sms": render_template("surveys/results/messages/summary_sms.txt", **values),
        }


def _rows(round_: Round, members: list) -> list[dict]:
    """Outbox rows for member rows, each in the member's own language."""
    url = links.invitation_url(_LINK_SLOT)
    by_locale: dict[str, list] = defaultdict(list)
    for member in members:
        if User.address.fget(member):
            by_locale[language(member.locale).code].append(member)
    now = utcnow()
    rows = []
    for locale, group in by_locale.items():
        named = render_texts(round_, locale, name=_NAME, link=_LINK)
        plain = render_texts(round_, locale, name="", link=_LINK)
        for member in group:
            channel = User.effective_channel.fget(member)
            token = links.invitation_token(round_.id, member.id)
            values = {"name": member.display_name or "", "link": url.replace(_LINK_SLOT, token)}
            text = (named if member.display_name else plain)[channel]
            rows.append(
                {
                    "channel": channel,
                    "recipient": User.address.fget(member),
                    "user_id": member.id,
                    "kind": SUMMARY_KIND,
                    "locale": locale,
                    "subject": named["subject"],
                    "body": _MARKERS.sub(lambda m, v=values: v[m.group(1)], text),
                    "sensitive": True,  # the link opens the round without signing in
                    "dedupe_key": summary_key(round_.id, member.id),
                    "status": "pending",
                    "attempts": 0,
                    "created_at": now,
                    "next_attempt_at": now,
                }
            )
    return rows


def queue_summary_messages(round_: Round) -> int:
    """Queue the summary message for every invited member not told yet; return how many."""
    members = db.session.execute(_members(round_).order_by(User.id)).all()
    rows = _rows(round_, members)
    table = OutboxMessage.__table__
    queued = 0
    for start in range(0, len(rows), 1000):
        queued += len(_bulk_insert(table, rows[start : start + 1000], returning=table.c.id))
    return queued


def rebuild_message(message: OutboxMessage) -> tuple[str, str] | None:
    """A failed summary message written again (its link was blanked); None when it is no
    longer wanted: the summary was unpublished, or the member left."""
    parts = (message.dedupe_key or "").split(":")
    if len(parts) != 3 or parts[0] != "summary" or not all(p.isdecimal() for p in parts[1:]):
        return None
    round_ = db.session.get(Round, int(parts[1]))
    if round_ is None or round_.summary_text(message.locale) is None:
        return None
    member = db.session.execute(_members(round_).where(User.id == int(parts[2]))).first()
    if member is None:
        return None
    rows = _rows(round_, [member])
    if not rows:
        return None
    return rows[0]["subject"], rows[0]["body"]


@dataclass(frozen=True)
class DutchReaders:
    """Invited members of one language group who would read the Dutch text."""

    language: Language
    count: int | None  # None: fewer than five, not shown


def dutch_readers(round_: Round) -> list[DutchReaders]:
    """Per language without a summary translation, how many invited members read Dutch."""
    translated = {row.locale for row in round_.summaries if row.body}
    counts: dict[str, int] = defaultdict(int)
    for locale, count in db.session.execute(
        sa.select(User.locale, sa.func.count())
        .join(Invitation, Invitation.user_id == User.id)
        .where(Invitation.round_id == round_.id, User.active.is_(True))
        .group_by(User.locale)
    ):
        counts[language(locale).code] += count
    return [
        DutchReaders(lang, counts[lang.code] if counts[lang.code] >= MIN_GROUP else None)
        for lang in LANGUAGES
        if lang.code != "nl" and lang.code not in translated and counts[lang.code]
    ]
