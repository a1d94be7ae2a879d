"""The migration that adds Commitment.version: existing rows start at 1, links survive both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from stem.core.db import db
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = next((ROOT / "migrations" / "versions").glob("*_commitment_version.py"))
BEFORE = "9247de80ab51"


def test_the_migration_follows_the_seed_and_stands_on_its_own():
    text = MIGRATION.read_text(encoding="utf-8")
    assert f'down_revision = "{BEFORE}"' in text
    assert "import stem" not in text


def _columns(connection) -> set[str]:
    return {column["name"] for column in sa.inspect(connection).get_columns("commitments")}


def _links(connection) -> list[tuple[int, str]]:
    rows = connection.execute(
        sa.text(
            "SELECT sc.signal_id, c.code FROM signal_commitments sc"
            " JOIN commitments c ON c.id = sc.commitment_id ORDER BY c.code"
        )
    )
    return [tuple(row) for row in rows]


@pytest.mark.no_db_rollback
def test_down_and_up_again_on_sqlite_keeps_every_row_and_link(tmp_path):
    # On SQLite a batch copy of `commitments` would cascade-delete its links: see the migration.
    from flask_migrate import downgrade, upgrade

    from stem.commitments.models import Commitment
    from tests.factories import create_signal

    app = make_app(f"sqlite:///{tmp_path / 'version.db'}", tmp_path / "instance")
    with app.app_context():
        try:
            upgrade()
            t40 = db.session.scalar(sa.select(Commitment).where(Commitment.code == "21/T40"))
            signal = create_signal()
            signal.commitments.append(t40)
            db.session.commit()
            signal_id = signal.id
            db.session.close()
            with db.engine.connect() as connection:
                before = _links(connection)
                codes = set(connection.execute(sa.text("SELECT code FROM commitments")).scalars())
            assert before == [(signal_id, "21/T40")]

            downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                assert "version" not in _columns(connection)
                assert _links(connection) == before
                assert (
                    set(connection.execute(sa.text("SELECT code FROM commitments")).scalars())
                    == codes
                )

            upgrade()
            with db.engine.connect() as connection:
                assert "version" in _columns(connection)
                assert _links(connection) == before
                versions = connection.execute(sa.text("SELECT DISTINCT version FROM commitments"))
                assert list(versions.scalars()) == [1]  # every existing row starts at 1
        finally:
            db.session.remove()
            db.engine.dispose()
