"""The register as a table, for CSV and XLSX: one row per commitment and linked action.

A commitment without actions is one row with the action's columns empty. Progress figures
are shares (percentages in a spreadsheet); dates are ISO dates (2026-12-31), which every
spreadsheet reads as a date. Staff's internal progress notes are included: the export is
for staff only.
"""

from __future__ import annotations

from flask_babel import gettext as _

from stem.actions import wording as action_words
from stem.commitments import queries, services
from stem.commitments.forms import STATUS_LABELS
from stem.commitments.wording import TRACK_LABELS
from stem.core.tables import Share


def _share(value: int | None) -> Share | None:
    return Share(value / 100) if value is not None else None


def _date(value) -> str:
    return value.isoformat() if value else ""


def register_table() -> tuple[list[str], list[list]]:
    """The header and rows of the register with its actions and progress."""
    header = [
        _("Nummer"),
        _("Titel"),
        _("Status"),
        _("Op schema?"),
        _("Voortgang toezegging"),
        _("Toegezegd op"),
        _("Afgesproken datum"),
        _("Afgedaan op"),
        _("Afgedaan met"),
        _("Verantwoordelijke afdeling"),
        _("Signalen"),
        _("Nieuwe signalen na afdoening"),
        _("Stand van zaken"),
        _("Pagina in het raadsinformatiesysteem"),
        _("Vervolgactie"),
        _("Status vervolgactie"),
        _("Voortgang vervolgactie"),
        _("Einddatum vervolgactie"),
        _("Eigenaar vervolgactie"),
    ]
    commitments = services.all_commitments()
    counts = services.signal_counts()
    after = queries.new_signals_after_fulfilment()
    tracks = queries.track_states(commitments)
    rows = []
    for c in commitments:
        track, progress, actions = tracks[c.id]
        head = [
            c.code,
            c.title,
            str(STATUS_LABELS[c.status]),
            str(TRACK_LABELS[track]),
            _share(progress),
            _date(c.made_on),
            _date(c.due_on),
            _date(c.fulfilled_on),
            c.fulfilled_by,
            c.department,
            counts.get(c.id, 0),
            after.get(c.id, 0),
            c.progress_note,
            c.council_url,
        ]
        if not actions:
            rows.append([*head, "", "", None, "", ""])
        for action in actions:
            rows.append(
                [
                    *head,
                    action.title_nl,
                    action_words.status_label(action.status),
                    _share(action.effective_progress()),
                    _date(action.due_on),
                    action_words.owner(action),
                ]
            )
    return header, rows
