"""Scheduled jobs for signals (registered with stem.notify.scheduler when imported).

Retention: once a signal has been finished (closed, not pursued or merged) for longer than
STEM_SIGNAL_RETENTION_MONTHS, its submitters' name, e-mail address and phone number are
erased and the consent link dropped; the history records that it happened.

The link to the submitter's account (`user_id`) and organisation stay. They are not
contact details: they let a member (or partner) still find their own signal and its
reply under "my signals", which is their right, and staff never see who is behind them
(the triage page shows an anonymised submitter as such). The account itself has its own
life: deleting it clears the link (ON DELETE SET NULL).
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from stem.core.db import db, utcnow
from stem.notify.scheduler import register_job
from stem.signals.models import Signal, SignalEvent, SignalSubmitter

log = logging.getLogger(__name__)
FINISHED = ("closed", "not_pursued", "merged")
BATCH = 500


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def anonymise_expired_submitters(
    now: datetime | None = None, months: int | None = None, batch: int = BATCH
) -> int:
    """Anonymise one batch of submitters past the retention period; return how many signals.

    Idempotent: anonymised submitters are skipped, so running twice (or from two
    schedulers) changes nothing more.
    """
    now = now or utcnow()
    if months is None:
        months = current_app.config.get("SIGNAL_RETENTION_MONTHS", 12)
    cutoff = months_before(now, months)
    rows = db.session.execute(
        sa.select(SignalSubmitter.id, SignalSubmitter.signal_id)
        .join(Signal, Signal.id == SignalSubmitter.signal_id)
        .where(
            Signal.status.in_(FINISHED),
            Signal.closed_at.is_not(None),
            Signal.closed_at < cutoff,
            SignalSubmitter.anonymised_at.is_(None),
        )
        .order_by(SignalSubmitter.signal_id, SignalSubmitter.id)
        .limit(batch)
    ).all()
    if not rows:
        return 0
    db.session.execute(
        sa.update(SignalSubmitter)
        .where(SignalSubmitter.id.in_([row.id for row in rows]))
        .values(
            name="",
            email=None,
            phone=None,
            channel="none",
            may_contact=False,
            consent_id=None,
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    per_signal: dict[int, int] = {}
    for row in rows:
        per_signal[row.signal_id] = per_signal.get(row.signal_id, 0) + 1
    db.session.execute(
        sa.insert(SignalEvent),
        [
            {"signal_id": signal_id, "kind": "retention", "old": "", "new": str(count), "at": now}
            for signal_id, count in per_signal.items()
        ],
    )
    db.session.expire_all()
    return len(per_signal)


def signal_retention(batch: int = BATCH) -> None:
    """The daily job: anonymise in batches, each committed, until nothing is left."""
    total = 0
    while True:
        done = anonymise_expired_submitters(batch=batch)
        db.session.commit()
        if not done:
            break
        total += done
    if total:
        log.info("signal retention: anonymised the submitters of %d signals", total)


register_job("signal_retention", signal_retention, "cron", hour=3, minute=15)
