"""Exports: aggregated results and unlinked answer rows, as CSV and XLSX, audit-logged."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from stem.core.db import db
from stem.core.models import AuditEvent
from stem.surveys.models import Answer, Response
from stem.surveys.results.exports import safe_text, to_xlsx, xml_text
from tests import factories
from tests.surveys.results_helpers import fill, invite, question, spread

DANGEROUS = ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab"]


def read_csv(response, delimiter: str = ";") -> list[list[str]]:
    """A CSV as Dutch Excel reads it: semicolons (Dutch staff get that by default)."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.get_data().startswith("\ufeff".encode())  # the byte-order mark
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_xlsx(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.get_data())).active


def audit_events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def survey():
    return factories.create_survey(kinds=("smiley5", "multiple", "short_text"))


@pytest.fixture
def round_(survey):
    round_ = factories.create_round(survey)
    texts = [f"Antwoord {i:02d}" for i in range(25)] + DANGEROUS
    fill(
        round_,
        {
            question(survey, "smiley5"): spread({"1": 10, "3": 10, "5": 10}),
            question(survey, "multiple"): [["a", "c"]] * 20 + [["b"]] * 10,
            question(survey, "short_text"): texts,
        },
    )
    return round_


def test_aggregated_csv(client, login_as, round_, survey):
    staff = login_as("staff", locale="nl")
    rows = read_csv(client.get(f"/staff/rounds/{round_.id}/results/export.csv"))
    assert rows[0] == [
        "Onderdeel",
        "Vraagsleutel",
        "Vraag",
        "Groep",
        "Uitgenodigd",
        "Aantal",
        "Percentage",
        "Verborgen (minder dan 5 mensen)",
    ]
    assert rows[1][:4] == ["Ronde", "", "", round_.period]
    assert rows[1][5] == "30"
    assert rows[1][7] == "Nee"
    smiley = question(survey, "smiley5")
    lines = [r for r in rows if r[1] == smiley.key]
    assert [(r[3], r[5], r[6]) for r in lines] == [
        ("Slecht", "10", "33,3"),
        ("Niet goed", "0", "0,0"),
        ("Gaat wel", "10", "33,3"),
        ("Goed", "0", "0,0"),
        ("Heel goed", "10", "33,3"),
        ("Geen antwoord", "0", "0,0"),
    ]
    multiple = [r for r in rows if r[1] == question(survey, "multiple").key]
    assert [(r[3], r[5]) for r in multiple] == [
        ("Keuze A", "20"),
        ("Keuze B", "10"),
        ("Keuze C", "20"),
        ("Geen antwoord", "0"),
    ]
    (event,) = audit_events("round.results_exported")
    assert event.actor_id == staff.id
    assert event.object_id == str(round_.id)
    assert event.details == {"content": "aggregate", "format": "csv"}


def test_aggregated_xlsx(client, login_as, round_, survey):
    login_as("staff", locale="nl")
    sheet = read_xlsx(client.get(f"/staff/rounds/{round_.id}/results/export.xlsx"))
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Onderdeel"
    smiley = [r for r in rows if r[1] == question(survey, "smiley5").key]
    assert smiley[0][3:] == ["Slecht", None, 10, pytest.approx(1 / 3), "Nee"]
    assert audit_events("round.results_exported")[0].details["format"] == "xlsx"


def test_answer_rows_csv_unlinked_and_shuffled(client, login_as, round_, survey):
    login_as("staff", locale="nl")
    rows = read_csv(client.get(f"/staff/rounds/{round_.id}/results/answer-rows.csv"))
    header, body = rows[0], rows[1:]
    assert header == [f"{q.key}: Vraag {i + 1} ({q.kind})?" for i, q in enumerate(survey.questions)]
    assert len(body) == 30
    # Only the answers: no ids, dates or languages.
    assert sorted(r[1] for r in body) == sorted(["Keuze A; Keuze C"] * 20 + ["Keuze B"] * 10)
    texts = [r[2] for r in body]
    assert texts != [f"Antwoord {i:02d}" for i in range(25)] + [safe_text(t) for t in DANGEROUS]
    # Formula injection: every cell that a spreadsheet would run starts with an apostrophe.
    for dangerous in DANGEROUS:
        assert "'" + dangerous in texts
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t")), cell
    (event,) = audit_events("round.results_exported")
    assert event.details == {"content": "answer_rows", "format": "csv", "rows": 30}


