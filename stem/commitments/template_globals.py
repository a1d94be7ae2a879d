"""A figure for the staff start page: fulfilled commitments that received new signals."""

from __future__ import annotations

from stem.commitments import bp, queries


@bp.app_template_global("commitments_after_fulfilment")
def commitments_after_fulfilment() -> int:
    """How many fulfilled commitments received signals after the day they were fulfilled."""
    return len(queries.new_signals_after_fulfilment())


@bp.app_template_global("today_date")
def today_date():
    """Today's date in Utrecht, for marking what is late."""
    return queries.today()
