"""Invitations and reminders for a round: bulk, idempotent, exactly once per member.

Each batch inserts the invitation rows and their outbox messages in ONE transaction,
with ON CONFLICT DO NOTHING on the unique keys (`invitations (round_id, user_id)`,
`outbox_messages.dedupe_key`), and only queues messages for the rows it actually
inserted (RETURNING). A `kill -9` loses at most an uncommitted batch, which the next
run redoes; a second process racing for the same members inserts nothing twice.

The rows are written with bulk statements rather than one ORM object and
`queue_message()` call per member: 10,000 members must be invited in seconds. The
outbox columns are filled exactly as stem.notify.outbox.queue_message fills them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY

from stem.accounts.models import MemberProfile, User
from stem.core.dates import format_date
from stem.core.db import db, utcnow
from stem.core.i18n import language
from stem.notify.delivery import REMOVED_BODY
from stem.notify.models import OutboxMessage
from stem.surveys.answering import links
from stem.surveys.models import Invitation, Round
from stem.surveys.rounds.participation import handed_in_keys
from stem.surveys.rounds.schedule import last_full_day, schedule

INVITATION_KIND = "round_invitation"
REMINDER_KIND = "round_reminder"
# A reminder by hand (staff button, CLI) skips members we wrote to in the last day,
# so pressing the button twice, or right after opening, sends nothing extra.
MANUAL_REMINDER_GAP = timedelta(days=1)
CANCELLED_ERROR = "not sent: the round closed before delivery"


def invite_key(round_id: int, user_id: int) -> str:
    """The outbox dedupe key of a member's invitation to a round."""
    return f"round:{round_id}:invite:{user_id}"


def remind_key(round_id: int, user_id: int, number: int) -> str:
    """The outbox dedupe key of a member's n-th reminder for a round."""
    return f"round:{round_id}:remind:{user_id}:{number}"


def _bulk_insert(table: sa.Table, rows: list[dict], returning: sa.Column | None = None) -> list:
    """INSERT rows, skipping any that break a unique constraint; the `returning` values.

    SQLite gets one multi-row INSERT. PostgreSQL gets INSERT … SELECT FROM unnest(arrays):
    one short, cacheable statement with one array per column, several times faster there
    than a long multi-row VALUES list or one statement per row.
    """
    if not rows:
        return []
    names = list(rows[0])
    if db.session.get_bind().dialect.name == "postgresql":
        arrays = [
            sa.bindparam(f"u_{name}", [row[name] for row in rows], type_=ARRAY(table.c[name].type))
            for name in names
        ]
        source = sa.func.unnest(*arrays).table_valued(*names).render_derived()
        stmt = postgresql.insert(table).from_select(
            names, sa.select(*[source.c[name] for name in names])
        )
        params = None
    else:
        stmt, params = sqlite.insert(table), rows
    stmt = stmt.on_conflict_do_nothing()
    if returning is None:
        db.session.execute(stmt, params)
        return []
    return list(db.session.execute(stmt.returning(returning), params).scalars())


# What messages need of a member, read as plain rows: 10,000 ORM objects cost seconds.
MEMBER_COLUMNS = (User.id, User.locale, User.channel, User.email, User.phone, User.display_name)


def _channel(member) -> str:
    return User.effective_channel.fget(member)  # the same rule as for User objects


def _address(member) -> str:
    return User.address.fget(member)


def active_members(now: datetime, not_invited_to: int | None = None) -> sa.Select:
    """Members who should be asked: role member, account active, not left (by `now`)."""
    today = now.astimezone(schedule().tz).date()
    query = (
        sa.select(*MEMBER_COLUMNS)
        .outerjoin(MemberProfile, MemberProfile.user_id == User.id)
        .where(
            User.role == "member",
            User.active.is_(True),
            sa.or_(MemberProfile.left_on.is_(None), MemberProfile.left_on > today),
        )
    )
    if not_invited_to is not None:
        query = query.where(
            ~sa.exists().where(
                Invitation.round_id == not_invited_to, Invitation.user_id == User.id
            )
        )
    return query


# Each text is rendered once per language, channel and greeting, with these markers
# where the member's name and link go: 10,000 renders with gettext would take seconds.
_NAME, _LINK = "\x00name\x00", "\x00link\x00"
_MARKERS = re.compile("\x00(name|link)\x00")
_LINK_SLOT = "__slot__"  # where the token goes in the link


