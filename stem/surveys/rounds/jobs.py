"""Scheduled jobs (registered with stem.notify.scheduler.register_job when imported)."""

from __future__ import annotations

import logging

from stem.notify.scheduler import register_job

log = logging.getLogger(__name__)

RECONCILE_MINUTES = 5


def reconcile_rounds() -> None:
    """Open, invite, remind and close monthly rounds as the schedule says (idempotent)."""
    from stem.surveys.rounds.services import reconcile

    report = reconcile()
    if report.opened or report.closed or report.invited or report.reminded:
        log.info(
            "rounds: opened %s, closed %d, invitations %d, reminders %d",
            report.opened or "none", report.closed, report.invited, report.reminded,
        )


register_job("rounds", reconcile_rounds, minutes=RECONCILE_MINUTES)
