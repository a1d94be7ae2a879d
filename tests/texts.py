"""Tests read pages in a language through the catalogs, never by hard-coding a translation."""

from __future__ import annotations

from flask_babel import force_locale, gettext


def in_language(app, locale: str, message: str, **variables) -> str:
    """The Dutch source `message` as a reader of `locale` sees it."""
    with app.test_request_context(), force_locale(locale):
        return gettext(message, **variables)
