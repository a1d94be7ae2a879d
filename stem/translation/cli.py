"""`stem translation detect [--all]`: detect the language of signals made before detection.

New signals get their detected language at intake; this fills it for older ones (those
without one), or with --all detects every signal again (after the detector improved).
Safe to run while Stem runs: it changes nothing but `signals.detected_language`.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from stem.core.db import db
from stem.signals.models import Signal
from stem.translation.detect import detect_code


@click.group("translation")
def translation_cli() -> None:
    """The translation desk: the language of what people write."""


@translation_cli.command("detect")
@click.option("--all", "every", is_flag=True, help="Detect every signal again, not only new ones.")
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    help="Signals per transaction.",
)
@with_appcontext
def detect_command(every: bool, batch_size: int) -> None:
    """Detect the language of signals' texts and store it."""
    query = sa.select(Signal.id, Signal.body).order_by(Signal.id)
    if not every:
        query = query.where(Signal.detected_language.is_(None))
    last_id, done, changed = 0, 0, 0
    while True:
        rows = db.session.execute(query.where(Signal.id > last_id).limit(batch_size)).all()
        if not rows:
            break
        for signal_id, body in rows:
            code = detect_code(body)
            result = db.session.execute(
                sa.update(Signal)
                .where(Signal.id == signal_id)
                .where(Signal.detected_language.is_distinct_from(code))
                .values(detected_language=code)
                .execution_options(synchronize_session=False)
            )
            changed += result.rowcount
        db.session.commit()
        done += len(rows)
        last_id = rows[-1][0]
    click.echo(f"Signals read: {done}; detected language stored or changed: {changed}.")
