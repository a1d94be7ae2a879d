"""SQLite: a request that may write takes the write lock when its transaction begins; a read does not.

Writing requests begin with BEGIN IMMEDIATE, so two writers queue instead of one failing
with "database is locked" when it upgrades a read transaction. Reads begin a plain
(deferred) transaction, so they never wait for the lock. The kind of request must be
known before its first query, also when that first query is loading the signed-in user,
which happens in hooks that run before the view.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from stem.accounts.models import User
from stem.core.db import db
from tests import factories
from tests.conftest import CSRF_RE, sign_in_session
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture

pytestmark = pytest.mark.no_db_rollback


@pytest.fixture
def sqlite_app(committed_app):  # noqa: F811 - the imported fixture
    with committed_app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("BEGIN IMMEDIATE is SQLite's; PostgreSQL has row locks instead")
    return committed_app


def _signed_in_client(app):
    # Flask's own client, as gunicorn runs requests: one after another in the same thread
    # and context (the suite's StemClient gives each request a fresh context).
    client = app.test_client()
    with app.app_context():
        user = factories.create_user(role="member", locale="nl")
        with client.session_transaction() as sess:
            sign_in_session(sess, user)
        db.session.commit()
    return client


class Begins:
    """The BEGIN statements sent to SQLite, per request."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.seen: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_args):
        if statement.upper().startswith("BEGIN"):
            self.seen.append(statement.upper())

    def of(self, send) -> list[str]:
        self.seen = []
        response = send()
        assert response.status_code < 400, response.status_code
        return self.seen

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._record)


def _language_form(client) -> dict:
    match = CSRF_RE.search(client.get("/home").get_data(as_text=True))
    assert match, "no CSRF token on the start page"
    return {"csrf_token": match.group(1), "locale": "en", "next": "/home"}


def test_signed_in_reads_and_writes_begin_the_right_transaction_in_any_order(sqlite_app):
    client = _signed_in_client(sqlite_app)
    form = _language_form(client)
    begins = Begins(sqlite_app)
    try:
        # A read after a write, a write after a read, twice over: the hooks that load the
        # user run before the view, and must already know which kind of request this is.
        for _ in range(2):
            assert begins.of(lambda: client.get("/home")) == ["BEGIN"]
            assert begins.of(lambda: client.post("/language", data=form)) == ["BEGIN IMMEDIATE"]
    finally:
        begins.close()
    with sqlite_app.app_context():
        assert db.session.scalar(sa.select(User.locale).where(User.role == "member")) == "en"
