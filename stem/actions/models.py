"""Follow-up actions, their texts per language, links, progress updates and history.

An action is owned by a department (a name) or by a partner organisation, and has one
responsible staff member. Its progress is set by hand or rolled up from its sub-actions
(`parent_id`), weighted by `weight`. Links to signals, commitments and rounds are mapped
here, on the action's side only: the signals, commitments and surveys modules know
nothing of actions.

`version` is an optimistic lock, as on Signal: a save based on a stale copy raises
StaleDataError instead of overwriting what a colleague saved in between.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem.commitments.models import Commitment
from stem.core.db import IdMixin, TimestampMixin, UTCDateTime, db, utcnow
from stem.signals.models import Signal

if TYPE_CHECKING:
    from stem.accounts.models import Organisation, User
    from stem.surveys.models import Question, Round

ACTION_STATUSES = ("planned", "in_progress", "done", "stopped")
# The progress a status gives unless staff set another one in the same save.
STATUS_PROGRESS = {"planned": 0, "done": 100}
FINISHED = ("done", "stopped")
PROGRESS_MODES = ("manual", "rollup")
UPDATE_STATES = ("submitted", "approved")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(v) for v in values)})"


def _link_table(name: str, column: str, target: str) -> sa.Table:
    return sa.Table(
        name,
        db.metadata,
        sa.Column("action_id", sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(column, sa.ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("linked_at", UTCDateTime, nullable=False, default=utcnow),
        sa.Column("linked_by_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Index(f"ix_{name}_{column}", column),
    )


action_signals = _link_table("action_signals", "signal_id", "signals")
action_commitments = _link_table("action_commitments", "commitment_id", "commitments")
# Co-creation sessions: once stem/sessions has its Meeting table, an `action_meetings`
# link table joins here the same way (_link_table("action_meetings", "meeting_id",
# "meetings")), with Action.meetings beside Action.signals.


class Action(IdMixin, TimestampMixin, db.Model):
    """A follow-up action: who does what by when, and how far it is."""

    __tablename__ = "actions"
    __table_args__ = (
        sa.CheckConstraint(_in("status", ACTION_STATUSES), name="status"),
        sa.CheckConstraint(_in("progress_mode", PROGRESS_MODES), name="progress_mode"),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        sa.CheckConstraint("weight >= 1 AND weight <= 100", name="weight"),
        sa.CheckConstraint(
            "due_on IS NULL OR starts_on IS NULL OR due_on >= starts_on", name="dates"
        ),
        sa.CheckConstraint(
            "(owner_organisation_id IS NULL) <> (owner_department = '')", name="one_owner"
        ),
        sa.CheckConstraint("status <> 'stopped' OR stopped_reason <> ''", name="stop_reason"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        sa.Index("ix_actions_status_due", "status", "due_on"),
    )

    responsible_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner_department: Mapped[str] = mapped_column(sa.String(120), default="")
    owner_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default="planned")
    stopped_reason: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    progress: Mapped[int] = mapped_column(default=0)
    progress_mode: Mapped[str] = mapped_column(sa.String(8), default="manual")
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="SET NULL"), index=True
    )
    weight: Mapped[int] = mapped_column(default=1)  # its share in the parent's progress
    public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Set on every save, so that a change to the texts alone also raises the version.
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    responsible: Mapped[User | None] = relationship(foreign_keys=[responsible_id])
    owner_organisation: Mapped[Organisation | None] = relationship()
    parent: Mapped[Action | None] = relationship(remote_side="Action.id", back_populates="children")
    children: Mapped[list[Action]] = relationship(back_populates="parent", order_by="Action.id")
    texts: Mapped[list[ActionText]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionText.locale"
    )
    events: Mapped[list[ActionEvent]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionEvent.id"
    )
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        order_by=lambda: (ActionUpdate.happened_on.desc(), ActionUpdate.id.desc()),
    )
    signals: Mapped[list[Signal]] = relationship(secondary=action_signals, order_by="Signal.id")
    commitments: Mapped[list[Commitment]] = relationship(
        secondary=action_commitments, order_by="Commitment.code"
    )
    round_links: Mapped[list[ActionRound]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionRound.id"
    )

    def text(self, locale: str) -> ActionText | None:
        """The texts in `locale`, if written."""
        return next((t for t in self.texts if t.locale == locale), None)

    @property
    def title_nl(self) -> str:
        row = self.text("nl")
        return row.title if row else ""

    def effective_progress(self, _seen: frozenset[int] = frozenset()) -> int:
        """The progress shown: by hand, or the weighted mean of the sub-actions.

        Stopped sub-actions do not count; without counting sub-actions the own value holds.
        """
        if self.progress_mode != "rollup" or self.id in _seen:
            return self.progress
        seen = _seen | {self.id}
        counted = [c for c in self.children if c.status != "stopped"]
        total = sum(c.weight for c in counted)
        if not total:
            return self.progress
        value = sum(c.effective_progress(seen) * c.weight for c in counted) / total
        return round(value)

    def is_overdue(self, today: date) -> bool:
        """Past its due date and neither done nor stopped."""
        return self.due_on is not None and self.due_on < today and self.status not in FINISHED


class ActionText(IdMixin, db.Model):
    """An action's title and description in one language, with a review status."""

    __tablename__ = "action_texts"
    __table_args__ = (sa.UniqueConstraint("action_id", "locale"),)

    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    action: Mapped[Action] = relationship(back_populates="texts")


