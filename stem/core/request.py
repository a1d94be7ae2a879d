"""The request class: query and form values without control characters.

A NUL byte in a search box (`?q=%00`) reaches PostgreSQL as text it refuses (a 500) and
SQLite as text its search stops at. Forms already clean their fields (StemForm); this
cleans every value a view reads straight from `request.args` or `request.form` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from stem.core.forms import CONTROL_CHARACTERS


def _clean(value):
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class CleanParameters(ImmutableMultiDict):
    """An ImmutableMultiDict whose keys and string values hold no control characters."""

    def __init__(self, mapping: Mapping | Iterable | None = None):
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, MultiDict):
            pairs = mapping.items(multi=True)
        elif isinstance(mapping, Mapping):
            pairs = mapping.items()
        else:
            pairs = mapping
        super().__init__([(_clean(key), _clean(value)) for key, value in pairs])


class StemRequest(Request):
    """Flask's request, with cleaned query and form values."""

    parameter_storage_class = CleanParameters
