"""`stem translation detect`: signals made before detection get their language."""

from __future__ import annotations

import sqlalchemy as sa

from stem.core.db import db
from stem.signals.models import Signal
from stem.translation.cli import translation_cli
from tests import factories


def _invoke(app, *args):
    return app.test_cli_runner().invoke(translation_cli, ["detect", *args])


def _stored() -> dict[str, str | None]:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(Signal.reference, Signal.detected_language)).all())


def test_detect_fills_signals_without_a_language_and_leaves_the_others(app):
    factories.create_signal(reference="S-OLD-1", body="Het dak lekt al maanden in ons huis.")
    factories.create_signal(
        reference="S-OLD-2", body="يوجد عفن في غرفة الأطفال والمالك لا يفعل شيئا."
    )
    factories.create_signal(
        reference="S-OLD-3", body="Kira çok arttı ve artık ödeyemiyorum.", detected_language="en"
    )
    db.session.commit()
    result = _invoke(app, "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert "Signals read: 2; detected language stored or changed: 2." in result.output
    assert _stored() == {"S-OLD-1": "nl", "S-OLD-2": "ar", "S-OLD-3": "en"}


def test_detect_all_detects_every_signal_again(app):
    factories.create_signal(
        reference="S-OLD-4", body="Kira çok arttı ve artık ödeyemiyorum.", detected_language="en"
    )
    factories.create_signal(
        reference="S-OLD-5", body="Het dak lekt al maanden in ons huis.", detected_language="nl"
    )
    db.session.commit()
    result = _invoke(app, "--all")
    assert result.exit_code == 0, result.output
    assert "Signals read: 2; detected language stored or changed: 1." in result.output
    assert _stored() == {"S-OLD-4": "tr", "S-OLD-5": "nl"}
