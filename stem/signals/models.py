"""Signals and the themes they are filed under: intake, triage, history, replies.

Also the link between signals and council commitments, from both sides: the
signal_commitments table, Signal.commitments and Commitment.signals. The commitments
module knows nothing of signals, so this module imports it and not the other way round.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem.commitments.models import Commitment
from stem.core.db import IdMixin, StoredFileMixin, TimestampMixin, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from stem.accounts.models import Organisation, User


class Theme(IdMixin, db.Model):
    """A theme such as "Z-route" or "Welkomhuis"; names per locale, managed by admins."""

    __tablename__ = "themes"

    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    # {"nl": "Huisvesting", "en": "Housing", ...}; Dutch is required, others fall back to it.
    names: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    reply_days: Mapped[int] = mapped_column(default=10)  # working days for a reply
    active: Mapped[bool] = mapped_column(default=True)

    def name(self, locale: str) -> str:
        """The theme's name in a language, or in Dutch when it has none."""
        return self.names.get(locale) or self.names.get("nl") or self.slug


# --- Signals -----------------------------------------------------------------

SIGNAL_STATUSES = ("new", "triage", "in_progress", "answered", "closed", "merged", "not_pursued")
OPEN_STATUSES = ("new", "triage", "in_progress")
SIGNAL_SOURCES = ("member", "partner", "survey", "meeting", "staff")
PRIORITIES = ("low", "normal", "high")
# Utrecht's ten districts (wijken); proper names, the same in every language.
DISTRICTS = (
    ("west", "West"),
    ("noordwest", "Noordwest"),
    ("overvecht", "Overvecht"),
    ("noordoost", "Noordoost"),
    ("oost", "Oost"),
    ("binnenstad", "Binnenstad"),
    ("zuid", "Zuid"),
    ("zuidwest", "Zuidwest"),
    ("leidsche-rijn", "Leidsche Rijn"),
    ("vleuten-de-meern", "Vleuten-De Meern"),
)
DISTRICT_NAMES = dict(DISTRICTS)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(v) for v in values)})"


signal_commitments = sa.Table(
    "signal_commitments",
    db.metadata,
    sa.Column("signal_id", sa.ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "commitment_id", sa.ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("linked_at", UTCDateTime, nullable=False, default=utcnow),
    sa.Column("linked_by_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Index("ix_signal_commitments_commitment_id", "commitment_id"),
)


class Signal(IdMixin, TimestampMixin, db.Model):
    """Something noticed about the integration approach, from one or more submitters.

    `version` is an optimistic lock: SQLAlchemy adds it to every UPDATE's WHERE clause, so
    a save based on a stale copy raises StaleDataError instead of overwriting.
    """

    __tablename__ = "signals"
    __table_args__ = (
        sa.CheckConstraint(_in("status", SIGNAL_STATUSES), name="status"),
        sa.CheckConstraint(_in("source", SIGNAL_SOURCES), name="source"),
        sa.CheckConstraint(_in("priority", PRIORITIES), name="priority"),
        sa.CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self"),
        sa.Index("ix_signals_status_theme", "status", "theme_id", "created_at"),
        sa.Index("ix_signals_due", "status", "due_on"),
    )

    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)  # e.g. "S-2026-00042"
    body: Mapped[str] = mapped_column(sa.Text)
    # The submitter's locale; "mul" for quoted answers in several languages, "und" when
    # the language is not known (BCP 47 tags both).
    language: Mapped[str] = mapped_column(sa.String(8), default="nl")
    # The language of the text itself, as stem.translation.detect found it ("mul" mixed,
    # "und" not known); None until detected (`stem translation detect --all`).
    detected_language: Mapped[str | None] = mapped_column(sa.String(8))
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id"), index=True)
    district: Mapped[str | None] = mapped_column(sa.String(30))
    source: Mapped[str] = mapped_column(sa.String(10))
    # What the source was: "phone call", a meeting's name; free text from staff.
    source_detail: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    # For signals made from survey answers: the round and question, never the member.
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="SET NULL"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(sa.String(12), default="new")
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")  # why not pursued
    priority: Mapped[str] = mapped_column(sa.String(6), default="normal")
    assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)
    # Hash of the submitter and the form's one-time key: a second POST of the same form
    # finds this signal instead of creating another.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    __mapper_args__ = {"version_id_col": version}

    theme: Mapped[Theme] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    organisation: Mapped[Organisation | None] = relationship()
    merged_into: Mapped[Signal | None] = relationship(remote_side="Signal.id")
    submitters: Mapped[list[SignalSubmitter]] = relationship(
        back_populates="signal",
        cascade="all, delete-orphan",
        order_by="SignalSubmitter.id",
        foreign_keys="SignalSubmitter.signal_id",
    )
    events: Mapped[list[SignalEvent]] = relationship(
        back_populates="signal", cascade="all, delete-orphan", order_by="SignalEvent.id"
    )
    attachments: Mapped[list[SignalAttachment]] = relationship(
        back_populates="signal", cascade="all, delete-orphan", order_by="SignalAttachment.id"
    )
    replies: Mapped[list[SignalReply]] = relationship(
        back_populates="signal", cascade="all, delete-orphan", order_by="SignalReply.id"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        secondary=signal_commitments, back_populates="signals", order_by="Commitment.code"
    )