def test_answer_rows_xlsx_cells_are_text_not_formulas(client, login_as, round_):
    login_as("staff", locale="nl")
    sheet = read_xlsx(client.get(f"/staff/rounds/{round_.id}/results/answer-rows.xlsx"))
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    for dangerous in DANGEROUS:
        cell = cells[dangerous]
        assert cell.data_type == "s", dangerous  # text; openpyxl reads formulas as "f"
        assert cell.quotePrefix
    assert sheet.max_row == 31


def test_answer_rows_carry_no_attribute_of_the_response(client, login_as, survey):
    """No language group, date or id: rows cannot be grouped, so no small group shows."""
    round_ = factories.create_round(survey)
    invite(round_, {"nl": 6, "ar": 5, "ti": 5})
    fill(
        round_,
        {question(survey, "smiley5"): ["1", "3", "5", "3", "1", "5", "3"]},
        locales=["nl", "ar", "ti", "nl", "ar", "ti", "nl"],
    )
    login_as("staff", locale="nl")
    rows = read_csv(client.get(f"/staff/rounds/{round_.id}/results/answer-rows.csv"))
    assert rows[0] == [f"{q.key}: Vraag {i + 1} ({q.kind})?" for i, q in enumerate(survey.questions)]
    assert sorted(row[0] for row in rows[1:]) == sorted(
        ["Slecht", "Gaat wel", "Heel goed", "Gaat wel", "Slecht", "Heel goed", "Gaat wel"]
    )
    submitted_on = db.session.scalar(sa.select(Response.submitted_on).limit(1)).isoformat()
    for row in rows[1:]:
        assert len(row) == len(survey.questions)
        for cell in row:
            assert cell not in ("nl", "ar", "ti", "other", "Nederlands", "العربية", "ትግርኛ")
            assert submitted_on not in cell


def test_xlsx_export_of_an_answer_with_control_characters(client, login_as, round_, survey):
    """Stored before forms removed them (or imported): the export leaves them out."""
    text_q = question(survey, "short_text")
    # PostgreSQL cannot store NUL in text at all, so old data there never held it.
    nul = "\x00" if db.engine.dialect.name == "sqlite" else ""
    answer_id = db.session.scalar(
        sa.select(Answer.id).where(Answer.question_id == text_q.id, Answer.text == "Antwoord 00")
    )
    db.session.execute(
        sa.update(Answer).where(Answer.id == answer_id)
        .values(text=f"Uit Word{nul}: de bel\x07 en de escape\x1b[0m gaan weg")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    login_as("staff", locale="nl")
    response = client.get(f"/staff/rounds/{round_.id}/results/answer-rows.xlsx")
    assert response.status_code == 200
    sheet = read_xlsx(response)
    texts = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert "Uit Word: de bel en de escape[0m gaan weg" in texts


def test_xml_text_keeps_tabs_and_new_lines_and_drops_the_rest():
    assert xml_text("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert xml_text("x\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffey") == "xy"
    assert xml_text("Zoë, تعلم, ትግርኛ, 😀") == "Zoë, تعلم, ትግርኛ, 😀"
    workbook = to_xlsx(["kop\x1b"], [["\x00=1+1", 3]], "blad\x07")
    sheet = load_workbook(io.BytesIO(workbook)).active
    assert sheet.title == "blad"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["kop", None], ["=1+1", 3]]


def test_the_rows_order_changes(client, login_as, round_):
    login_as("staff", locale="nl")
    orders = {
        tuple(
            r[2]
            for r in read_csv(client.get(f"/staff/rounds/{round_.id}/results/answer-rows.csv"))[1:]
        )
        for _ in range(3)
    }
    assert len(orders) > 1


def test_named_rounds_have_no_answer_rows(client, login_as, survey):
    named = factories.create_round(survey, anonymous=False)
    fill(named, {question(survey, "smiley5"): spread({"1": 10})})
    login_as("staff", locale="nl")
    response = client.get(f"/staff/rounds/{named.id}/results/answer-rows.csv")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/staff/rounds/{named.id}/results")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deze ronde is niet anoniem." in page
    assert "answer-rows" not in page.split("Downloaden")[1].split("</section>")[0]
    assert audit_events("round.results_exported") == []


def test_no_answer_rows_under_five_responses(client, login_as, survey):
    few = factories.create_round(survey)
    fill(few, {question(survey, "short_text"): ["Alleen ik"] * 4})
    login_as("staff", locale="nl")
    response = client.get(f"/staff/rounds/{few.id}/results/answer-rows.xlsx")
    assert response.status_code == 303
    assert audit_events("round.results_exported") == []
    rows = read_csv(client.get(f"/staff/rounds/{few.id}/results/export.csv"))
    assert rows[1][5] == ""  # hidden: an empty number, and "Ja" in the hidden column
    assert rows[1][7] == "Ja"
    assert len(rows) == 2


def test_exports_are_for_staff_only(client, login_as, round_):
    login_as("member")
    assert client.get(f"/staff/rounds/{round_.id}/results/export.csv").status_code == 403
    assert client.get(f"/staff/rounds/{round_.id}/results/answer-rows.csv").status_code == 403
    assert client.get(f"/staff/rounds/{round_.id}/results/export.pdf").status_code == 404


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\rx", "'\rx"),
        ("gewoon", "gewoon"),
        (" =1", " =1"),
        (12, 12),
    ],
)
def test_safe_text(value, safe):
    assert safe_text(value) == safe


