"""Helpers for the readable page of "download my data": the export holds ISO dates and
codes; the page shows them in the person's language."""

from __future__ import annotations

from datetime import date, datetime

from stem.core.dates import format_date, format_datetime, language_name


def readable(value: str) -> str:
    """An ISO date or moment from the export, as the person reads dates."""
    if len(value) == 10:
        return format_date(date.fromisoformat(value), "long")
    return format_datetime(datetime.fromisoformat(value), "medium")


def period_name(period: str) -> str:
    """A round's period ("2026-11") as a month: "november 2026"."""
    try:
        year, month = (int(part) for part in period.split("-"))
        return format_date(date(year, month, 1), "MMMM y")
    except ValueError:
        return period


def page_helpers() -> dict:
    """What the page's template needs beside the data."""
    from stem.signals.wording import status_label

    return {
        "readable": readable,
        "period_name": period_name,
        "language_name": language_name,
        "status_label": status_label,
    }
