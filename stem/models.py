"""Imports every model, so Alembic and the tests see the whole schema."""

from stem.accounts.models import (
    Consent,
    LoginToken,
    MemberProfile,
    Organisation,
    RecoveryCode,
    User,
)
from stem.commitments.models import Commitment
from stem.core.models import AuditEvent, Heartbeat
from stem.notify.models import OutboxMessage
from stem.signals.models import (
    Signal,
    SignalAttachment,
    SignalEvent,
    SignalReply,
    SignalReplyText,
    SignalSubmitter,
    Theme,
)
from stem.surveys.models import (
    Answer,
    AnswerChoice,
    ContactRequest,
    Invitation,
    Option,
    OptionTranslation,
    Question,
    QuestionAudio,
    QuestionTranslation,
    Response,
    Round,
    RoundSummary,
    Survey,
    SurveyTranslation,
)

__all__ = [
    "Answer",
    "AnswerChoice",
    "AuditEvent",
    "Commitment",
    "Consent",
    "ContactRequest",
    "Heartbeat",
    "Invitation",
    "LoginToken",
    "MemberProfile",
    "Option",
    "OptionTranslation",
    "Organisation",
    "OutboxMessage",
    "Question",
    "QuestionAudio",
    "QuestionTranslation",
    "RecoveryCode",
    "Response",
    "Round",
    "RoundSummary",
    "Signal",
    "SignalAttachment",
    "SignalEvent",
    "SignalReply",
    "SignalReplyText",
    "SignalSubmitter",
    "Survey",
    "SurveyTranslation",
    "Theme",
    "User",
]
