"""When monthly rounds open and close: periods, working days and Amsterdam time.

A period is a month, "YYYY-MM". Its round opens on STEM_ROUND_OPEN_DAY (the first
working day, or a fixed day 1-28) at STEM_ROUND_OPEN_TIME in Europe/Amsterdam, and
is open until and including the day STEM_ROUND_CLOSE_AFTER_DAYS later: it closes at
00:00 Amsterdam time after that day, also across a change to or from summer time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from stem.signals.deadlines import is_working_day

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_WORKING_DAY = "first-working-day"


class PeriodError(ValueError):
    """A period that is not a month written as YYYY-MM."""


@dataclass(frozen=True)
class Schedule:
    """The round settings, read from the app config."""

    open_day: str | int
    open_time: time
    remind_after: timedelta
    max_reminders: int
    close_after: timedelta
    tz: ZoneInfo


def schedule() -> Schedule:
    """The current app's round schedule."""
    cfg = current_app.config
    open_day = cfg.get("ROUND_OPEN_DAY", FIRST_WORKING_DAY)
    if isinstance(open_day, str) and open_day.isdigit():
        open_day = int(open_day)
    open_time = cfg.get("ROUND_OPEN_TIME", "09:00")
    if isinstance(open_time, str):
        hours, _, minutes = open_time.partition(":")
        open_time = time(int(hours), int(minutes))
    return Schedule(
        open_day=open_day,
        open_time=open_time,
        remind_after=timedelta(days=int(cfg.get("ROUND_REMIND_AFTER_DAYS", 7))),
        max_reminders=int(cfg.get("ROUND_MAX_REMINDERS", 2)),
        close_after=timedelta(days=int(cfg.get("ROUND_CLOSE_AFTER_DAYS", 14))),
        tz=ZoneInfo(cfg.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Amsterdam"),
    )


def parse_period(value: str) -> tuple[int, int]:
    """(year, month) of a period; PeriodError when it is not YYYY-MM."""
    match = PERIOD_RE.match((value or "").strip())
    if not match:
        raise PeriodError(f"{value!r} is not a period; use YYYY-MM, for example 2026-12")
    return int(match.group(1)), int(match.group(2))


def check_period(value: str) -> str:
    """The period, checked and stripped."""
    parse_period(value)
    return value.strip()


def period_of(moment: datetime, sched: Schedule | None = None) -> str:
    """The period a moment falls in, in Amsterdam time."""
    sched = sched or schedule()
    return moment.astimezone(sched.tz).strftime("%Y-%m")


def add_months(period: str, months: int) -> str:
    """The period `months` after (or before, when negative) this one."""
    year, month = parse_period(period)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def opening_day(period: str, sched: Schedule | None = None) -> date:
    """The local date on which the period's round opens."""
    sched = sched or schedule()
    year, month = parse_period(period)
    if sched.open_day != FIRST_WORKING_DAY:
        return date(year, month, int(sched.open_day))
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def opens_at(period: str, sched: Schedule | None = None) -> datetime:
    """The moment (UTC) the period's round opens."""
    sched = sched or schedule()
    local = datetime.combine(opening_day(period, sched), sched.open_time, tzinfo=sched.tz)
    return local.astimezone(UTC)


def closes_at(opened: datetime, sched: Schedule | None = None) -> datetime:
    """When a round opened at `opened` closes: at the end of its last day, Amsterdam time.

    One deadline, stated one way everywhere: a round is open "until and including" its last
    day, the local date STEM_ROUND_CLOSE_AFTER_DAYS after opening (so members get at least
    that many whole days), and closes at 00:00 Amsterdam the day after. Invitations, the
    round's first page, My rounds and the staff pages all name that last day.
    """
    sched = sched or schedule()
    last_day = opened.astimezone(sched.tz).date() + timedelta(days=sched.close_after.days)
    return end_of_day(last_day, sched)


def end_of_day(day: date, sched: Schedule | None = None) -> datetime:
    """The moment (UTC) a local day ends: 00:00 Amsterdam on the next day."""
    sched = sched or schedule()
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=sched.tz).astimezone(UTC)


def last_full_day(closes: datetime, sched: Schedule | None = None) -> date:
    """The last local day on which members can answer: the day before the closing moment.

    For a round that closes at 00:00 this is the day that just ended; a round stored before
    rounds closed at midnight (closing at the opening time) is named by its last whole day,
    so no text ever promises more time than the round has.
    """
    sched = sched or schedule()
    return closes.astimezone(sched.tz).date() - timedelta(days=1)


def answering_ends(closes: datetime, sched: Schedule | None = None) -> datetime:
    """When answer pages stop taking answers: the end of the last day that texts name.

    The closing job may run a little later; the pages do not wait for it.
    """
    return end_of_day(last_full_day(closes, sched), sched)
