"""Where a commitment stands: its progress rolled up from its actions, and whether it is on
track, at risk, late or fulfilled. The rules are written out on the commitment's page
(templates/commitments/_tracking.html); keep the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

# How close the agreed date must be before slow progress counts as a risk.
RISK_WINDOW_DAYS = 60
TRACK_STATES = ("on_track", "at_risk", "late", "fulfilled")


def overall_progress(actions: Sequence) -> int | None:
    """The weighted mean of the linked actions' progress, 0-100; None without actions.

    Each action counts with its weight (as sub-actions count in a parent action) and with
    its own progress as its page shows it (`effective_progress`); stopped actions do not
    count.
    """
    counted = [a for a in actions if a.status != "stopped"]
    total = sum(a.weight for a in counted)
    if not total:
        return None
    return round(sum(a.effective_progress() * a.weight for a in counted) / total)


def elapsed_share(made_on: date | None, due_on: date | None, today: date) -> float | None:
    """The share of the time between made and due that has passed, 0-1; None if unknown."""
    if made_on is None or due_on is None or due_on <= made_on:
        return None
    share = (today - made_on).days / (due_on - made_on).days
    return min(max(share, 0.0), 1.0)


def track_status(commitment, actions: Sequence, today: date) -> str:
    """on_track, at_risk, late or fulfilled, by these rules in this order:

    - fulfilled: the commitment's status is fulfilled;
    - late: its agreed date has passed;
    - at risk: a linked action is past its due date, or the agreed date is within 60 days
      and the overall progress is below the share of the time that has passed (without a
      made-on date: below 100 %);
    - on track: otherwise.
    """
    if commitment.status == "fulfilled":
        return "fulfilled"
    due = commitment.due_on
    if due is not None and due < today:
        return "late"
    if any(a.is_overdue(today) for a in actions):
        return "at_risk"
    if due is not None and (due - today).days <= RISK_WINDOW_DAYS:
        progress = overall_progress(actions) or 0
        share = elapsed_share(commitment.made_on, due, today)
        if progress / 100 < (share if share is not None else 1.0):
            return "at_risk"
    return "on_track"
