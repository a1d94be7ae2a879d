"""Every installation starts with the themes and commitments; the demo adds signals once."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from stem.commitments.models import Commitment
from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.signals.demo.data import SIGNALS
from stem.signals.models import DISTRICT_NAMES, SIGNAL_STATUSES, Theme
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
SEED_MIGRATION = next((ROOT / "migrations" / "versions").glob("*_seed_themes_and_commitments.py"))
BEFORE_SEED = "4de4cef88bcc"


def _migration():
    spec = importlib.util.spec_from_file_location("seed_migration", SEED_MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


seed = _migration()  # the seeded data lives in the migration alone


def test_a_migrated_database_has_the_fifteen_themes():
    themes = list(db.session.scalars(sa.select(Theme).order_by(Theme.position)))
    seeded = [theme for theme in themes if theme.slug in dict(seed.THEMES)]
    assert [(t.slug, t.names) for t in seeded] == seed.THEMES
    assert [t.position for t in seeded] == list(range(15))
    assert all(t.active and t.reply_days == 10 for t in seeded)


def test_every_theme_has_a_name_in_all_eight_languages():
    for slug, names in seed.THEMES:
        assert set(names) == set(LOCALE_CODES), slug
        assert all(name.strip() == name and name for name in names.values()), slug
    for code in LOCALE_CODES:
        in_language = [names[code] for _slug, names in seed.THEMES]
        assert len(set(in_language)) == len(in_language), f"two themes share a name in {code}"


def test_a_migrated_database_has_the_five_commitments_from_the_letter():
    commitments = {
        c.code: c
        for c in db.session.scalars(
            sa.select(Commitment).where(Commitment.code.in_([c[0] for c in seed.COMMITMENTS]))
        )
    }
    assert sorted(commitments) == sorted(["21/T37", "21/T40", "20/T580", "20/T581", "21/T36"])
    for code, title, description in seed.COMMITMENTS:
        commitment = commitments[code]
        assert (commitment.title, commitment.description) == (title, description)
        # The progress letter of 21 June 2022 reported on all five and closed them.
        assert commitment.status == "fulfilled"
        assert commitment.fulfilled_on == date(2022, 6, 21)
        assert "10036026" in commitment.fulfilled_by
        assert commitment.department == "Asiel en Integratie"
    assert "Welkomhuis" in commitments["21/T40"].title
    assert "De Stem" in commitments["21/T37"].description


def test_the_migration_stands_on_its_own():
    assert seed.down_revision == BEFORE_SEED
    assert "import stem" not in SEED_MIGRATION.read_text(encoding="utf-8")


@pytest.mark.no_db_rollback
def test_the_migration_keeps_existing_rows_and_its_downgrade_keeps_used_ones(tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.factories import create_signal

    app = make_app(f"sqlite:///{tmp_path / 'seed.db'}", tmp_path / "instance")
    with app.app_context():
        try:
            upgrade(revision=BEFORE_SEED)
            # An installation where `stem demo` had already added a theme and a commitment.
            db.session.add(Theme(slug="huisvesting", names={"nl": "Wonen"}, position=7))
            # As SQL, with the columns of that revision: the model has columns added later.
            db.session.execute(
                sa.text(
                    "INSERT INTO commitments (code, title, description, status, fulfilled_by,"
                    " department, created_at)"
                    " VALUES ('21/T37', 'Eigen titel', '', 'open', '', '', CURRENT_TIMESTAMP)"
                )
            )
            db.session.commit()

            upgrade()
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Theme)) == 15
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Commitment)) == 5
            kept = db.session.scalar(sa.select(Theme).where(Theme.slug == "huisvesting"))
            assert kept.names == {"nl": "Wonen"}
            titles = dict(db.session.execute(sa.select(Commitment.code, Commitment.title)).all())
            assert titles["21/T37"] == "Eigen titel"

            welkomhuis = db.session.scalar(sa.select(Theme).where(Theme.slug == "welkomhuis"))
            t40 = db.session.scalar(sa.select(Commitment).where(Commitment.code == "21/T40"))
            create_signal(theme=welkomhuis).commitments.append(t40)
            db.session.commit()
            db.session.close()

            downgrade(revision=BEFORE_SEED)
            assert list(db.session.scalars(sa.select(Theme.slug))) == ["welkomhuis"]
            assert list(db.session.scalars(sa.select(Commitment.code))) == ["21/T40"]
            db.session.close()

            upgrade()
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Theme)) == 15
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Commitment)) == 5
        finally:
            db.session.remove()
            db.engine.dispose()


def _stem_demo(env: dict, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stem", "demo"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_stem_demo_adds_the_signals_once(tmp_path):
    path = tmp_path / "demo.db"
    env = {
        **os.environ,
        "STEM_DATABASE_URL": f"sqlite:///{path}",
        "STEM_ENV": "development",
        "STEM_LOG_LEVEL": "WARNING",
    }
    env.pop("STEM_TEST_DATABASE_URL", None)

    def counts() -> dict[str, int]:
        with sqlite3.connect(path) as conn:
            return {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in (
                    "themes",
                    "commitments",
                    "users",
                    "signals",
                    "signal_submitters",
                    "signal_events",
                    "signal_replies",
                    "signal_commitments",
                )
            }

    _stem_demo(env, tmp_path)
    first = counts()
    _stem_demo(env, tmp_path)
    assert counts() == first
    assert first["themes"] == 15
    assert first["commitments"] == 5
    assert first["signals"] == len(SIGNALS) >= 25
    assert first["signal_replies"] >= 2
    assert first["signal_commitments"] >= 10

    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT status, source, language, due_on FROM signals").fetchall()
        references = [r[0] for r in conn.execute("SELECT reference FROM signals")]
        reply_locales = {r[0] for r in conn.execute("SELECT locale FROM signal_reply_texts")}
        merged = conn.execute(
            "SELECT count(*) FROM signals WHERE status = 'merged' AND merged_into_id IS NOT NULL"
        ).fetchone()[0]
    statuses = {r[0] for r in rows}
    assert {"new", "triage", "in_progress", "answered", "closed", "merged"} <= statuses
    assert {"member", "partner", "staff", "meeting"} <= {r[1] for r in rows}
    assert {"nl", "en", "ar", "ti", "fa_AF", "uk", "tr", "so"} <= {r[2] for r in rows}
    assert {"nl", "en"} <= reply_locales
    assert merged == 1
    today = date.today().isoformat()
    overdue = [r for r in rows if r[0] in ("new", "triage", "in_progress") and r[3] < today]
    assert 2 <= len(overdue) <= 6
    assert all(ref.startswith("S-") and ref[-5:].isdigit() for ref in references)


def test_the_demo_signals_follow_the_rules_of_the_model():
    keys = [s.key for s in SIGNALS]
    assert len(set(keys)) == len(keys)
    assert len({s.body for s in SIGNALS}) == len(SIGNALS)  # the loader finds them by text
    slugs = dict(seed.THEMES)
    codes = {c[0] for c in seed.COMMITMENTS}
    for spec in SIGNALS:
        assert spec.theme in slugs, spec.key
        assert set(spec.commitments) <= codes, spec.key
        assert spec.status in SIGNAL_STATUSES, spec.key
        assert spec.district is None or spec.district in DISTRICT_NAMES, spec.key
        if spec.status == "not_pursued":
            assert spec.reason, spec.key
        if spec.status in ("answered", "closed"):
            assert {"nl", "en"} <= set(spec.reply), spec.key
        if spec.merged_into:
            assert spec.merged_into in keys
