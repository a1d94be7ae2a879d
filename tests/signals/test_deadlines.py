"""Reply deadlines count working days: no weekends, no Dutch public holidays."""

from datetime import date

import pytest

from stem.signals.deadlines import is_working_day, reply_due


def test_an_ordinary_fortnight_is_ten_working_days():
    # Monday 2 November 2026 + 10 working days: two full weeks later.
    assert reply_due(date(2026, 11, 2), 10) == date(2026, 11, 16)


def test_weekends_do_not_count():
    assert reply_due(date(2026, 11, 6), 1) == date(2026, 11, 9)  # Friday -> Monday
    assert reply_due(date(2026, 11, 7), 1) == date(2026, 11, 9)  # Saturday -> Monday


def test_easter_good_friday_and_easter_monday_are_skipped():
    # Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April are days off.
    assert reply_due(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert not is_working_day(date(2026, 4, 6))


def test_kings_day_is_skipped():
    # King's Day, Monday 27 April 2026.
    assert not is_working_day(date(2026, 4, 27))
    assert reply_due(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_kings_day_on_a_sunday_moves_to_saturday_and_costs_no_working_day():
    # 27 April 2025 was a Sunday: King's Day was Saturday the 26th.
    assert reply_due(date(2025, 4, 25), 1) == date(2025, 4, 28)


def test_christmas_and_new_year():
    # Thursday 24 December 2026: 25 and 26 December, the weekend, then 1 January 2027.
    assert reply_due(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert reply_due(date(2026, 12, 24), 5) == date(2027, 1, 4)
    assert not is_working_day(date(2027, 1, 1))


def test_ascension_and_whit_monday():
    assert not is_working_day(date(2026, 5, 14))  # Ascension Day
    assert not is_working_day(date(2026, 5, 25))  # Whit Monday
    assert reply_due(date(2026, 5, 13), 10) == date(2026, 5, 29)


@pytest.mark.parametrize("days", [0, -3])
def test_no_days_means_the_next_working_day_at_the_latest(days):
    assert reply_due(date(2026, 11, 4), days) == date(2026, 11, 4)
    assert reply_due(date(2026, 12, 25), days) == date(2026, 12, 28)
