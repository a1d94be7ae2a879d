"""When rounds open and close: working days, Dutch holidays, Amsterdam time and summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from stem.config import ConfigError, load_config
from stem.core.i18n import AMSTERDAM
from stem.surveys.rounds.schedule import (
    PeriodError,
    add_months,
    answering_ends,
    closes_at,
    last_full_day,
    opening_day,
    opens_at,
    parse_period,
    period_of,
)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026-01", date(2026, 1, 2)),  # New Year's Day is a Thursday
        ("2027-01", date(2027, 1, 4)),  # New Year on Friday, then the weekend
        ("2026-02", date(2026, 2, 2)),  # the 1st is a Sunday
        ("2026-04", date(2026, 4, 1)),  # a plain Wednesday
        ("2024-04", date(2024, 4, 2)),  # Easter Monday on the 1st
        ("2026-11", date(2026, 11, 2)),  # the 1st is a Sunday
        ("2030-05", date(2030, 5, 1)),  # Liberation Day is the 5th, not the 1st
    ],
)
def test_first_working_day_skips_weekends_and_dutch_holidays(period, expected):
    assert opening_day(period) == expected


def test_king_s_day_and_christmas_are_not_working_days(app, monkeypatch):
    from stem.signals.deadlines import is_working_day

    assert not is_working_day(date(2026, 4, 27))
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 26))
    assert is_working_day(date(2026, 12, 1))


def test_a_fixed_day_is_used_as_is(app, monkeypatch):
    monkeypatch.setitem(app.config, "ROUND_OPEN_DAY", 15)
    assert opening_day("2026-11") == date(2026, 11, 15)  # a Sunday, but asked for
    monkeypatch.setitem(app.config, "ROUND_OPEN_DAY", "3")  # as an environment string
    assert opening_day("2026-11") == date(2026, 11, 3)


def test_opening_time_is_amsterdam_time_in_winter_and_summer(app, monkeypatch):
    # 09:00 CET is 08:00 UTC; 09:00 CEST is 07:00 UTC.
    assert opens_at("2026-11") == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert opens_at("2026-06") == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    monkeypatch.setitem(app.config, "ROUND_OPEN_TIME", "13:30")
    assert opens_at("2026-06") == datetime(2026, 6, 1, 11, 30, tzinfo=UTC)


def test_opening_on_the_day_summer_time_starts(app, monkeypatch):
    monkeypatch.setitem(app.config, "ROUND_OPEN_DAY", 28)
    # 28 March 2027 is the Sunday the clocks go forward at 02:00.
    assert opens_at("2027-03") == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    monkeypatch.setitem(app.config, "ROUND_OPEN_DAY", 27)
    assert opens_at("2027-03") == datetime(2027, 3, 27, 8, 0, tzinfo=UTC)


def test_a_round_is_open_through_its_last_day_across_summer_time(app):
    spring = datetime(2027, 3, 22, 8, 0, tzinfo=UTC)  # Monday 09:00 CET
    # Open until and including 5 April: closes at 00:00 CEST on 6 April.
    assert closes_at(spring) == datetime(2027, 4, 5, 22, 0, tzinfo=UTC)
    assert last_full_day(closes_at(spring)) == date(2027, 4, 5)
    autumn = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert closes_at(autumn) == datetime(2026, 11, 2, 23, 0, tzinfo=UTC)  # 00:00 CET, 3 Nov
    assert last_full_day(closes_at(autumn)) == date(2026, 11, 2)


def test_one_deadline_for_a_round_opened_at_night(app):
    """Opened by hand at 01:23 on 7 December: every text says "until and including
    21 December", and the round closes when 21 December ends in Amsterdam."""
    opened = datetime(2026, 12, 7, 0, 23, tzinfo=UTC)  # 01:23 Amsterdam
    closing = closes_at(opened)
    assert closing.astimezone(AMSTERDAM) == datetime(2026, 12, 22, 0, 0, tzinfo=AMSTERDAM)
    assert last_full_day(closing) == date(2026, 12, 21)
    assert answering_ends(closing) == closing
    # A round stored before (closing at its opening time) stops at the end of the day named.
    legacy = datetime(2026, 12, 21, 0, 23, tzinfo=UTC)
    assert last_full_day(legacy) == date(2026, 12, 20)
    assert answering_ends(legacy) == datetime(2026, 12, 21, 0, 0, tzinfo=AMSTERDAM)


def test_close_after_days_is_configurable(app, monkeypatch):
    monkeypatch.setitem(app.config, "ROUND_CLOSE_AFTER_DAYS", 3)
    opened = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert closes_at(opened) == datetime(2026, 12, 4, 23, 0, tzinfo=UTC)  # after 4 December


def test_periods(app):
    assert period_of(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == "2026-12"  # 00:30 local
    assert period_of(datetime(2026, 11, 30, 22, 59, tzinfo=UTC)) == "2026-11"
    assert add_months("2026-12", 1) == "2027-01"
    assert add_months("2027-01", -1) == "2026-12"
    assert add_months("2026-11", 14) == "2028-01"
    assert parse_period("2026-12") == (2026, 12)
    for bad in ("2026-13", "2026-1", "26-01", "", "2026-00", "2026/12", "2026-12x"):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_round_settings_from_the_environment(tmp_path, monkeypatch):
    cfg = load_config(str(tmp_path))
    assert cfg["ROUND_OPEN_DAY"] == "first-working-day"
    assert cfg["ROUND_OPEN_TIME"] == "09:00"
    assert (cfg["ROUND_REMIND_AFTER_DAYS"], cfg["ROUND_MAX_REMINDERS"]) == (7, 2)
    assert cfg["ROUND_CLOSE_AFTER_DAYS"] == 14
    monkeypatch.setenv("STEM_ROUND_OPEN_DAY", "12")
    monkeypatch.setenv("STEM_ROUND_OPEN_TIME", "8:30")
    cfg = load_config(str(tmp_path))
    assert (cfg["ROUND_OPEN_DAY"], cfg["ROUND_OPEN_TIME"]) == (12, "08:30")
    for name, value in (("ROUND_OPEN_DAY", "29"), ("ROUND_OPEN_DAY", "monday"),
                        ("ROUND_OPEN_TIME", "25:00"), ("ROUND_OPEN_TIME", "nine")):
        monkeypatch.setenv(f"STEM_{name}", value)
        with pytest.raises(ConfigError, match=f"STEM_{name}"):
            load_config(str(tmp_path))
        monkeypatch.delenv(f"STEM_{name}")
