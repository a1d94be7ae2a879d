"""Translation requests, translators' language pairs, the glossary and Dutch versions of signals."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem.core.db import IdMixin, TimestampMixin, UTCDateTime, db, utcnow

SOURCE_KINDS = (
    "signal",
    "reply",
    "action",
    "action_update",
    "summary",
    "survey_text",
    "commitment",
)
STATUSES = ("requested", "draft", "reviewed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


class TranslationRequest(IdMixin, TimestampMixin, db.Model):
    """One text to translate into one language, and where the translation will be used.

    The source text is a snapshot: the translator works on what staff asked for, even when the
    original changes. `version` is an optimistic lock, as on signals.
    """

    __tablename__ = "translation_requests"
    __table_args__ = (
        sa.CheckConstraint(_in("status", STATUSES), name="status"),
        sa.CheckConstraint(_in("source_kind", SOURCE_KINDS), name="source_kind"),
        sa.CheckConstraint("source_locale <> target_locale", name="other_language"),
        # One open request per text and language; a reviewed one may be followed by a new one.
        sa.Index(
            "uq_translation_requests_open",
            "source_kind",
            "source_id",
            "field",
            "target_locale",
            unique=True,
            postgresql_where=sa.text("status <> 'reviewed'"),
            sqlite_where=sa.text("status <> 'reviewed'"),
        ),
        sa.Index("ix_translation_requests_target_status", "target_locale", "status"),
    )

    source_kind: Mapped[str] = mapped_column(sa.String(20))
    source_id: Mapped[int] = mapped_column()
    field: Mapped[str] = mapped_column(sa.String(40), default="body")
    source_text: Mapped[str] = mapped_column(sa.Text)
    source_locale: Mapped[str] = mapped_column(sa.String(8))
    target_locale: Mapped[str] = mapped_column(sa.String(8))
    used_for: Mapped[str] = mapped_column(sa.String(200), default="")
    needed_by: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(10), default="requested")
    draft_text: Mapped[str] = mapped_column(sa.Text, default="")
    # A machine draft stays marked as such until a person saves or reviews it.
    machine: Mapped[bool] = mapped_column(default=False)
    translator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<TranslationRequest {self.id} {self.source_kind}:{self.source_id} {self.status}>"


class TranslatorLanguage(db.Model):
    """A language a translator works in, always paired with Dutch (X ⇄ Dutch)."""

    __tablename__ = "translator_languages"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)


class GlossaryTerm(IdMixin, TimestampMixin, db.Model):
    """A Dutch term with its agreed translation per language (or: keep the Dutch word)."""

    __tablename__ = "glossary_terms"

    term: Mapped[str] = mapped_column(sa.String(120), unique=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    translations: Mapped[list[GlossaryTranslation]] = relationship(
        back_populates="term", cascade="all, delete-orphan", order_by="GlossaryTranslation.locale"
    )

    def rendering(self, locale: str) -> GlossaryTranslation | None:
        return next((t for t in self.translations if t.locale == locale), None)


class GlossaryTranslation(db.Model):
    """How one glossary term is written in one language."""

    __tablename__ = "glossary_translations"

    term_id: Mapped[int] = mapped_column(
        sa.ForeignKey("glossary_terms.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    translation: Mapped[str] = mapped_column(sa.String(200), default="")
    keep_dutch: Mapped[bool] = mapped_column(default=False)

    term: Mapped[GlossaryTerm] = relationship(back_populates="translations")

    @property
    def agreed(self) -> str:
        """The words a translation must contain: the Dutch term itself when it is kept."""
        return self.term.term if self.keep_dutch else self.translation


class SignalTranslation(db.Model):
    """A signal's text in Dutch (or another language), as written through the desk."""

    __tablename__ = "signal_translations"
    __table_args__ = (
        sa.CheckConstraint("status IN ('machine','draft','reviewed')", name="status"),
    )

    signal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="reviewed")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
