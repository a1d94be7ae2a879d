"""Council commitments (toezeggingen) such as 21/T37.

This module imports nothing from signals. The link between signals and commitments
(the signal_commitments table, Signal.commitments and Commitment.signals) is mapped in
stem.signals.models, which imports this one: a commitment exists without signals, a
signal is linked to commitments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem.accounts.models import User  # the history's actor; accounts imports no feature
from stem.core.db import IdMixin, TimestampMixin, UTCDateTime, db, utcnow

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
    # Where progress stands in staff's words (internal), and the commitment's page in the
    # council information system (http or https only).
    progress_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    council_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    texts: Mapped[list[CommitmentText]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        order_by="CommitmentText.locale",
    )
    events: Mapped[list[CommitmentEvent]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="CommitmentEvent.id"
    )

    def translation(self, locale: str) -> CommitmentText | None:
        """The stored translation in `locale`, if written (Dutch lives in this row)."""
        return next((t for t in self.texts if t.locale == locale), None)

    def text(self, locale: str) -> ShownText:
        """The title and description to show a reader of `locale`.

        Dutch is the commitment's own title and description, always reviewed (the council's
        words). Another language shows its translation when one is written; else the Dutch
        text with `fallback` True, so a page can say it is not yet translated. `reviewed`
        tells whether staff checked the translation: public pages show only reviewed ones.
        """
        row = None if locale == "nl" else self.translation(locale)
        # A translation counts once it is whole: a translated title over a Dutch description
        # would carry one language's mark over another language's words.
        if row is not None and row.title and (row.description or not self.description):
            return ShownText(
                title=row.title,
                description=row.description,
                locale=locale,
                fallback=False,
                reviewed=row.reviewed,
            )
        return ShownText(
            title=self.title,
            description=self.description,
            locale="nl",
            fallback=locale != "nl",
            reviewed=True,
        )

    @property
    def label(self) -> str:
        """Code and title for a choice list; the code isolated (FSI ... PDI), so that
        "21/T40" does not read "T40/21" on an Arabic or Dari page (options hold no <bdi>)."""
        return f"\u2068{self.code}\u2069 {self.title}"


@dataclass(frozen=True)
class ShownText:
    """A commitment's texts as a page shows them in one language (see Commitment.text)."""

    title: str
    description: str
    locale: str  # the language of the texts: the one asked for, or "nl"
    fallback: bool  # True when Dutch stands in for the language asked for
    reviewed: bool


class CommitmentText(IdMixin, db.Model):
    """A commitment's title and description in a language other than Dutch."""

    __tablename__ = "commitment_texts"
    __table_args__ = (sa.UniqueConstraint("commitment_id", "locale"),)

    commitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitments.id", ondelete="CASCADE")
    )
    locale: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="texts")


class CommitmentEvent(IdMixin, db.Model):
    """One line of a commitment's history: who changed what, when, from what to what."""

    __tablename__ = "commitment_events"

    commitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # created, or a field name: code, title, status, made_on, due_on, fulfilled_on, ...
    kind: Mapped[str] = mapped_column(sa.String(20))
    old: Mapped[str] = mapped_column(sa.String(300), default="")
    new: Mapped[str] = mapped_column(sa.String(300), default="")

    commitment: Mapped[Commitment] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
