"""Surveys, their translations and audio, monthly rounds, invitations and answers.

Anonymity is a property of the schema: in an anonymous round, `Invitation` (who was
asked, who took part) and `Response`/`Answer` (what was said) share no key, no foreign
key and no exact timestamp. A response in progress is found again through
`resume_key_hash`, an HMAC of the invitation token under a key the database does not
hold; the invitation keeps only a plain SHA-256 of the token, so the two cannot be
matched from the data. On submission the resume key is cleared.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem.core.db import IdMixin, StoredFileMixin, TimestampMixin, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from stem.accounts.models import User
    from stem.commitments.models import Commitment
    from stem.signals.models import Theme

QUESTION_KINDS = ("smiley3", "smiley5", "single", "multiple", "yesno", "short_text", "long_text")
CHOICE_KINDS = ("smiley3", "smiley5", "single", "multiple", "yesno")
SCALE_KINDS = ("smiley3", "smiley5")
TEXT_KINDS = ("short_text", "long_text")
SURVEY_STATUSES = ("draft", "ready", "archived")
ROUND_STATUSES = ("planned", "open", "closed")
RESPONSE_STATUSES = ("in_progress", "submitted")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(v) for v in values)})"


question_commitments = sa.Table(
    "question_commitments",
    db.metadata,
    sa.Column("question_id", sa.ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "commitment_id", sa.ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Survey(IdMixin, TimestampMixin, db.Model):
    """A questionnaire. Once a round has opened with it, edits make a new version.

    Versions of one survey share `family_id` (the id of the first version).
    """

    __tablename__ = "surveys"
    __table_args__ = (
        sa.CheckConstraint(_in("status", SURVEY_STATUSES), name="status"),
        sa.UniqueConstraint("family_id", "version"),
    )

    family_id: Mapped[int | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(sa.String(200))  # for staff, in Dutch
    anonymous: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="Question.position"
    )
    translations: Mapped[list[SurveyTranslation]] = relationship(
        back_populates="survey", cascade="all, delete-orphan"
    )
    rounds: Mapped[list[Round]] = relationship(back_populates="survey")


class SurveyTranslation(IdMixin, db.Model):
    """The survey's title and introduction in one language, with a review status."""

    __tablename__ = "survey_translations"
    __table_args__ = (sa.UniqueConstraint("survey_id", "locale"),)

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="translations")


class Question(IdMixin, db.Model):
    """One question; `key` stays the same across survey versions and copies, for trends."""

    __tablename__ = "questions"
    __table_args__ = (sa.CheckConstraint(_in("kind", QUESTION_KINDS), name="kind"),)

    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(32), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(12))
    required: Mapped[bool] = mapped_column(default=True)
    ask_contact: Mapped[bool] = mapped_column(default=False)  # "may we contact you about this?"
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))

    survey: Mapped[Survey] = relationship(back_populates="questions")
    theme: Mapped[Theme | None] = relationship()
    options: Mapped[list[Option]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="Option.position"
    )
    translations: Mapped[list[QuestionTranslation]] = relationship(
        back_populates="question", cascade="all, delete-orphan"
    )
    audio: Mapped[list[QuestionAudio]] = relationship(
        back_populates="question", cascade="all, delete-orphan"
    )
    commitments: Mapped[list[Commitment]] = relationship(secondary=question_commitments)


class QuestionTranslation(IdMixin, db.Model):
    __tablename__ = "question_translations"
    __table_args__ = (sa.UniqueConstraint("question_id", "locale"),)

    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    text: Mapped[str] = mapped_column(sa.Text)
    hint: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    question: Mapped[Question] = relationship(back_populates="translations")


class Option(IdMixin, db.Model):
    """A choice. Smiley faces (value 1..n, 1 = saddest) and yes/no are options too."""

    __tablename__ = "options"

    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    value: Mapped[str] = mapped_column(sa.String(32))  # "1".."5", "yes", "no", or a slug

    question: Mapped[Question] = relationship(back_populates="options")
    translations: Mapped[list[OptionTranslation]] = relationship(
        back_populates="option", cascade="all, delete-orphan"
    )