# --- spreadsheets in Dutch and other languages -----------------------------------------------


def _number(cell: str) -> float | None:
    """A figure as Dutch Excel reads it (decimal comma); an empty cell is no number."""
    return float(cell.replace(",", ".")) if cell else None


def test_dutch_csv_has_semicolons_decimal_commas_and_only_numbers(client, login_as, round_, survey):
    login_as("staff", locale="nl")
    response = client.get(f"/staff/rounds/{round_.id}/results/export.csv?sep=semicolon")
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert len(header) == 8  # all columns found: the file is split on semicolons
    figures = [header.index("Uitgenodigd"), header.index("Aantal"), header.index("Percentage")]
    for row in body:
        for index in figures:
            _number(row[index])  # a number or empty, never "< 5" or "verborgen"
        assert row[header.index("Verborgen (minder dan 5 mensen)")] in ("Ja", "Nee")
    smiley = [r for r in body if r[1] == question(survey, "smiley5").key]
    assert _number(smiley[0][6]) == 33.3
    assert sum(_number(r[5]) for r in smiley) == 30


def test_csv_separator_follows_the_language_or_the_choice(client, login_as, round_):
    login_as("staff", locale="en")
    url = f"/staff/rounds/{round_.id}/results/export.csv"
    english = read_csv(client.get(url), delimiter=",")
    assert len(english[0]) == 8
    assert "33.3" in [row[6] for row in english]
    dutch = read_csv(client.get(url + "?sep=semicolon"))
    assert len(dutch[0]) == 8
    assert "33,3" in [row[6] for row in dutch]
    assert len(read_csv(client.get(url + "?sep=comma"), delimiter=",")[0]) == 8


def test_hidden_figures_are_empty_numbers_with_a_column_saying_so(client, login_as, survey):
    few = factories.create_round(survey)
    fill(few, {question(survey, "short_text"): ["Alleen ik"] * 4})
    login_as("staff", locale="nl")
    sheet = read_xlsx(client.get(f"/staff/rounds/{few.id}/results/export.xlsx"))
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][5] is None
    assert rows[1][6] is None
    assert rows[1][7] == "Ja"
    assert isinstance(rows[1][4], int)


def test_xlsx_has_percentages_widths_and_a_frozen_header(client, login_as, round_, survey):
    login_as("staff", locale="nl")
    sheet = read_xlsx(client.get(f"/staff/rounds/{round_.id}/results/export.xlsx"))
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    percent = header.index("Percentage") + 1
    shares = [row[percent - 1] for row in sheet.iter_rows(min_row=2) if row[percent - 1].value is not None]
    assert shares
    assert all(cell.number_format.endswith("%") for cell in shares)
    assert all(isinstance(cell.value, int | float) and 0 <= cell.value <= 1 for cell in shares)
    assert any(0 < cell.value < 1 for cell in shares)
    counts = [row[5].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, int) for v in counts)
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    question_text = max(len(str(row[2].value or "")) for row in sheet.iter_rows(min_row=2))
    assert widths["C"] >= min(question_text, 58)
    assert all(8 <= w <= 60 for w in widths.values())
    rows_sheet = read_xlsx(client.get(f"/staff/rounds/{round_.id}/results/answer-rows.xlsx"))
    assert rows_sheet.freeze_panes == "A2"