def _messages(
    kind: str, round_: Round, users: list[tuple], tokens: dict[int, str] | None = None
) -> list[dict]:
    """Outbox rows for (member row, dedupe key) pairs, each in the member's own language."""
    until = last_full_day(round_.closes_at) if round_.closes_at else None
    template = "invitation" if kind == INVITATION_KIND else "reminder"
    url = links.invitation_url(_LINK_SLOT)
    tokens = tokens or {}
    by_locale: dict[str, list[tuple]] = defaultdict(list)
    for user, key in users:
        by_locale[language(user.locale).code].append((user, key))
    now = utcnow()
    rows = []
    for locale, group in by_locale.items():
        texts: dict[tuple[str, bool], str] = {}
        with force_locale(locale):
            subject = (
                _("Nieuwe vragen van De Stem")
                if kind == INVITATION_KIND
                else _("Herinnering: nieuwe vragen van De Stem")
            )
            until_text = format_date(until, format="d MMMM") if until else ""
            for channel in ("email", "sms"):
                for named in (True, False):
                    texts[channel, named] = render_template(
                        f"surveys/rounds/messages/{template}_{channel}.txt",
                        name=_NAME if named else "",
                        link=_LINK,
                        until=until_text,
                        anonymous=round_.anonymous,
                    )
        for user, key in group:
            channel = _channel(user)
            token = tokens.get(user.id) or links.invitation_token(round_.id, user.id)
            values = {
                "name": user.display_name,
                "link": url.replace(_LINK_SLOT, token),
            }
            body = _MARKERS.sub(
                lambda match, v=values: v[match.group(1)], texts[channel, bool(user.display_name)]
            )
            rows.append(
                {
                    "channel": channel,
                    "recipient": _address(user),
                    "user_id": user.id,
                    "kind": kind,
                    "locale": locale,
                    "subject": subject,
                    "body": body,
                    # The link opens the round without signing in: blank it once sent.
                    "sensitive": True,
                    "dedupe_key": key,
                    "status": "pending",
                    "attempts": 0,
                    "created_at": now,
                    "next_attempt_at": now,
                }
            )
    return rows


def rebuild_message(message: OutboxMessage) -> tuple[str, str] | None:
    """A failed invitation or reminder written again (its link was blanked when it was given
    up on); None when it is no longer wanted: the round closed, or the member left."""
    parts = (message.dedupe_key or "").split(":")
    if len(parts) < 4 or parts[0] != "round" or not (parts[1].isdecimal() and parts[3].isdecimal()):
        return None
    round_ = db.session.get(Round, int(parts[1]))
    if round_ is None or round_.status != "open":
        return None
    member = db.session.execute(
        sa.select(*MEMBER_COLUMNS).where(User.id == int(parts[3]), User.active.is_(True))
    ).first()
    if member is None:
        return None
    [row] = _messages(message.kind, round_, [(member, message.dedupe_key)])
    return row["subject"], row["body"]


def _queue(rows: list[dict]) -> None:
    _bulk_insert(OutboxMessage.__table__, rows)


def _round_is_open(round_id: int) -> bool:
    status = db.session.scalar(sa.select(Round.status).where(Round.id == round_id))
    return status == "open"


def queue_invitations(
    round_: Round, *, now: datetime | None = None, batch_size: int = 500, commit: bool = True
) -> int:
    """Invite every active member who has no invitation yet; return how many were invited.

    With `commit` (scheduler, CLI) each batch is committed; in a request the caller's
    transaction holds everything. Sets `invitations_done_at` once nobody is missing.
    """
    now = now or utcnow()
    round_id = round_.id
    status, done_at = db.session.execute(
        sa.select(Round.status, Round.invitations_done_at).where(Round.id == round_id)
    ).one()
    if status != "open":
        return 0
    invited = 0
    after_id = 0
    table = Invitation.__table__
    while True:
        if after_id and not _round_is_open(round_id):
            return invited  # closed meanwhile (by staff, in another process): stop inviting
        users = db.session.execute(
            active_members(now, not_invited_to=round_id)
            .where(User.id > after_id)
            .order_by(User.id)
            .limit(batch_size)
        ).all()
        if not users:
            break
        after_id = users[-1].id
        by_id = {user.id: user for user in users}
        tokens = {user.id: links.invitation_token(round_id, user.id) for user in users}
        rows = [
            {
                "round_id": round_id,
                "user_id": user.id,
                "token_hash": links.token_hash(tokens[user.id]),
                "locale": language(user.locale).code,
                "created_at": now,
                "reminders_sent": 0,
                "responded": False,
            }
            for user in users
        ]
        inserted = _bulk_insert(table, rows, returning=table.c.user_id)
        _queue(
            _messages(
                INVITATION_KIND,
                round_,
                [(by_id[user_id], invite_key(round_id, user_id)) for user_id in inserted],
                tokens,
            )
        )
        invited += len(inserted)
        _finish_batch(commit)
    if done_at is None:
        db.session.execute(
            sa.update(Round)
            .where(Round.id == round_id, Round.invitations_done_at.is_(None))
            .values(invitations_done_at=now)
            .execution_options(synchronize_session=False)
        )
        _finish_batch(commit)
    return invited


