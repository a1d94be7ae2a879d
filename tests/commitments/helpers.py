"""What the commitment form sends, for the tests of the register."""

from __future__ import annotations


def commitment_form(**fields) -> dict:
    """A complete, valid commitment form; `fields` replace or add values (e.g. `version`)."""
    data = {
        "code": "26/T101",
        "title": "Taalcafé in elke wijk",
        "description": "Het college onderzoekt een taalcafé in elke wijk.",
        "made_on": "2026-03-12",
        "due_on": "2026-12-31",
        "department": "Asiel en Integratie",
        "status": "open",
        "fulfilled_on": "",
        "fulfilled_by": "",
    }
    data.update(fields)
    return data
