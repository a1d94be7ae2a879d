"""The schema comes from the migrations, and the migrations match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import stem.models  # noqa: F401
from stem.core.db import db


def test_models_and_migrations_agree():
    connection = db.session.connection()
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    differences = compare_metadata(context, db.metadata)
    assert differences == [], "run `stem db migrate` and commit the migration"


def test_sqlite_connection_settings(app):
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    conn = db.session.connection()  # the test's connection holds the write lock
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
