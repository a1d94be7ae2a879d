"""Monthly rounds: plan, open, close, figures, and the scheduler's reconciler.

Every operation is an idempotent reconciler that is safe when two processes run it at
once: a period has one round (unique `rounds.period`), state changes are conditional
UPDATEs that only one process wins, and invitations and reminders are keyed by unique
constraints (see stem.surveys.rounds.invitations). Web requests flush and let the
request commit; the scheduler and the CLI pass `commit=True` where work is long.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.surveys.models import Invitation, Round, Survey
from stem.surveys.results.summary_messages import queue_summary_messages
from stem.surveys.rounds.invitations import (
    MANUAL_REMINDER_GAP,
    active_members,
    cancel_pending_messages,
    queue_invitations,
    send_reminders,
)
from stem.surveys.rounds.participation import take_step, take_steps
from stem.surveys.rounds.schedule import check_period, closes_at, opens_at, period_of

log = logging.getLogger(__name__)


class RoundError(Exception):
    """An operation that cannot be done; the message is for staff, in their language."""


class NoSurveyError(RoundError):
    """No survey is planned and no earlier round shows which one to use."""


def _already_started() -> RoundError:
    return RoundError(_("Deze ronde is al begonnen. Je kunt de vragenlijst niet meer kiezen."))


def get_round(period: str, *, fresh: bool = False) -> Round | None:
    """The round of a period, if any (`fresh` re-reads what another process committed)."""
    query = sa.select(Round).where(Round.period == period)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return db.session.scalar(query)


def _latest_ready(family_id: int) -> Survey | None:
    return db.session.scalar(
        sa.select(Survey)
        .where(Survey.family_id == family_id, Survey.status == "ready")
        .order_by(Survey.version.desc(), Survey.id.desc())
        .limit(1)
    )


def usable_survey(survey: Survey) -> Survey | None:
    """The survey itself when ready, else the newest ready version of its family."""
    if survey.status == "ready":
        return survey
    return _latest_ready(survey.family_id or survey.id)


def default_survey() -> Survey | None:
    """The newest ready version of the survey family the most recent round used."""
    last = db.session.scalar(
        sa.select(Round)
        .where(Round.status.in_(("open", "closed")))
        .order_by(Round.period.desc())
        .limit(1)
    )
    if last is None:
        return None
    return _latest_ready(last.survey.family_id or last.survey_id)


def survey_for(period: str, survey: Survey | None = None) -> Survey | None:
    """The survey a round for `period` would use: given, planned, or the family's latest."""
    if survey is None:
        planned = get_round(period)
        if planned is not None and planned.status == "planned":
            survey = planned.survey
    if survey is not None:
        return usable_survey(survey)
    return default_survey()


