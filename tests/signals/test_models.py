"""The signal-commitment link is mapped on the signals side only; both directions work."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from stem.core.db import db
from tests import factories


def test_commitments_are_mapped_without_the_signals_module():
    script = textwrap.dedent(
        """
        import sys
        from sqlalchemy.orm import configure_mappers
        import stem.commitments.models
        configure_mappers()
        assert "stem.signals.models" not in sys.modules, "commitments imported signals"
        """
    )
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_link_is_seen_from_both_sides(app):
    signal = factories.create_signal()
    commitment = factories.create_commitment()
    signal.commitments.append(commitment)
    db.session.flush()
    db.session.expire_all()
    assert [s.id for s in commitment.signals] == [signal.id]
    assert [c.id for c in signal.commitments] == [commitment.id]
