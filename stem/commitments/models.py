"""Council commitments (toezeggingen) such as 21/T37.

This module imports nothing from signals. The link between signals and commitments
(the signal_commitments table, Signal.commitments and Commitment.signals) is mapped in
stem.signals.models, which imports this one: a commitment exists without signals, a
signal is linked to commitments.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem.core.db import IdMixin, TimestampMixin, db

COMMITMENT_STATUSES = ("open", "in_progress", "fulfilled")


class Commitment(IdMixin, TimestampMixin, db.Model):
    """A promise of the executive to the council, in the council's own words (Dutch).

    `version` is an optimistic lock, as on Signal: SQLAlchemy adds it to every UPDATE's
    WHERE clause, so a save based on a stale copy raises StaleDataError instead of
    overwriting what another admin saved in between.
    """

    __tablename__ = "commitments"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open','in_progress','fulfilled')", name="status"),
    )

    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    made_on: Mapped[date | None] = mapped_column(sa.Date)
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")
    fulfilled_on: Mapped[date | None] = mapped_column(sa.Date)
    fulfilled_by: Mapped[str] = mapped_column(sa.String(200), default="")  # the letter
    department: Mapped[str] = mapped_column(sa.String(120), default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        """Code and title for a choice list; the code isolated (FSI ... PDI), so that
        "21/T40" does not read "T40/21" on an Arabic or Dari page (options hold no <bdi>)."""
        return f"\u2068{self.code}\u2069 {self.title}"
