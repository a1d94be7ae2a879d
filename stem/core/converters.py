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
