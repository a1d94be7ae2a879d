"""The word-back job: each person's pending news, bundled into one message a day.

Per person (an account, or an address staff typed for someone) and Amsterdam day there is
at most one message: its outbox dedupe key is `word-back:<person>:<day>`. News that comes
after today's message waits for tomorrow. The message is queued and the news marked sent
in one transaction, and the outbox's unique key decides between two schedulers: a second
run, a concurrent one, or a run after a crash never sends anything twice.

Texts are rendered once per language, channel and set of news, with markers where the
person's reference and link go, so 10,000 messages take no 10,000 renders.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from stem.accounts.models import User
from stem.actions import wording
from stem.actions.models import Action, WordBackEvent
from stem.actions.word_back import Texts, public_action_url, reviewed_texts
from stem.core.dates import format_date
from stem.core.db import db, utcnow
from stem.core.i18n import AMSTERDAM, language
from stem.core.templating import isolate, isolate_codes, sms_body
from stem.notify.models import OutboxMessage
from stem.signals.models import Signal, SignalSubmitter
from stem.surveys.rounds.invitations import _bulk_insert

KIND = "word_back"
BATCH = 2000  # people per transaction
_REF, _LINK = "\x00ref\x00", "\x00link\x00"
_MARKERS = re.compile("\x00(ref|link)\x00")
_SLOT = "__reference__"


@dataclass
class Person:
    key: str
    channel: str
    address: str
    locale: str
    user_id: int | None
    references: list[str] = field(default_factory=list)
    news: list = field(default_factory=list)  # rows of pending news


def word_back_key(person_key: str, day: str) -> str:
    return f"word-back:{person_key}:{day}"


def _pending() -> sa.Select:
    origin = aliased(Signal)
    return (
        sa.select(
            WordBackEvent.id, WordBackEvent.action_id, WordBackEvent.update_id,
            WordBackEvent.kind, WordBackEvent.status, WordBackEvent.released,
            SignalSubmitter.id.label("submitter_id"), SignalSubmitter.user_id,
            SignalSubmitter.channel, SignalSubmitter.email,
            SignalSubmitter.phone, SignalSubmitter.locale,
            sa.func.coalesce(origin.reference, Signal.reference).label("reference"),
            User.locale.label("u_locale"), User.channel.label("u_channel"),
            User.email.label("u_email"), User.phone.label("u_phone"),
            User.active.label("u_active"),
        )
        .join(SignalSubmitter, SignalSubmitter.id == WordBackEvent.submitter_id)
        .join(Signal, Signal.id == SignalSubmitter.signal_id)
        .outerjoin(origin, origin.id == SignalSubmitter.origin_signal_id)
        .outerjoin(User, User.id == SignalSubmitter.user_id)
        .where(
            WordBackEvent.sent_at.is_(None),
            SignalSubmitter.anonymised_at.is_(None),
            SignalSubmitter.account_deleted_at.is_(None),
        )
        .order_by(WordBackEvent.id)
    )


@dataclass
class _Contact:
    locale: str
    channel: str
    email: str | None
    phone: str | None


def _person(row) -> Person | None:
    """Who gets the message for this row, the same way a reply finds them."""
    if row.user_id is not None:
        if not row.u_active:
            return None
        contact = _Contact(row.u_locale, row.u_channel, row.u_email, row.u_phone)
        address = User.address.fget(contact)
        if not address:
            return None
        return Person(f"u{row.user_id}", User.effective_channel.fget(contact), address,
                      language(row.u_locale).code, row.user_id)
    if row.channel == "none":
        return None
    if row.channel == "sms" and row.phone:
        channel, address = "sms", row.phone
    elif row.email:
        channel, address = "email", row.email
    elif row.phone:
        channel, address = "sms", row.phone
    else:
        return None
    digest = hashlib.sha256(f"{channel}:{address}".encode()).hexdigest()[:24]
    return Person(digest, channel, address, language(row.locale).code, None)


def _item(action: Action, row, locale: str) -> dict:
    """One piece of news in `locale` (the Dutch text when `locale` has none)."""
    update = next((u for u in action.updates if u.id == row.update_id), None)
    text = update.text(locale) if update is not None else None
    return {
        "kind": row.kind,
        "status": wording.status_label(row.status),
        "stopped_reason": action.stopped_reason if row.status == "stopped" else "",
        "happened": isolate_codes(text.happened) if text else "",
        "next_steps": isolate_codes(text.next_steps) if text else "",
        "next_on": format_date(update.next_on, format="long") if update and update.next_on else "",
    }


def _render(person: Person, news: tuple, actions: dict[int, Action], texts: Texts) -> dict:
    """Subject and body for news in the person's language, with markers for ref and link."""
    locale = person.locale
    translated = all(texts.ready(r.action_id, r.update_id, locale) for r in news)
    shown = locale if translated else "nl"
    english = not translated and locale != "en" and all(
        texts.ready(r.action_id, r.update_id, "en") for r in news
    )
    with force_locale(locale):
        groups = []
        for action_id in dict.fromkeys(r.action_id for r in news):
            action = actions[action_id]
            rows = [r for r in news if r.action_id == action_id]
            group = {
                "title": isolate_codes(wording.title(action, shown)[1]),
                "progress": action.effective_progress(),
                "items": [_item(action, r, shown) for r in rows],
            }
            if english:
                group["en_title"] = isolate_codes(wording.title(action, "en")[1])
                group["en_items"] = [_item(action, r, "en") for r in rows]
            groups.append(group)
        values = {"groups": groups, "translated": translated, "english": english,
                  "reference": _REF, "link": _LINK}
        subject = _("Nieuws over je signaal %(reference)s", reference=_REF)
        if person.channel == "sms":
            body = render_template("actions/messages/word_back.sms.txt", **values)
        else:
            body = render_template("actions/messages/word_back.txt", **values)
    return {"subject": subject, "body": body}


