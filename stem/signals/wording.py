"""How a signal's status reads for the people who raised it: plain words, one badge colour."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# status -> (short label for a badge, badge kind)
STATUS_BADGES = {
    "new": (_l("Ontvangen"), "neutral"),
    "triage": (_l("Wordt bekeken"), "neutral"),
    "in_progress": (_l("Mee bezig"), "warning"),
    "answered": (_l("Beantwoord"), "ok"),
    "closed": (_l("Afgerond"), "ok"),
    "merged": (_l("Samengevoegd"), "neutral"),
    "not_pursued": (_l("Niet opgepakt"), "neutral"),
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


def status_badge(status: str) -> tuple[str, str]:
    """(label, badge kind) for a status."""
    label, kind = STATUS_BADGES.get(status, STATUS_BADGES["new"])
    return str(label), kind


def status_explanation(status: str) -> str:
    """One plain sentence about what a status means for the submitter."""
    return str(STATUS_EXPLANATIONS.get(status, STATUS_EXPLANATIONS["new"]))
