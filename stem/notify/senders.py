"""Senders: e-mail through Flask-Mailman, SMS through a small pluggable interface."""

from __future__ import annotations

import base64
import json
import smtplib
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app
from flask_mailman import EmailMessage

from stem.core.db import utcnow
from stem.extensions import mail
from stem.notify.models import OutboxMessage

HTTP_TIMEOUT_SECONDS = 15


class DeliveryError(Exception):
    """A message could not be delivered.

    `reason` is short and safe to store and log: it never holds the body, a token or
    a password. `permanent` errors are not retried (the address or message is refused).
    """

    def __init__(self, reason: str, *, permanent: bool = False, status: int | None = None):
        super().__init__(reason)
        self.reason = reason[:200]
        self.permanent = permanent
        self.status = status


class SmsSender(Protocol):
    """Something that can send one text message."""

    def send(self, to: str, body: str) -> str | None:
        """Send `body` to the phone number `to`; return the provider's message id, if any."""
        ...


class ConsoleSmsSender:
    """Prints each text message to standard output (development)."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, to: str, body: str) -> str | None:
        """Write the message between clear delimiters."""
        stream = self.stream or sys.stdout
        stream.write(f"----- SMS to {to} -----\n{body}\n----- end of SMS -----\n")
        stream.flush()
        return None


class FileSmsSender:
    """Writes each text message to its own file in a folder, like Django's file mail backend."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def send(self, to: str, body: str) -> str | None:
        """Write the message to a new file and return the file's name as message id."""
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
        for n in range(1000):
            target = self.path / f"{stamp}-{n}.sms"
            try:
                with target.open("x", encoding="utf-8") as fh:  # "x": never overwrite
                    fh.write(f"To: {to}\nDate: {utcnow().isoformat()}\n\n{body}\n")
            except FileExistsError:
                continue
            return target.name
        raise DeliveryError("could not find a free file name for the SMS")


class MemorySmsSender:
    """Keeps text messages in the module-level list `outbox` (tests)."""

    def send(self, to: str, body: str) -> str | None:
        """Append (to, body) to the outbox and return a sequence id."""
        with _outbox_lock:
            outbox.append((to, body))
            return f"memory-{len(outbox)}"


outbox: list[tuple[str, str]] = []
_outbox_lock = threading.Lock()


def clear() -> None:
    """Empty the memory SMS outbox."""
    with _outbox_lock:
        outbox.clear()


class HttpSmsSender:
    """A Twilio-style Messages API: POST To/From/Body, HTTP basic auth account:token."""

    def __init__(self, url: str, account: str, token: str, sender: str,
                 timeout: float = HTTP_TIMEOUT_SECONDS):
        if not (url and account and token):
            raise ValueError("the http SMS backend needs SMS_HTTP_URL, _ACCOUNT and _TOKEN")
        self.endpoint = (
            f"{url.rstrip('/')}/Accounts/{urllib.parse.quote(account, safe='')}/Messages.json"
        )
        if not self.endpoint.startswith(("https://", "http://")):
            raise ValueError("SMS_HTTP_URL must be an http(s) URL")
        self.auth = "Basic " + base64.b64encode(f"{account}:{token}".encode()).decode("ascii")
        self.sender = sender
        self.timeout = timeout

    def send(self, to: str, body: str) -> str | None:
        """Post the message; return the provider's id (`sid`) or raise DeliveryError."""
        data = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": body}).encode()
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.endpoint,
            data=data,
            method="POST",
            headers={
                "Authorization": self.auth,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = response.read()
        except urllib.error.HTTPError as exc:
            status = exc.code
            exc.close()
            permanent = 400 <= status < 500 and status != 429
            raise DeliveryError(
                f"SMS provider answered HTTP {status}", permanent=permanent, status=status
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"SMS provider unreachable ({type(exc).__name__})") from None
        try:
            return str(json.loads(payload)["sid"])
        except (ValueError, KeyError, TypeError):
            return None  # accepted (2xx) but without an id we understand


def get_sms_sender(app: Flask) -> SmsSender:
    """The SMS sender chosen by SMS_BACKEND: console, file, memory or http."""
    backend = app.config.get("SMS_BACKEND", "console")
    if backend == "console":
        return ConsoleSmsSender()
    if backend == "file":
        return FileSmsSender(app.config["SMS_FILE_PATH"])
    if backend == "memory":
        return MemorySmsSender()
    if backend == "http":
        return HttpSmsSender(
            app.config.get("SMS_HTTP_URL") or "",
            app.config.get("SMS_HTTP_ACCOUNT") or "",
            app.config.get("SMS_HTTP_TOKEN") or "",
            app.config.get("SMS_FROM") or "",
        )
    raise ValueError(f"unknown SMS_BACKEND {backend!r}; use console, file, memory or http")


def message_id_header(message: OutboxMessage) -> str:
    """A stable Message-ID, so a receiver can recognise a message that arrives twice."""
    return f"<outbox-{message.id}@stem>"


def _smtp_error(exc: smtplib.SMTPException) -> DeliveryError:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return DeliveryError(f"recipient refused (SMTP {codes[0] if codes else '?'})",
                             permanent=permanent)
    # Authentication and sender problems are our configuration, not this message:
    # retrying after the fix must still work.
    if isinstance(exc, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        return DeliveryError(f"SMTP configuration problem ({type(exc).__name__})")
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return DeliveryError(f"SMTP error {code}", permanent=500 <= code < 600, status=code)
    return DeliveryError(f"SMTP error ({type(exc).__name__})")


def send_email(message: OutboxMessage) -> str:
    """Send one outbox row as a plain-text e-mail; return its Message-ID."""
    message_id = message_id_header(message)
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.recipient],
        headers={"Message-ID": message_id},
        connection=mail.get_connection(),
    )
    try:
        sent = email.send(fail_silently=False)
    except smtplib.SMTPException as exc:
        raise _smtp_error(exc) from None
    except (TimeoutError, OSError) as exc:
        raise DeliveryError(f"mail server unreachable ({type(exc).__name__})") from None
    if not sent:
        raise DeliveryError("the mail backend sent nothing (no valid recipient)", permanent=True)
    return message_id


def send_message(message: OutboxMessage, sms_sender: SmsSender | None = None) -> str | None:
    """Send one outbox row by its channel; raise DeliveryError when that fails."""
    if message.channel == "email":
        return send_email(message)
    if message.channel == "sms":
        try:
            sender = sms_sender or get_sms_sender(current_app)
        except ValueError as exc:  # a configuration mistake: retry once it is fixed
            raise DeliveryError(f"SMS backend not usable: {exc}") from None
        return sender.send(message.recipient, message.body)
    raise DeliveryError(f"unknown channel {message.channel!r}", permanent=True)

