"""Fixtures: one app per run, a schema built by the migrations, a rollback per test.

The suite runs on SQLite by default and on PostgreSQL when STEM_TEST_DATABASE_URL is set.
Tests that need Chromium or PostgreSQL skip locally with a reason, and fail when CI=true.
"""

from __future__ import annotations

import contextvars
import os
import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy.orm import scoped_session, sessionmaker

from stem import create_app
from stem.core.db import db as _db
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def skip_or_fail(reason: str) -> None:
    """Skip with a reason on a developer's machine; fail in CI, where everything must run."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("STEM_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'stem-test.db'}"


test_database_url.__test__ = False  # a helper, not a test


def reset_database(app) -> None:
    """Drop everything, then build the schema with the migrations (never create_all)."""
    from flask_migrate import upgrade

    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            _db.drop_all()
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()


def make_app(url: str, tmp_path, **overrides):
    config = {
        "STEM_ENV": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": url,
        "BASE_URL": "http://localhost",
        "MAIL_BACKEND": "locmem",
        "SMS_BACKEND": "memory",
        "RATELIMIT_ENABLED": True,
        # Redis when the run has one (CI does), as in production; memory otherwise.
        "RATELIMIT_STORAGE_URI": os.environ.get("STEM_TEST_REDIS_URL", "memory://"),
        "LOG_LEVEL": "WARNING",
    }
    config.update(overrides)
    return create_app(config, instance_path=str(tmp_path))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application under test, with a freshly migrated database."""
    application = make_app(test_database_url(tmp_path_factory), tmp_path_factory.mktemp("instance"))
    reset_database(application)
    return application


class _BoundSession(FlaskSQLAlchemySession):
    """Always use the test's connection, so everything a test does is rolled back."""

    def get_bind(self, *args, **kwargs):
        return self.bind if self.bind is not None else super().get_bind(*args, **kwargs)


class _TestScopedSession(scoped_session):
    """One session for the whole test; the app's per-request remove() keeps it open."""

    def remove(self):
        self.registry().expire_all()


@pytest.fixture(autouse=True)
def db(request, app):
    """A transaction per test, rolled back at the end; commits become savepoints."""
    if "no_db_rollback" in request.keywords:
        yield _db
        return
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
    factory = sessionmaker(
        class_=_BoundSession,
        db=_db,
        bind=connection,
        join_transaction_mode="create_savepoint",
        query_cls=_db.Query,
    )
    from stem.extensions import limiter

    limiter.reset()
    original = _db.session
    _db.session = _TestScopedSession(factory, scopefunc=lambda: "test")
    ctx = app.app_context()
    ctx.push()
    try:
        yield _db
    finally:
        ctx.pop()
        _db.session.registry().close()
        _db.session = original
        transaction.rollback()
        connection.close()


class StemClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Flask reuses an app context that is already pushed (the test's), and with it `g`,
    where Flask-Login and Flask-Babel keep per-request state. Running each request in
    a copied context with no app context pushed keeps requests apart.
    """

    def open(self, *args, **kwargs):
        def isolated():
            from flask.globals import _cv_app, _cv_request

            _cv_app.set(None)
            _cv_request.set(None)
            return FlaskClient.open(self, *args, **kwargs)

        return contextvars.copy_context().run(isolated)

    def csrf_token(self) -> str:
        """A CSRF token valid for this client's session."""
        html = self.get("/", follow_redirects=True).get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, "no CSRF token on the start page"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form the way a browser does, with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = StemClient
    test_client = app.test_client()
    # Tests read English; Dutch is the default and is tested on its own.
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


def sign_in_session(sess, user) -> None:
    """Make a client's cookie session a signed-in one for `user`, with its session row."""
    import time

    from stem.accounts.sessions import EXPIRES_AT, SEEN_AT, SESSION_KEY, open_device_session

    if user.id is None:
        _db.session.flush()
    now = time.time()
    sess["_user_id"] = user.get_id()
    sess["_fresh"] = True
    sess[SESSION_KEY] = open_device_session(user, "Test browser")
    sess[SEEN_AT] = now
    sess[EXPIRES_AT] = now + 3600


@pytest.fixture
def login_as(client):
    """Sign the test client in as a new user of a role (or as a given user)."""

    def sign_in(role_or_user="member", **fields):
        fields.setdefault("locale", "en")  # tests read English, like the visitor client
        user = (
            factories.create_user(role=role_or_user, **fields)
            if isinstance(role_or_user, str)
            else role_or_user
        )
        with client.session_transaction() as sess:
            sign_in_session(sess, user)
        _db.session.commit()
        return user

    return sign_in


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""
    import contextlib

    @contextlib.contextmanager
    def counting():
        statements: list[str] = []

        def _before(conn, cursor, statement, *args):
            statements.append(statement)

        engine = _db.engine
        sa.event.listen(engine, "before_cursor_execute", _before)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", _before)

    return counting


def pytest_configure(config):
    config.addinivalue_line("markers", "no_db_rollback: the test manages its own database")
