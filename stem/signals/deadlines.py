"""Reply deadlines in working days: no weekends, no Dutch public holidays."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _days_off(year: int) -> frozenset[date]:
    # The `holidays` package's list for the Netherlands: New Year, Good Friday, Easter,
    # King's Day, Liberation Day (in the years it is a day off), Ascension, Whit, Christmas.
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _days_off(day.year)


def reply_due(start: date, working_days: int) -> date:
    """The date `working_days` working days after `start` (the start day itself not counted)."""
    day = start
    remaining = max(0, working_days)
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    if working_days <= 0:
        while not is_working_day(day):
            day += timedelta(days=1)
    return day