def _finish_batch(commit: bool) -> None:
    if commit:
        db.session.commit()
    else:
        db.session.flush()


def _due_reminders(round_: Round, now: datetime, gap: timedelta, max_reminders: int):
    last_contact = sa.func.coalesce(Invitation.last_reminded_at, Invitation.created_at)
    return (
        active_members(now)
        .add_columns(Invitation.id.label("invitation_id"), Invitation.reminders_sent)
        .join(Invitation, Invitation.user_id == User.id)
        .where(
            Invitation.round_id == round_.id,
            Invitation.responded.is_(False),
            Invitation.reminders_sent < max_reminders,
            last_contact <= now - gap,
        )
    )


def reminders_due(round_: Round, now: datetime, gap: timedelta | None = None) -> int:
    """How many members a reminder would go to now (by hand: MANUAL_REMINDER_GAP)."""
    sched = schedule()
    if round_.status != "open" or (round_.closes_at and now >= round_.closes_at):
        return 0
    query = _due_reminders(round_, now, gap or sched.remind_after, sched.max_reminders)
    if not round_.anonymous:
        return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    handed_in = handed_in_keys(round_)
    return sum(1 for row in db.session.execute(query) if not _handed_in(round_, row, handed_in))


def _handed_in(round_: Round, row, handed_in: set[str]) -> bool:
    """Whether this member handed in already, though no step has marked it yet: computed
    in memory from the secret key, so reminding writes nothing that links the two."""
    return bool(handed_in) and links.resume_key(links.invitation_token(round_.id, row.id)) in handed_in


def send_reminders(
    round_: Round,
    now: datetime,
    *,
    min_gap: timedelta | None = None,
    batch_size: int = 500,
    commit: bool = True,
) -> int:
    """Remind members who have not answered; return how many reminders were queued.

    A member is reminded `min_gap` (default STEM_ROUND_REMIND_AFTER_DAYS) after the
    invitation or the last reminder, at most STEM_ROUND_MAX_REMINDERS times, and only
    while the round is open. The counter moves with a conditional UPDATE, so two
    processes cannot both send the same reminder; the dedupe key backs that up.
    """
    sched = schedule()
    if not _round_is_open(round_.id) or (round_.closes_at and now >= round_.closes_at):
        return 0
    gap = min_gap if min_gap is not None else sched.remind_after
    table = Invitation.__table__
    round_id = round_.id
    sent_total = 0
    after_id = 0
    handed_in: set[str] | None = None  # read once, only when a reminder is due
    while True:
        if after_id and not _round_is_open(round_id):
            break
        rows = db.session.execute(
            _due_reminders(round_, now, gap, sched.max_reminders)
            .where(Invitation.id > after_id)
            .order_by(Invitation.id)
            .limit(batch_size)
        ).all()
        if not rows:
            break
        after_id = rows[-1].invitation_id
        if round_.anonymous:
            if handed_in is None:
                handed_in = handed_in_keys(round_)
            rows = [row for row in rows if not _handed_in(round_, row, handed_in)]
        users = {row.invitation_id: row for row in rows}
        by_count: dict[int, list[int]] = defaultdict(list)
        for row in rows:
            by_count[row.reminders_sent].append(row.invitation_id)
        reminded: list[tuple] = []
        for sent, ids in by_count.items():
            done = db.session.execute(
                sa.update(table)
                .where(
                    table.c.id.in_(ids),
                    table.c.reminders_sent == sent,
                    table.c.responded.is_(False),
                )
                .values(reminders_sent=sent + 1, last_reminded_at=now)
                .returning(table.c.id)
            ).scalars().all()
            reminded += [
                (users[i], remind_key(round_id, users[i].id, sent + 1)) for i in done
            ]
        _queue(_messages(REMINDER_KIND, round_, reminded))
        sent_total += len(reminded)
        _finish_batch(commit)
    return sent_total


def cancel_pending_messages(round_: Round) -> int:
    """Stop unsent invitations and reminders of a closed round: their link no longer works."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.dedupe_key.like(f"round:{round_.id}:%"),
            OutboxMessage.status == "pending",
        )
        .values(
            status="failed",
            last_error=CANCELLED_ERROR,
            body=sa.case((OutboxMessage.sensitive, REMOVED_BODY), else_=OutboxMessage.body),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
