"""One transaction per request, committed in one place, and none for a request that needs none.

Seen through the ORM session's events, as in production (no per-test rollback): every
transaction that a request begins is committed (or rolled back) once; a request that
never asks the database anything begins no transaction, so it pays for none.
"""

from __future__ import annotations

import pytest
from flask_sqlalchemy.session import Session
from sqlalchemy import event

from stem.accounts.models import User
from stem.core.db import db
from tests import factories
from tests.conftest import CSRF_RE, sign_in_session
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture

pytestmark = pytest.mark.no_db_rollback


class Transactions:
    """The transactions the app's sessions begin, commit and roll back, in order."""

    def __init__(self):
        self.seen: list[str] = []
        self._listeners = [
            ("after_transaction_create", self._begun),
            ("after_commit", lambda _session: self.seen.append("commit")),
            ("after_rollback", lambda _session: self.seen.append("rollback")),
        ]
        for name, listener in self._listeners:
            event.listen(Session, name, listener)

    def _begun(self, _session, transaction):
        if transaction.parent is None:  # savepoints and subtransactions are not counted
            self.seen.append("begin")

    def of(self, send) -> tuple[int, list[str]]:
        self.seen = []
        response = send()
        return response.status_code, self.seen

    def close(self) -> None:
        for name, listener in self._listeners:
            event.remove(Session, name, listener)


@pytest.fixture
def transactions():
    recorder = Transactions()
    yield recorder
    recorder.close()


def _member_client(app):
    client = app.test_client()
    with app.app_context():
        user = factories.create_user(role="member", locale="nl")
        with client.session_transaction() as sess:
            sign_in_session(sess, user)
        db.session.commit()
        user_id = user.id
    return client, user_id


def test_a_request_that_asks_the_database_nothing_begins_no_transaction(
    committed_app, transactions  # noqa: F811
):
    client = committed_app.test_client()
    status, seen = transactions.of(lambda: client.get("/static/css/stem.css"))
    assert (status, seen) == (200, [])
    status, seen = transactions.of(lambda: client.get("/this-page-does-not-exist"))
    assert (status, seen) == (404, [])


def test_a_signed_in_page_reads_in_one_transaction_and_commits_it(
    committed_app, transactions  # noqa: F811
):
    client, _user_id = _member_client(committed_app)
    status, seen = transactions.of(lambda: client.get("/home"))
    assert (status, seen) == (200, ["begin", "commit"])


def test_a_change_is_committed_once_and_kept(committed_app, transactions):  # noqa: F811
    client, user_id = _member_client(committed_app)
    match = CSRF_RE.search(client.get("/home").get_data(as_text=True))
    assert match, "no CSRF token on the start page"
    form = {"csrf_token": match.group(1), "locale": "ar", "next": "/home"}
    status, seen = transactions.of(lambda: client.post("/language", data=form))
    assert (status, seen) == (303, ["begin", "commit"])
    with committed_app.app_context():
        assert db.session.get(User, user_id).locale == "ar"
        db.session.remove()
