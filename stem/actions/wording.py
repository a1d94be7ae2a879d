"""How people read an action: labels for its fields, its texts, a sentence per history line."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem.actions.models import Action, ActionEvent, ActionUpdate

STATUS_LABELS = {
    "planned": _l("Gepland"),
    "in_progress": _l("Bezig"),
    "done": _l("Klaar"),
    "stopped": _l("Gestopt"),
}
STATUS_KINDS = {"planned": "neutral", "in_progress": "warning", "done": "ok", "stopped": "error"}
MODE_LABELS = {
    "manual": _l("Zelf invullen"),
    "rollup": _l("Uitrekenen uit de deelacties"),
}
FIELD_LABELS = {
    "status": _l("Status"),
    "progress": _l("Voortgang"),
    "progress_mode": _l("Manier van voortgang bepalen"),
    "starts": _l("Startdatum"),
    "due": _l("Einddatum"),
    "responsible": _l("Verantwoordelijke"),
    "owner": _l("Eigenaar"),
    "public": _l("Openbaar"),
    "parent": _l("Onderdeel van"),
    "weight": _l("Gewicht"),
    "title": _l("Titel"),
    "stopped_reason": _l("Reden van stoppen"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def status_kind(status: str) -> str:
    return STATUS_KINDS.get(status, "neutral")


def title(action: Action, locale: str) -> tuple[str, str]:
    """(locale, title) in `locale` when written, else in Dutch."""
    row = action.text(locale) or action.text("nl")
    return (row.locale, row.title) if row else ("nl", "")


def description(action: Action, locale: str) -> tuple[str, str]:
    """(locale, description) in `locale` when written, else in Dutch."""
    row = action.text(locale)
    if row is None or not row.description:
        row = action.text("nl")
    return (row.locale, row.description) if row else ("nl", "")


def update_text(update: ActionUpdate, locale: str):
    """The update's texts in `locale` when written, else in Dutch."""
    return update.text(locale) or update.text("nl")


def owner(action: Action) -> str:
    """The department or partner organisation that owns the action."""
    if action.owner_organisation is not None:
        return action.owner_organisation.name
    return action.owner_department


def _value(kind: str, value: str) -> str:
    if kind == "status":
        return status_label(value)
    if kind == "progress_mode":
        return str(MODE_LABELS.get(value, value))
    if kind == "public":
        return _("ja") if value == "1" else _("nee")
    if kind == "progress" and value:
        return f"{value}%"
    return value or "–"


def describe(event: ActionEvent) -> str:
    """One plain sentence for a history line, in the reader's language."""
    kind = event.kind
    if kind == "created":
        return _("Vervolgactie gemaakt: %(title)s", title=event.new)
    if kind == "link":
        return _("Gekoppeld aan %(target)s", target=event.new)
    if kind == "unlink":
        return _("Koppeling met %(target)s verwijderd", target=event.old)
    if kind == "update":
        return _("Voortgang gemeld over %(date)s", date=event.new)
    if kind == "approve":
        return _("Melding over %(date)s goedgekeurd", date=event.new)
    if kind == "word_back":
        return _(
            "Berichten aan indieners verstuurd in het Nederlands en Engels (wachtten op: %(languages)s)",
            languages=event.new,
        )
    if kind == "description":
        return _("Omschrijving in het Nederlands gewijzigd")
    label = FIELD_LABELS.get(kind, kind)
    return _(
        "%(field)s: %(old)s → %(new)s",
        field=label,
        old=_value(kind, event.old),
        new=_value(kind, event.new),
    )