class OptionTranslation(IdMixin, db.Model):
    __tablename__ = "option_translations"
    __table_args__ = (sa.UniqueConstraint("option_id", "locale"),)

    option_id: Mapped[int] = mapped_column(sa.ForeignKey("options.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    label: Mapped[str] = mapped_column(sa.String(300))
    reviewed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    option: Mapped[Option] = relationship(back_populates="translations")


class QuestionAudio(IdMixin, StoredFileMixin, db.Model):
    """A recorded clip of a question in one language, stored outside static/."""

    __tablename__ = "question_audio"
    __table_args__ = (sa.UniqueConstraint("question_id", "locale"),)

    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    content_type: Mapped[str] = mapped_column(sa.String(40))
    # A computer voice rather than a person (the demo's clips): members are told so.
    synthetic: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    question: Mapped[Question] = relationship(back_populates="audio")


class Round(IdMixin, TimestampMixin, db.Model):
    """One month's asking (period "YYYY-MM") of one survey to all active members."""

    __tablename__ = "rounds"
    __table_args__ = (sa.CheckConstraint(_in("status", ROUND_STATUSES), name="status"),)

    period: Mapped[str] = mapped_column(sa.String(7), unique=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(8), default="planned")
    # Fixed from the survey when the round opens; never changes afterwards.
    anonymous: Mapped[bool] = mapped_column(default=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once every active member has an invitation row and a queued message.
    invitations_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    survey: Mapped[Survey] = relationship(back_populates="rounds")
    summaries: Mapped[list[RoundSummary]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )

    def summary_text(self, locale: str, *, unpublished: bool = False) -> SummaryText | None:
        """The published summary as a member reading `locale` sees it: their language, or
        the Dutch text marked `fallback` (not yet translated for them); None if unpublished
        (with `unpublished`, the saved text anyway: for staff previews)."""
        if self.summary_published_at is None and not unpublished:
            return None
        texts = {row.locale: row.body for row in self.summaries if row.body}
        if texts.get(locale):
            return SummaryText(texts[locale], locale, False)
        if texts.get("nl"):
            return SummaryText(texts["nl"], "nl", locale != "nl")
        return None


class SummaryText(NamedTuple):
    """A summary text as shown to a member; shaped like stem.surveys.texts.Text."""

    text: str
    locale: str  # the language the text is in
    fallback: bool  # True: the member's language was asked for, the Dutch text is shown
    reviewed: bool = True


class RoundSummary(IdMixin, db.Model):
    """What staff tell members the group said, per language ("what De Stem said in November")."""

    __tablename__ = "round_summaries"
    __table_args__ = (sa.UniqueConstraint("round_id", "locale"),)

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    round: Mapped[Round] = relationship(back_populates="summaries")


class RoundSummaryVersion(IdMixin, db.Model):
    """An earlier text of a published summary: who replaced it, when, and what it said."""

    __tablename__ = "round_summary_versions"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text)  # the old text ("" when the language was new)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    replaced_by: Mapped[User | None] = relationship()


class Invitation(IdMixin, db.Model):
    """That a member was asked in a round, was reminded, and took part. Never what they said."""

    __tablename__ = "invitations"
    __table_args__ = (sa.UniqueConstraint("round_id", "user_id"),)

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # SHA-256 of the link token
    locale: Mapped[str] = mapped_column(sa.String(8), default="nl")  # language group for results
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded: Mapped[bool] = mapped_column(default=False)

    round: Mapped[Round] = relationship()
    user: Mapped[User] = relationship()


class Response(IdMixin, db.Model):
    """One member's answers to one round. In anonymous rounds: no user, dates to the day."""

    __tablename__ = "responses"
    __table_args__ = (
        sa.CheckConstraint(_in("status", RESPONSE_STATUSES), name="status"),
        sa.UniqueConstraint("round_id", "user_id"),  # named rounds: one response per member
    )

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    # HMAC of the invitation token; cleared on submission. Unique: one response per link.
    resume_key_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    consent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consents.id", ondelete="SET NULL")
    )
    locale: Mapped[str] = mapped_column(sa.String(8), default="nl")
    status: Mapped[str] = mapped_column(sa.String(11), default="in_progress")
    started_on: Mapped[date] = mapped_column(sa.Date, default=date.today)
    submitted_on: Mapped[date | None] = mapped_column(sa.Date)
    # The results step that counted this response (stem.surveys.rounds.participation);
    # NULL while it waits for the next step of at least five.
    step: Mapped[int | None] = mapped_column()

    round: Mapped[Round] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(IdMixin, db.Model):
    """The answer to one question: text, or chosen options in `choices`."""

    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_id"),)

    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    choices: Mapped[list[AnswerChoice]] = relationship(
        back_populates="answer", cascade="all, delete-orphan"
    )


class AnswerChoice(db.Model):
    __tablename__ = "answer_choices"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        sa.ForeignKey("options.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    answer: Mapped[Answer] = relationship(back_populates="choices")


class ContactRequest(IdMixin, db.Model):
    """A member said "you may contact me about this": named on purpose, with their consent.

    Holds its own copy of what the member wrote, so the anonymous answer stays unlinked.
    """

    __tablename__ = "contact_requests"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    consent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consents.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_on: Mapped[date] = mapped_column(sa.Date, default=date.today)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    question: Mapped[Question] = relationship()


class ContactWish(IdMixin, db.Model):
    """ "You may contact me about this", ticked in an anonymous round: kept by the response's
    resume key only, until a participation step turns it into a named ContactRequest."""

    __tablename__ = "contact_wishes"
    __table_args__ = (sa.UniqueConstraint("round_id", "question_id", "resume_key_hash"),)

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    resume_key_hash: Mapped[str] = mapped_column(sa.String(64), index=True)


class ResultStep(IdMixin, db.Model):
    """A round's figures as they stood after one step of at least five new respondents.

    The results page and exports read the newest step instead of counting every answer on
    every view, and two moments can never differ by fewer than five people.
    """

    __tablename__ = "result_steps"
    __table_args__ = (sa.UniqueConstraint("round_id", "number"),)

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    respondents: Mapped[int] = mapped_column()
    created_on: Mapped[date] = mapped_column(sa.Date, default=date.today)
    figures: Mapped[dict] = mapped_column(sa.JSON, default=dict)
