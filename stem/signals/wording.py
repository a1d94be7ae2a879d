"""How a signal's status reads, for staff and for the people who raised it: plain words,
one badge colour."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# One vocabulary for a signal's status: staff (inbox, triage, history) and the people who
# raised it read the same plain words.
STATUS_LABELS = {
    "new": _l("Ontvangen"),
    "triage": _l("Wordt bekeken"),
    "in_progress": _l("In behandeling"),
    "answered": _l("Beantwoord"),
    "closed": _l("Afgerond"),
    "merged": _l("Samengevoegd"),
    "not_pursued": _l("Niet opgepakt"),
}
# status -> badge kind (colour); not listed: neutral
STATUS_KINDS = {"in_progress": "warning", "answered": "ok", "closed": "ok"}
# status -> (short label for a badge, badge kind)
STATUS_BADGES = {
    status: (label, STATUS_KINDS.get(status, "neutral")) for status, label in STATUS_LABELS.items()
}

# status -> a sentence that says what is happening
STATUS_EXPLANATIONS = {
    "new": _l("We hebben je signaal ontvangen. Een medewerker van de gemeente gaat het lezen."),
    "triage": _l("Een medewerker van de gemeente leest je signaal en bekijkt wat ermee moet."),
    "in_progress": _l("We zijn met je signaal bezig. Je krijgt een antwoord als we meer weten."),
    "answered": _l("We hebben je signaal beantwoord. Je leest het antwoord hieronder."),
    "closed": _l("Je signaal is afgerond. Je leest het antwoord hieronder."),
    "merged": _l(
        "Iemand anders gaf hetzelfde signaal door. We hebben de signalen samengevoegd. Je krijgt het antwoord bij het andere signaal."
    ),
    "not_pursued": _l("We doen niets met dit signaal. Hieronder staat waarom."),
}


def status_label(status: str) -> str:
    """The word for a status."""
    return str(STATUS_LABELS.get(status, status))


def status_kind(status: str) -> str:
    """The badge colour of a status."""
    return STATUS_KINDS.get(status, "neutral")


def status_badge(status: str) -> tuple[str, str]:
    """(label, badge kind) for a status."""
    label, kind = STATUS_BADGES.get(status, STATUS_BADGES["new"])
    return str(label), kind


def status_explanation(status: str) -> str:
    """One plain sentence about what a status means for the submitter."""
    return str(STATUS_EXPLANATIONS.get(status, STATUS_EXPLANATIONS["new"]))
