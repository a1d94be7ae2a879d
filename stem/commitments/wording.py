"""How people read a commitment's follow-up: where it stands, and a sentence per history line."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem.commitments.forms import STATUS_LABELS
from stem.commitments.tracking import TRACK_STATES
from stem.core.dates import format_date

TRACK_LABELS = {
    "on_track": _l("Op schema"),
    "at_risk": _l("Loopt risico"),
    "late": _l("Te laat"),
    "fulfilled": _l("Afgedaan"),
}
TRACK_BADGES = {"on_track": "ok", "at_risk": "warning", "late": "error", "fulfilled": "neutral"}
assert set(TRACK_LABELS) == set(TRACK_STATES)  # noqa: S101 - a typo check at import

FIELD_LABELS = {
    "code": _l("Nummer"),
    "title": _l("Titel"),
    "description": _l("Omschrijving"),
    "made_on": _l("Toegezegd op"),
    "due_on": _l("Afgesproken datum"),
    "status": _l("Status"),
    "fulfilled_on": _l("Afgedaan op"),
    "fulfilled_by": _l("Afgedaan met"),
    "department": _l("Verantwoordelijke afdeling"),
    "progress_note": _l("Stand van zaken"),
    "council_url": _l("Pagina in het raadsinformatiesysteem"),
}


def _value(kind: str, value: str) -> str:
    if kind == "status":
        return str(STATUS_LABELS.get(value, value))
    if kind.endswith("_on") and value:
        try:
            return format_date(date.fromisoformat(value), "long")
        except ValueError:
            return value
    return value or "–"


def describe(event) -> str:
    """One plain sentence for a line of a commitment's history, in the reader's language."""
    kind = event.kind
    if kind == "created":
        return _("Toezegging toegevoegd: %(title)s", title=event.new)
    if kind == "translation":
        from stem.core.dates import language_name

        return _("Vertaling gewijzigd: %(language)s", language=language_name(event.new))
    label = FIELD_LABELS.get(kind, kind)
    if kind in ("description", "progress_note"):
        return _("%(field)s gewijzigd", field=label)
    return _(
        "%(field)s: %(old)s → %(new)s",
        field=label,
        old=_value(kind, event.old),
        new=_value(kind, event.new),
    )
