"""The register with its actions and progress as CSV (Dutch Excel) and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from stem.actions.links import link_commitment
from stem.core.db import db
from tests.actions.helpers import create_action
from tests.factories import create_commitment, create_user


@pytest.fixture
def register(app):
    staff = create_user("staff")
    commitment = create_commitment(
        "26/T60", title="=Taalcafé; in elke wijk", made_on=date(2026, 1, 1),
        due_on=date(2030, 1, 1), progress_note="Loopt.",
    )
    with app.test_request_context():
        one = create_action(staff, title="Eerste groep", status="in_progress", progress=25, weight=1)
        two = create_action(staff, title="Tweede groep", status="in_progress", progress=50, weight=2)
        for action in (one, two):
            link_commitment(staff, action, commitment)
    db.session.commit()
    return commitment


def _rows(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_in_dutch_uses_semicolons_and_decimal_commas(client, login_as, register):
    login_as("staff", locale="nl")
    response = client.get("/commitments/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "stem-toezeggingen.csv" in response.headers["Content-Disposition"]
    rows = _rows(response.data, ";")
    header = rows[0]
    assert header[:5] == ["Nummer", "Titel", "Status", "Op schema?", "Voortgang toezegging"]
    mine = [r for r in rows[1:] if r[0] == "26/T60"]
    assert len(mine) == 2  # one row per linked action
    first = dict(zip(header, mine[0], strict=False))
    assert first["Titel"] == "'=Taalcafé; in elke wijk"  # never a formula
    assert first["Voortgang toezegging"] == "42,0"  # (25 + 50 * 2) / 3 = 41.7, in whole percents as on the page
    assert first["Vervolgactie"] == "Eerste groep"
    assert first["Voortgang vervolgactie"] == "25,0"
    assert first["Stand van zaken"] == "Loopt."
    assert first["Toegezegd op"] == "2026-01-01"
    # Commitments without actions are rows too.
    assert any(r[0] == "21/T40" for r in rows[1:])


def test_csv_with_commas_on_request_and_for_english(client, login_as, register):
    login_as("staff", locale="nl")
    rows = _rows(client.get("/commitments/export.csv?sep=comma").data, ",")
    assert "Voortgang toezegging" in rows[0]
    mine = [r for r in rows if r[0] == "26/T60"]
    assert "42.0" in mine[0]
    login_as("staff", locale="en")
    rows = _rows(client.get("/commitments/export.csv").data, ",")
    assert any(r[0] == "26/T60" for r in rows)


def test_xlsx_has_percentages_widths_and_a_frozen_header(client, login_as, register):
    login_as("staff", locale="nl")
    response = client.get("/commitments/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    column = header.index("Voortgang toezegging") + 1
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "26/T60")
    cell = row[column - 1]
    assert cell.value == pytest.approx(0.42)
    assert cell.number_format == "0.0%"
    title = row[header.index("Titel")]
    assert title.value == "=Taalcafé; in elke wijk"
    assert title.data_type == "s"
    assert sheet.column_dimensions["B"].width >= 10


@pytest.mark.parametrize("role", ["member", "partner"])
def test_members_and_partners_get_no_export(client, login_as, role):
    login_as(role)
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/commitments/export.{fmt}").status_code == 403