def _link(person: Person, news: list, reference: str, signal_path: str) -> str:
    """Their own signal's page for someone with an account; else the public action page."""
    base = current_app.config["BASE_URL"]
    if person.user_id is not None:
        return base + signal_path.replace(_SLOT, reference)
    return base + public_action_url(news[0].action_id)


def _already_sent(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(db.session.scalars(
            sa.select(OutboxMessage.dedupe_key).where(
                OutboxMessage.dedupe_key.in_(keys[start : start + 500])
            )
        ))
    return found


def people_with_news(rows) -> list[Person]:
    """Pending rows grouped per person; news still waiting for a translation left out."""
    rows = list(rows)
    texts = reviewed_texts([r.action_id for r in rows], [r.update_id for r in rows])
    people: dict[str, Person] = {}
    found: dict[int, Person | None] = {}  # per submitter: who they are
    for row in rows:
        if row.submitter_id not in found:
            found[row.submitter_id] = _person(row)
        person = found[row.submitter_id]
        if person is None:
            continue
        if not row.released and not texts.ready(row.action_id, row.update_id, person.locale):
            continue  # waits for the translation, or for staff to send Dutch and English
        person = people.setdefault(person.key, person)
        person.news.append(row)
        if row.reference not in person.references:
            person.references.append(row.reference)
    return list(people.values())


def send_bundles(people: list[Person], now: datetime, cache: dict | None = None) -> int:
    """Queue one message per person for today and mark their news sent; how many queued."""
    day = now.astimezone(AMSTERDAM).date().isoformat()
    keys = {p.key: word_back_key(p.key, day) for p in people}
    sent_today = _already_sent(list(keys.values()))
    people = [p for p in people if keys[p.key] not in sent_today]  # the rest waits a day
    if not people:
        return 0
    action_ids = {r.action_id for p in people for r in p.news}
    actions = {a.id: a for a in db.session.scalars(sa.select(Action).where(Action.id.in_(action_ids)))}
    texts = reviewed_texts(action_ids, [r.update_id for p in people for r in p.news])
    cache = {} if cache is None else cache  # texts per language, channel and news
    signal_path = current_app.url_map.bind("localhost").build("signals.view", {"reference": _SLOT})
    messages, marks = [], []
    for person in people:
        signature = (person.locale, person.channel,
                     tuple((r.action_id, r.update_id, r.kind, r.status) for r in person.news))
        if signature not in cache:
            cache[signature] = _render(person, tuple(person.news), actions, texts)
        text = cache[signature]
        reference = person.references[0]
        values = {"ref": isolate(", ".join(person.references)),
                  "link": _link(person, person.news, reference, signal_path)}
        fill = lambda m, v=values: v[m.group(1)]  # noqa: E731
        key = keys[person.key]
        body = _MARKERS.sub(fill, text["body"])
        if person.channel == "sms":
            body = sms_body(body, person.locale)  # no isolates in a left-to-right SMS
        messages.append({
            "channel": person.channel, "recipient": person.address, "user_id": person.user_id,
            "kind": KIND, "locale": person.locale, "sensitive": False,
            "subject": _MARKERS.sub(fill, text["subject"]), "body": body,
            "dedupe_key": key, "status": "pending", "attempts": 0,
            "created_at": now, "next_attempt_at": now,
        })
        marks.extend(r.id for r in person.news)
    table = OutboxMessage.__table__
    queued = 0
    for start in range(0, len(messages), 1000):
        # A key another run queued a moment ago is skipped here (unique index): that run
        # told the person the same news, so the news is marked sent all the same.
        queued += len(_bulk_insert(table, messages[start : start + 1000], returning=table.c.id))
    events = WordBackEvent.__table__
    for start in range(0, len(marks), 1000):
        db.session.execute(
            sa.update(events)
            .where(events.c.id.in_(marks[start : start + 1000]), events.c.sent_at.is_(None))
            .values(sent_at=now)
        )
    return queued


def queue_word_back(now: datetime | None = None) -> int:
    """Queue today's word-back messages, committing per batch of people; how many queued."""
    now = now or utcnow()
    people = people_with_news(db.session.execute(_pending()).all())
    queued, cache = 0, {}
    for start in range(0, len(people), BATCH):
        queued += send_bundles(people[start : start + BATCH], now, cache)
        db.session.commit()
    return queued
