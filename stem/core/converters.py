"""URL converters: ids in URLs stay within what the database's integer columns hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL `integer`; a larger id cannot exist, so it is a 404


class IdConverter(IntegerConverter):
    """`<int:...>` that never matches a number the database would overflow on."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_converters(app) -> None:
    """Replace Flask's `int` converter; call before any route is registered."""
    app.url_map.converters["int"] = IdConverter


def parse_id(value: object) -> int | None:
    """An id from a form or query string, or None: only ASCII digits, only what can exist.

    `int()` alone accepts "٣", " 3", "+3" and numbers the database overflows on.
    """
    if not isinstance(value, str) or not (value.isascii() and value.isdecimal()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
