"""Where a commitment stands, computed in one function: on track, at risk, late, fulfilled."""

from __future__ import annotations

from datetime import date

import pytest

from stem.actions.models import Action
from stem.commitments.models import Commitment
from stem.commitments.tracking import elapsed_share, overall_progress, track_status

TODAY = date(2026, 12, 7)


def _action(progress=0, weight=1, status="in_progress", due_on=None) -> Action:
    return Action(
        progress=progress, weight=weight, status=status, due_on=due_on, progress_mode="manual"
    )


def _commitment(status="open", made_on=date(2026, 1, 1), due_on=None, **fields) -> Commitment:
    return Commitment(code="26/T1", title="t", status=status, made_on=made_on, due_on=due_on, **fields)


def test_overall_progress_is_the_weighted_mean_without_stopped_actions():
    actions = [
        _action(progress=100, weight=3),
        _action(progress=20, weight=1),
        _action(progress=0, weight=5, status="stopped"),
    ]
    assert overall_progress(actions) == 80  # (100*3 + 20*1) / 4
    assert overall_progress([]) is None
    assert overall_progress([_action(status="stopped")]) is None


def test_elapsed_share():
    assert elapsed_share(date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 6)) == 0.5
    assert elapsed_share(date(2026, 1, 1), date(2026, 1, 11), date(2025, 1, 1)) == 0.0
    assert elapsed_share(None, date(2026, 1, 11), TODAY) is None
    assert elapsed_share(date(2026, 1, 11), date(2026, 1, 11), TODAY) is None


def test_fulfilled_wins_even_when_the_date_has_passed():
    commitment = _commitment(status="fulfilled", due_on=date(2020, 1, 1))
    assert track_status(commitment, [_action(due_on=date(2020, 1, 1))], TODAY) == "fulfilled"


def test_late_when_the_agreed_date_has_passed_and_not_fulfilled():
    assert track_status(_commitment(due_on=date(2026, 12, 6)), [], TODAY) == "late"
    # Due today is not late yet.
    assert track_status(_commitment(due_on=TODAY, made_on=None), [_action(100)], TODAY) == (
        "on_track"
    )


def test_at_risk_when_a_linked_action_is_overdue():
    overdue = _action(progress=90, due_on=date(2026, 12, 1))
    commitment = _commitment(due_on=date(2028, 1, 1))
    assert track_status(commitment, [overdue], TODAY) == "at_risk"
    done_late = _action(progress=100, status="done", due_on=date(2026, 12, 1))
    assert track_status(commitment, [done_late], TODAY) == "on_track"


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(50, "at_risk"), (93, "at_risk"), (94, "on_track"), (100, "on_track")],
)
def test_within_sixty_days_progress_must_keep_up_with_time(progress, expected):
    # Made 2026-01-01, due 2027-01-01 (365 days): on 2026-12-07, 340 days (93.2 %) have passed.
    commitment = _commitment(made_on=date(2026, 1, 1), due_on=date(2027, 1, 1))
    assert track_status(commitment, [_action(progress)], TODAY) == expected


def test_more_than_sixty_days_ahead_slow_progress_is_no_risk_yet():
    commitment = _commitment(made_on=date(2026, 1, 1), due_on=date(2027, 2, 6))  # 61 days
    assert track_status(commitment, [_action(0)], TODAY) == "on_track"
    commitment.due_on = date(2027, 2, 5)  # 60 days
    assert track_status(commitment, [_action(0)], TODAY) == "at_risk"


def test_without_made_on_or_actions_within_sixty_days_is_at_risk_until_complete():
    commitment = _commitment(made_on=None, due_on=date(2027, 1, 1))
    assert track_status(commitment, [], TODAY) == "at_risk"
    assert track_status(commitment, [_action(99)], TODAY) == "at_risk"
    assert track_status(commitment, [_action(100)], TODAY) == "on_track"


def test_without_an_agreed_date_it_is_on_track_unless_an_action_is_overdue():
    commitment = _commitment(due_on=None)
    assert track_status(commitment, [], TODAY) == "on_track"
    assert track_status(commitment, [_action(due_on=date(2026, 1, 1))], TODAY) == "at_risk"
