"""Dates and times in the reader's language, and languages by their name.

Flask-Babel formats with the locale of the catalog; for English that is en (US), which
puts the month before the day ("December 7, 2026"). Stem's English readers live in the
Netherlands and read day-month order, so English dates use en_GB ("7 December 2026").
Every date on a page or in a message goes through these functions (also the template
filters `dateformat`, `datetimeformat`, `timeformat`).
"""

from __future__ import annotations

from datetime import date, datetime, time

from babel import Locale, UnknownLocaleError, dates
from flask_babel import get_locale, to_user_timezone

# A catalog's locale -> the locale its dates and times are written in.
FORMAT_LOCALES = {"en": "en_GB"}


def format_locale() -> Locale:
    """The locale for dates and times on this page."""
    locale = get_locale() or Locale.parse("nl")
    return Locale.parse(FORMAT_LOCALES.get(str(locale), str(locale)))


def format_date(value: date | datetime | None = None, format: str = "medium", rebase=True) -> str:
    """A date (a datetime in Amsterdam time), e.g. "7 december 2026"."""
    if value is None:
        value = date.today()
    if rebase and isinstance(value, datetime):
        value = to_user_timezone(value)
    return dates.format_date(value, format=format, locale=format_locale())


def format_datetime(value: datetime | None = None, format: str = "medium", rebase=True) -> str:
    """A moment, in Amsterdam time."""
    if value is None:
        value = datetime.now()
    if rebase:
        value = to_user_timezone(value)
    return dates.format_datetime(value, format=format, locale=format_locale())


def format_time(value: time | datetime | None = None, format: str = "medium", rebase=True) -> str:
    """A time of day, in Amsterdam time."""
    if value is None:
        value = datetime.now()
    if rebase and isinstance(value, datetime):
        value = to_user_timezone(value)
    return dates.format_time(value, format=format, locale=format_locale())


def language_name(code: str, in_locale: str | None = None) -> str:
    """A language's name in the page's language: "ar" -> "Arabisch" (nl), "Arabic" (en)."""
    reader = Locale.parse(in_locale or str(get_locale() or "nl"))
    name = reader.languages.get(code)  # fa_AF has a name of its own: Dari
    if not name:
        try:
            name = Locale.parse(code).get_display_name(reader)
        except (ValueError, UnknownLocaleError):
            name = None
    return name or code


def language_list(codes: str, in_locale: str | None = None) -> str:
    """ "ar, nl" (as stored) -> "Arabisch, Nederlands", sorted by name."""
    names = [language_name(c.strip(), in_locale) for c in codes.split(",") if c.strip()]
    return ", ".join(sorted(names))


def init_dates(app) -> None:
    """Template filters that format dates (and name languages) like the rest of Stem."""
    app.jinja_env.filters.update(
        dateformat=format_date,
        datetimeformat=format_datetime,
        timeformat=format_time,
        language_name=language_name,
    )