class ActionRound(IdMixin, db.Model):
    """A link from an action to a round and, optionally, one of the round's questions."""

    __tablename__ = "action_rounds"
    __table_args__ = (sa.Index("ix_action_rounds_round_id", "round_id"),)

    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE")
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    linked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    action: Mapped[Action] = relationship(back_populates="round_links")
    round: Mapped[Round] = relationship()
    question: Mapped[Question | None] = relationship()


class ActionEvent(IdMixin, db.Model):
    """One line of an action's history: who changed what, when, from what to what."""

    __tablename__ = "action_events"

    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # created, status, progress, progress_mode, starts, due, responsible, owner, public,
    # parent, weight, title, description, link, unlink, update, approve
    kind: Mapped[str] = mapped_column(sa.String(20))
    old: Mapped[str] = mapped_column(sa.String(300), default="")
    new: Mapped[str] = mapped_column(sa.String(300), default="")

    action: Mapped[Action] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ActionUpdate(IdMixin, db.Model):
    """A dated progress update: what happened, what comes next and when.

    Staff's updates are approved when posted; a partner's wait for staff (submitted).
    Only an approved, public update of a public action may ever be shown publicly.
    """

    __tablename__ = "action_updates"
    __table_args__ = (sa.CheckConstraint(_in("state", UPDATE_STATES), name="state"),)

    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    happened_on: Mapped[date] = mapped_column(sa.Date)
    next_on: Mapped[date | None] = mapped_column(sa.Date)  # when the next step is due
    public: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(sa.String(10), default="submitted")
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    texts: Mapped[list[ActionUpdateText]] = relationship(
        back_populates="update", cascade="all, delete-orphan", order_by="ActionUpdateText.locale"
    )

    def text(self, locale: str) -> ActionUpdateText | None:
        return next((t for t in self.texts if t.locale == locale), None)


class ActionUpdateText(IdMixin, db.Model):
    """An update's texts in one language, with a review status."""

    __tablename__ = "action_update_texts"
    __table_args__ = (sa.UniqueConstraint("update_id", "locale"),)

    update_id: Mapped[int] = mapped_column(
        sa.ForeignKey("action_updates.id", ondelete="CASCADE")
    )
    locale: Mapped[str] = mapped_column(sa.String(8))
    happened: Mapped[str] = mapped_column(sa.Text)  # what happened
    next_steps: Mapped[str] = mapped_column(sa.Text, default="")  # what comes next
    reviewed: Mapped[bool] = mapped_column(default=False)

    update: Mapped[ActionUpdate] = relationship(back_populates="texts")


WORD_BACK_KINDS = ("update", "status", "done")


class WordBackEvent(IdMixin, db.Model):
    """News for one person who raised a linked signal: waiting to be told, or told.

    Recorded in the same transaction as the public update or status change; the word-back
    job bundles a person's pending news into one message a day and marks the rows sent in
    the transaction that queues it. `release` is set when staff chose to send the Dutch
    and English texts to people whose language has no translation yet.
    """

    __tablename__ = "action_word_back"
    __table_args__ = (
        sa.CheckConstraint(_in("kind", WORD_BACK_KINDS), name="kind"),
        sa.Index("ix_action_word_back_pending", "sent_at", "action_id"),
    )

    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id", ondelete="CASCADE"))
    signal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    submitter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("signal_submitters.id", ondelete="CASCADE"), index=True
    )
    update_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("action_updates.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[str] = mapped_column(sa.String(12), default="")  # the new status
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
