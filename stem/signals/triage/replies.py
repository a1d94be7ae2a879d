"""Replies (terugkoppeling): staff answer a signal; every submitter gets it in their language.

A reply has a Dutch text and optional translations. It goes out through the outbox to each
submitter (after merges: all of them) by their own channel: the account's address for
people with an account, the address staff typed for someone reported on behalf of. A
submitter whose details were anonymised gets nothing. Without a translation in the
recipient's language, the message holds the Dutch text plus the English one when there is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from stem.accounts.models import User
from stem.core.db import db, utcnow
from stem.core.i18n import LOCALE_CODES, language
from stem.core.templating import isolate, isolate_codes, sms_body
from stem.notify.outbox import queue_message
from stem.signals.models import OPEN_STATUSES, Signal, SignalReply, SignalReplyText, SignalSubmitter
from stem.signals.triage import services as triage

REPLY_MAX = 5000
# Where a submitter reads their signal; the first endpoint the app has wins.
MY_SIGNAL_ENDPOINTS = (("signals.view", "reference"), ("signals.mine", None))


class ReplyError(triage.TriageError):
    """A reply that cannot be sent; the message is shown to staff."""


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    locale: str
    user: User | None
    # The signal whose reference this person knows (their own, also after a merge).
    known: Signal | None = None


def recipients(submitters: Iterable[SignalSubmitter]) -> list[Recipient]:
    """Who gets a reply, one entry per address, in the order they raised the signal."""
    found: dict[tuple[str, str], Recipient] = {}
    for submitter in submitters:
        if submitter.anonymised_at is not None or submitter.account_deleted_at is not None:
            continue
        account = submitter.user
        known = submitter.known_signal
        if account is not None:
            if not account.active or not account.address:
                continue
            recipient = Recipient(
                account.effective_channel, account.address, account.locale, account, known
            )
        elif submitter.channel == "none":
            continue
        elif submitter.channel == "sms" and submitter.phone:
            recipient = Recipient("sms", submitter.phone, submitter.locale, None, known)
        elif submitter.email:
            recipient = Recipient("email", submitter.email, submitter.locale, None, known)
        elif submitter.phone:
            recipient = Recipient("sms", submitter.phone, submitter.locale, None, known)
        else:
            continue
        found.setdefault((recipient.channel, recipient.address), recipient)
    return list(found.values())


def _absolute_url(signal: Signal) -> str:
    base = current_app.config["BASE_URL"]
    for endpoint, argument in MY_SIGNAL_ENDPOINTS:
        if endpoint not in current_app.view_functions:
            continue
        values = {argument: signal.reference} if argument else {}
        try:
            if has_request_context():
                return base + url_for(endpoint, **values)
            with current_app.test_request_context("/"):
                return base + url_for(endpoint, **values)
        except BuildError:
            continue
    return base + "/"


def render_message(
    reply: SignalReply, signal: Signal, locale: str, channel: str
) -> tuple[str, str]:
    """(subject, body) of the reply for one recipient, in their language.

    `signal` is the one whose reference the recipient knows: after a merge, their own.
    Codes and references are isolated, so "21/T40" stays whole in Arabic or Dari text.
    """
    text_locale, text = reply.text_for(locale)
    english = ""
    if text_locale != locale and locale != "en":
        en_locale, en_text = reply.text_for("en")
        english = en_text if en_locale == "en" else ""
    with force_locale(locale):
        subject = _("Antwoord op je signaal %(reference)s", reference=isolate(signal.reference))
        template = (
            "signals/triage/messages/reply.sms.txt"
            if channel == "sms"
            else "signals/triage/messages/reply.txt"
        )
        body = render_template(
            template,
            signal=signal,
            text=isolate_codes(text),
            translated=text_locale == locale,
            english=isolate_codes(english),
            link=_absolute_url(signal),
        )
    if channel == "sms":
        body = sms_body(body, locale)
    return subject, body


def _dedupe_key(reply: SignalReply, recipient: Recipient) -> str:
    digest = hashlib.sha256(f"{recipient.channel}:{recipient.address}".encode()).hexdigest()[:24]
    return f"signal-reply:{reply.id}:{digest}"


def send_reply(reply: SignalReply, submitters: Iterable[SignalSubmitter]) -> int:
    """Queue the reply for these submitters; a second call sends nobody anything twice."""
    signal = reply.signal
    count = 0
    for recipient in recipients(submitters):
        known = recipient.known or signal
        subject, body = render_message(reply, known, recipient.locale, recipient.channel)
        queue_message(
            channel=recipient.channel,
            recipient=recipient.address,
            kind="signal_reply",
            subject=subject,
            body=body,
            locale=recipient.locale,
            user=recipient.user,
            dedupe_key=_dedupe_key(reply, recipient),
        )
        count += 1
    return count


def clean_texts(texts: dict[str, str]) -> dict[str, str]:
    """The non-empty texts in known languages; raises ReplyError for a missing or long text."""
    cleaned = {
        locale: (text or "").strip()
        for locale, text in texts.items()
        if locale in LOCALE_CODES and (text or "").strip()
    }
    for locale, text in cleaned.items():
        # "21/T40" typed in Arabic or Dari reads "T40/21" unless isolated; so it is
        # stored, and shows the same in the form, the page and every message.
        if language(locale).direction == "rtl":
            cleaned[locale] = isolate_codes(text)
    if not cleaned.get("nl"):
        raise ReplyError(_("Schrijf het antwoord in het Nederlands."), "text_nl")
    for locale, text in cleaned.items():
        if len(text) > REPLY_MAX:
            raise ReplyError(_("Gebruik maximaal %(max)d tekens.", max=REPLY_MAX), f"text_{locale}")
    return cleaned


@triage.saves
def write_reply(actor: User, signal: Signal, texts: dict[str, str], *, version=None) -> SignalReply:
    """Store a reply, queue it to every submitter, and mark an open signal answered."""
    triage.require_staff(actor)
    triage.check_version(signal, version)
    if signal.status == "merged":
        raise ReplyError(
            _(
                "Dit signaal is samengevoegd. Schrijf het antwoord bij het signaal waarin het is opgegaan."
            )
        )
    cleaned = clean_texts(texts)
    reply = SignalReply(signal=signal, author_id=actor.id, created_at=utcnow())
    reply.texts = [
        SignalReplyText(locale=locale, body=body) for locale, body in sorted(cleaned.items())
    ]
    db.session.add(reply)
    db.session.flush()
    send_reply(reply, signal.submitters)
    reply.sent_at = utcnow()
    triage.record(signal, actor, "reply", "", ", ".join(sorted(cleaned)))
    if signal.status in OPEN_STATUSES:
        triage.set_status(actor, signal, "answered")
    triage.flush()
    return reply
