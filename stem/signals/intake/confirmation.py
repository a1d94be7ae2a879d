"""The confirmation a submitter gets: "we received your signal", with its reference."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from stem.core.dates import format_date
from stem.core.templating import isolate, sms_body
from stem.notify.outbox import queue_message
from stem.signals.models import Signal, SignalSubmitter


def _link(signal: Signal) -> str | None:
    try:
        path = url_for("signals.view", reference=signal.reference)
    except RuntimeError:  # no request (a CLI job): no link
        return None
    return current_app.config["BASE_URL"] + path


def send_confirmation(signal: Signal, submitter: SignalSubmitter) -> None:
    """Queue "we received your signal" with its reference, by the submitter's channel."""
    if submitter.channel == "none":
        return
    user = submitter.user
    if user is not None:
        channel, recipient, locale = user.effective_channel, user.address, user.locale
        name, link = user.display_name, _link(signal)
    else:
        channel, locale, name, link = submitter.channel, submitter.locale, submitter.name, None
        recipient = submitter.email if channel == "email" else submitter.phone
    if not recipient:
        return
    with force_locale(locale):
        subject = _("Je signaal %(reference)s is ontvangen", reference=isolate(signal.reference))
        body = render_template(
            f"signals/intake/messages/confirmation_{channel}.txt",
            signal=signal,
            name=name,
            link=link,
            due=format_date(signal.due_on, "long") if signal.due_on else None,
        )
    if channel == "sms":
        body = sms_body(body, locale)
    queue_message(
        channel=channel,
        recipient=recipient,
        kind="signal_confirmation",
        subject=subject,
        body=body,
        locale=locale,
        user=user,
        dedupe_key=f"signal-confirmation:{signal.id}:{submitter.id}",
    )