def plan_round(period: str, survey: Survey | None, actor=None) -> Round | None:
    """Choose the survey for a period's round that has not opened yet.

    With `survey=None` the plan is removed: the round then uses the newest version
    of the survey the previous round used.
    """
    period = check_period(period)
    existing = get_round(period)
    if existing is not None and existing.status != "planned":
        raise _already_started()
    if survey is not None and survey.status != "ready":
        raise RoundError(
            _("Deze vragenlijst is nog niet klaar. Kies een vragenlijst die klaar is.")
        )
    if survey is None:
        if existing is not None:
            db.session.execute(
                sa.delete(Round).where(Round.id == existing.id, Round.status == "planned")
            )
            db.session.expunge(existing)
            audit("round.unplan", None, actor=actor, period=period)
        return None
    if existing is None:
        try:
            with db.session.begin_nested():
                existing = Round(period=period, survey=survey, status="planned")
                db.session.add(existing)
        except IntegrityError:  # planned or opened by someone else a moment ago
            existing = get_round(period, fresh=True)
            if existing is None or existing.status != "planned":
                raise _already_started() from None
    if existing.survey_id != survey.id:
        result = db.session.execute(
            sa.update(Round)
            .where(Round.id == existing.id, Round.status == "planned")
            .values(survey_id=survey.id)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise _already_started()
        db.session.refresh(existing)
    audit("round.plan", existing, actor=actor, period=period, survey_id=survey.id)
    return existing


def open_round(period: str, now: datetime, actor=None, survey: Survey | None = None) -> Round:
    """Open the period's round (or return it when it is already open or closed).

    Uses the given survey, else the planned one, else the newest version of the
    survey family of the most recent round. Fixes `anonymous` from the survey.
    """
    return open_round_once(period, now, actor, survey)[0]


def open_round_once(
    period: str, now: datetime, actor=None, survey: Survey | None = None
) -> tuple[Round, bool]:
    """Like open_round; also says whether this call opened it (False: it was open already)."""
    period = check_period(period)
    round_ = get_round(period)
    if round_ is not None and round_.status != "planned":
        return round_, False
    chosen = survey_for(period, survey)
    if chosen is None:
        raise NoSurveyError(
            _("Er is geen vragenlijst voor deze ronde. Kies eerst een vragenlijst die klaar is.")
        )
    values = {
        "status": "open",
        "survey_id": chosen.id,
        "anonymous": chosen.anonymous,
        "opened_at": now,
        "closes_at": closes_at(now),
    }
    if round_ is None:
        try:
            with db.session.begin_nested():
                round_ = Round(period=period, **values)
                db.session.add(round_)
        except IntegrityError:  # another process made this period's round first
            round_ = get_round(period, fresh=True)
            if round_ is None:
                raise
            if round_.status != "planned":
                return round_, False
        else:
            audit("round.open", round_, actor=actor, period=period, survey_id=chosen.id)
            return round_, True
    result = db.session.execute(
        sa.update(Round)
        .where(Round.id == round_.id, Round.status == "planned")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(round_)
    if result.rowcount != 1:
        return round_, False
    audit("round.open", round_, actor=actor, period=period, survey_id=chosen.id)
    return round_, True


def close_round(round_: Round, now: datetime, actor=None) -> bool:
    """Close an open round; False if it was closed already. Unsent messages are cancelled."""
    if round_.status == "planned":
        raise RoundError(_("Deze ronde is nog niet begonnen. Je kunt hem niet sluiten."))
    result = db.session.execute(
        sa.update(Round)
        .where(Round.id == round_.id, Round.status == "open")
        .values(status="closed", closed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(round_)
    if result.rowcount != 1:
        return False
    take_step(round_, closing=True)
    cancelled = cancel_pending_messages(round_)
    if round_.summary_published_at is not None:  # published early: members hear of it now
        queue_summary_messages(round_)
    audit("round.close", round_, actor=actor, period=round_.period, cancelled=cancelled)
    return True


def remind_now(round_: Round, now: datetime, actor=None) -> int:
    """Staff's reminder by hand: everyone who has not answered and was not written to today."""
    count = send_reminders(round_, now, min_gap=MANUAL_REMINDER_GAP, commit=False)
    audit("round.remind", round_, actor=actor, period=round_.period, reminders=count)
    return count


@dataclass
class RoundFigures:
    """How a round is going: who was asked, who answered, how often we reminded."""

    invited: int = 0
    responded: int = 0
    reminders: int = 0
    reminded: int = 0
    not_invited: int = 0

    @property
    def rate(self) -> float | None:
        """Share of invited members who responded (0..1), None when nobody was invited."""
        return self.responded / self.invited if self.invited else None


def figures(round_ids: list[int]) -> dict[int, RoundFigures]:
    """Invitation figures per round, in one query."""
    if not round_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            Invitation.round_id,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sa.case((Invitation.responded, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(Invitation.reminders_sent), 0),
            sa.func.coalesce(sa.func.sum(sa.case((Invitation.reminders_sent > 0, 1), else_=0)), 0),
        )
        .where(Invitation.round_id.in_(round_ids))
        .group_by(Invitation.round_id)
    ).all()
    result = {round_id: RoundFigures() for round_id in round_ids}
    for round_id, invited, responded, reminders, reminded in rows:
        result[round_id] = RoundFigures(int(invited), int(responded), int(reminders), int(reminded))
    return result


def round_figures(round_: Round, now: datetime | None = None) -> RoundFigures:
    """Figures for one round, with the active members not (yet) invited while it is open."""
    result = figures([round_.id])[round_.id]
    if round_.status == "open":
        result.not_invited = db.session.scalar(
            sa.select(sa.func.count()).select_from(
                active_members(now or utcnow(), not_invited_to=round_.id).subquery()
            )
        )
    return result


@dataclass
class RoundStatus:
    """A period's round and its figures, or when it will open."""

    period: str
    round: Round | None
    figures: RoundFigures
    opens_at: datetime


def round_status(period: str, now: datetime | None = None) -> RoundStatus:
    """Status of a period's round (for `stem rounds status` and the staff pages)."""
    period = check_period(period)
    round_ = get_round(period)
    return RoundStatus(
        period=period,
        round=round_,
        figures=round_figures(round_, now) if round_ else RoundFigures(),
        opens_at=opens_at(period),
    )


@dataclass
class ReconcileReport:
    """What one reconcile run did."""

    opened: str | None = None
    closed: int = 0
    invited: int = 0
    reminded: int = 0
    steps: int = 0  # participation steps taken (five or more respondents each)


def reconcile(now: datetime | None = None, batch_size: int = 500) -> ReconcileReport:
    """The scheduler's job: close due rounds, open this month's, invite, remind. Commits.

    Cheap when there is nothing to do: a handful of indexed queries. Missed work is
    caught up, not skipped: a round whose opening time passed while the scheduler was
    down is opened at the next run (within its own period).
    """
    now = now or utcnow()
    report = ReconcileReport()
    due = db.session.scalars(
        sa.select(Round).where(Round.status == "open", Round.closes_at <= now)
    ).all()
    for round_ in due:
        if close_round(round_, now):
            report.closed += 1
    db.session.commit()

    period = period_of(now)
    status = db.session.scalar(sa.select(Round.status).where(Round.period == period))
    if status in (None, "planned") and now >= opens_at(period):
        try:
            round_, opened = open_round_once(period, now)
        except NoSurveyError:
            db.session.rollback()
            log.warning("rounds: round %s should open, but no survey is planned or used before",
                        period)
        else:
            db.session.commit()
            if opened:
                report.opened = period
                log.info("rounds: opened round %s", period)

    open_rounds = db.session.scalars(
        sa.select(Round).where(Round.status == "open", Round.closes_at > now).order_by(Round.id)
    ).all()
    for round_ in open_rounds:
        report.invited += queue_invitations(round_, now=now, batch_size=batch_size)
        report.reminded += send_reminders(round_, now, batch_size=batch_size)
    db.session.commit()
    report.steps = take_steps()
    return report
