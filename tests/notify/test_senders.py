"""The SMS senders, the HTTP provider adapter against a real local server, and e-mail."""

from __future__ import annotations

import base64
import io
import socket

import pytest

from stem.notify import senders
from stem.notify.senders import (
    ConsoleSmsSender,
    DeliveryError,
    FileSmsSender,
    HttpSmsSender,
    MemorySmsSender,
    get_sms_sender,
)
from tests.notify.conftest import FakeSmsProvider


def _http_sender(provider: FakeSmsProvider, **kwargs) -> HttpSmsSender:
    return HttpSmsSender(provider.url, "AC123", "secret-token-xyz", "DeStem", **kwargs)


def test_http_sender_posts_the_form_with_basic_auth():
    with FakeSmsProvider() as provider:
        sid = _http_sender(provider).send("+31612345678", "Hallo Amina, de ronde is open ✓")
    assert sid == "SM" + "1".zfill(32)
    [request] = provider.requests
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {"To": "+31612345678", "From": "DeStem",
                               "Body": "Hallo Amina, de ronde is open ✓"}
    scheme, _, credentials = request["authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(credentials).decode() == "AC123:secret-token-xyz"


@pytest.mark.parametrize(
    ("status", "permanent"), [(400, True), (401, True), (404, True), (429, False), (500, False),
                              (503, False)])
def test_http_sender_errors_carry_status_and_permanence(status, permanent):
    with FakeSmsProvider() as provider:
        provider.statuses = [status]
        with pytest.raises(DeliveryError) as caught:
            _http_sender(provider).send("+31612345678", "secret body")
    error = caught.value
    assert (error.status, error.permanent) == (status, permanent)
    assert error.reason == f"SMS provider answered HTTP {status}"
    assert "secret" not in str(error)


def test_http_sender_unreachable_is_temporary():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = HttpSmsSender(f"http://127.0.0.1:{port}", "AC1", "tok", "DeStem", timeout=2)
    with pytest.raises(DeliveryError) as caught:
        sender.send("+31612345678", "x")
    assert caught.value.permanent is False
    assert caught.value.reason.startswith("SMS provider unreachable")


def test_http_sender_needs_its_settings():
    with pytest.raises(ValueError, match="SMS_HTTP_URL"):
        HttpSmsSender("", "AC1", "tok", "DeStem")
    with pytest.raises(ValueError, match="http"):
        HttpSmsSender("file:///etc", "AC1", "tok", "DeStem")


def test_file_sender_writes_one_file_per_message(tmp_path):
    sender = FileSmsSender(tmp_path / "sms")
    first = sender.send("+31612345678", "een")
    second = sender.send("+31687654321", "twee")
    files = sorted((tmp_path / "sms").iterdir())
    assert [f.name for f in files] == sorted([first, second])
    texts = sorted(f.read_text() for f in files)
    assert texts[0].startswith("To: +31612345678\n")
    assert texts[0].endswith("\n\neen\n")
    assert texts[1].startswith("To: +31687654321\n")


def test_console_sender_delimits_the_message():
    stream = io.StringIO()
    ConsoleSmsSender(stream).send("+31612345678", "Hallo")
    assert stream.getvalue() == (
        "----- SMS to +31612345678 -----\nHallo\n----- end of SMS -----\n")


def test_memory_sender_and_clear(sms_outbox):
    MemorySmsSender().send("+31612345678", "een")
    assert senders.outbox == [("+31612345678", "een")]
    senders.clear()
    assert senders.outbox == []


def test_get_sms_sender_follows_the_setting(app, monkeypatch, tmp_path):
    cases = {"console": ConsoleSmsSender, "file": FileSmsSender, "memory": MemorySmsSender}
    monkeypatch.setitem(app.config, "SMS_FILE_PATH", str(tmp_path))
    for backend, cls in cases.items():
        monkeypatch.setitem(app.config, "SMS_BACKEND", backend)
        assert isinstance(get_sms_sender(app), cls)
    monkeypatch.setitem(app.config, "SMS_BACKEND", "http")
    monkeypatch.setitem(app.config, "SMS_HTTP_URL", "https://api.example/2010-04-01")
    monkeypatch.setitem(app.config, "SMS_HTTP_ACCOUNT", "AC9")
    monkeypatch.setitem(app.config, "SMS_HTTP_TOKEN", "tok")
    sender = get_sms_sender(app)
    assert sender.endpoint == "https://api.example/2010-04-01/Accounts/AC9/Messages.json"
    monkeypatch.setitem(app.config, "SMS_BACKEND", "carrier-pigeon")
    with pytest.raises(ValueError, match="unknown SMS_BACKEND"):
        get_sms_sender(app)


def test_file_mail_backend_writes_the_message(app, monkeypatch, tmp_path):
    from stem.core.db import db
    from stem.notify.delivery import deliver_due
    from stem.notify.outbox import queue_message

    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "file")
    monkeypatch.setattr(state, "file_path", str(tmp_path / "mail"))
    message = queue_message(channel="email", recipient="amina@example.nl", kind="test",
                            subject="Ronde", body="Tekst van de ronde")
    db.session.commit()
    assert deliver_due().sent == 1
    [written] = list((tmp_path / "mail").iterdir())
    text = written.read_text()
    assert f"Message-ID: <outbox-{message.id}@stem>" in text
    assert "To: amina@example.nl" in text
    assert "Tekst van de ronde" in text
