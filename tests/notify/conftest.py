"""Fixtures for the outbox: captured mail and SMS, local servers, a database with real commits."""

from __future__ import annotations

import json
import secrets
import socketserver
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from stem.core.db import db as _db
from stem.notify import senders
from tests.conftest import make_app, test_database_url


@pytest.fixture
def mail_outbox(app):
    """The locmem mail backend's outbox, empty at the start of the test."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


@pytest.fixture
def sms_outbox():
    """The memory SMS sender's outbox, empty at the start and end of the test."""
    senders.clear()
    yield senders.outbox
    senders.clear()


# --- a real HTTP server playing the SMS provider -------------------------------


class FakeSmsProvider:
    """Records each POST and answers with the next queued status (201 when none is queued)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/2010-04-01"

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                provider.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                        "form": dict(urllib.parse.parse_qsl(raw)),
                    }
                )
                status = provider.statuses.pop(0) if provider.statuses else 201
                payload = {"sid": f"SM{len(provider.requests):032d}"} if status < 300 else {
                    "code": 21211, "message": "The 'To' number is not a valid phone number."}
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_provider(app, monkeypatch):
    """A local SMS provider, with the app configured to send to it over HTTP."""
    with FakeSmsProvider() as provider:
        for key, value in {
            "SMS_BACKEND": "http",
            "SMS_HTTP_URL": provider.url,
            "SMS_HTTP_ACCOUNT": "AC123",
            "SMS_HTTP_TOKEN": "secret-token-xyz",
            "SMS_FROM": "DeStem",
        }.items():
            monkeypatch.setitem(app.config, key, value)
        yield provider


# --- a real SMTP server that refuses recipients ---------------------------------


class RefusingSmtpServer(socketserver.ThreadingTCPServer):
    """Speaks just enough SMTP to answer RCPT TO with `rcpt_reply` (e.g. 550 or 451)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, rcpt_reply: str):
        self.rcpt_reply = rcpt_reply
        super().__init__(("127.0.0.1", 0), self._handler())

    def _handler(self):
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 test ESMTP\r\n")
                for line in self.rfile:
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 test\r\n")
                    elif verb == b"MAIL":
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"RCPT":
                        self.wfile.write(server.rcpt_reply.encode() + b"\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        return Handler


@pytest.fixture
def smtp_server(app, monkeypatch):
    """Start a refusing SMTP server: smtp_server("550 5.1.1 no such user")."""
    servers = []

    def start(rcpt_reply: str):
        server = RefusingSmtpServer(rcpt_reply)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
        state = app.extensions["mailman"]
        monkeypatch.setattr(state, "backend", "smtp")
        monkeypatch.setattr(state, "server", "127.0.0.1")
        monkeypatch.setattr(state, "port", server.server_address[1])
        monkeypatch.setattr(state, "timeout", 5)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# --- a separate database where commits are real (for threads and processes) ----


@pytest.fixture
def committed_app(tmp_path, tmp_path_factory):
    """An app on its own migrated database, without the per-test rollback.

    SQLite: a file of its own. PostgreSQL: a schema of its own in the test database,
    dropped afterwards. Use with @pytest.mark.no_db_rollback.
    """
    from flask_migrate import upgrade

    url = test_database_url(tmp_path_factory)
    overrides = {}
    schema = None
    if url.startswith("postgresql"):
        schema = f"notify_{secrets.token_hex(4)}"
        admin = sa.create_engine(url)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-csearch_path={schema}"},
        }
    else:
        url = f"sqlite:///{tmp_path / 'committed.db'}"
    application = make_app(url, tmp_path / "instance", **overrides)
    with application.app_context():
        upgrade()
        _db.session.remove()
    try:
        yield application
    finally:
        with application.app_context():
            _db.session.remove()
            _db.engine.dispose()
        if schema:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()