# The other side of the link, added to Commitment here so that stem.commitments.models
# needs no import of signals (a commitment is mapped, and works, without this module).
Commitment.signals = relationship(
    Signal, secondary=signal_commitments, back_populates="commitments"
)


class SignalSubmitter(IdMixin, db.Model):
    """A person or organisation who raised a signal. Merging moves them to the survivor.

    Either a user (member or partner with an account) or, when staff report on someone's
    behalf, a name and an address. Contact details are shown to staff only with consent.
    """

    __tablename__ = "signal_submitters"
    __table_args__ = (sa.CheckConstraint("channel IN ('email','sms','none')", name="channel"),)

    signal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(20))  # E.164
    locale: Mapped[str] = mapped_column(sa.String(8), default="nl")
    channel: Mapped[str] = mapped_column(sa.String(5), default="email")
    may_contact: Mapped[bool] = mapped_column(default=False)
    consent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The signal this person raised, once a merge moved them to another: messages name
    # the reference they know, and its page shows the reply given on the survivor.
    origin_signal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="SET NULL"), index=True
    )
    # The person deleted their account: nobody is left to send a reply to.
    account_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    signal: Mapped[Signal] = relationship(back_populates="submitters", foreign_keys=[signal_id])
    origin_signal: Mapped[Signal | None] = relationship(foreign_keys=[origin_signal_id])
    user: Mapped[User | None] = relationship()

    @property
    def known_signal(self) -> Signal:
        """The signal whose reference this person knows: their own, also after a merge."""
        return self.origin_signal or self.signal

    organisation: Mapped[Organisation | None] = relationship()


class SignalEvent(IdMixin, db.Model):
    """One line of a signal's history: who changed what, when, from what to what."""

    __tablename__ = "signal_events"

    signal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # created, status, assignee, theme, priority, district, link, unlink, reply, merge,
    # merged_from, attachment, retention, due
    kind: Mapped[str] = mapped_column(sa.String(20))
    old: Mapped[str] = mapped_column(sa.String(300), default="")
    new: Mapped[str] = mapped_column(sa.String(300), default="")

    signal: Mapped[Signal] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class SignalAttachment(IdMixin, StoredFileMixin, db.Model):
    """A photo or PDF, stored outside static/ under `storage_key`, served only as a download."""

    __tablename__ = "signal_attachments"

    signal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(60))

    signal: Mapped[Signal] = relationship(back_populates="attachments")


class SignalReply(IdMixin, db.Model):
    """The answer to the submitters (terugkoppeling), with a text per language."""

    __tablename__ = "signal_replies"

    signal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    signal: Mapped[Signal] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()
    texts: Mapped[list[SignalReplyText]] = relationship(
        back_populates="reply", cascade="all, delete-orphan", order_by="SignalReplyText.locale"
    )

    def text_for(self, locale: str) -> tuple[str, str]:
        """(locale, text) in `locale`, else Dutch; the caller adds English where it helps."""
        by_locale = {t.locale: t.body for t in self.texts}
        if locale in by_locale:
            return locale, by_locale[locale]
        return "nl", by_locale.get("nl", "")


class SignalReplyText(IdMixin, db.Model):
    __tablename__ = "signal_reply_texts"
    __table_args__ = (sa.UniqueConstraint("reply_id", "locale"),)

    reply_id: Mapped[int] = mapped_column(sa.ForeignKey("signal_replies.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text)

    reply: Mapped[SignalReply] = relationship(back_populates="texts")
