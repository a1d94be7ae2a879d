"""Exports of a round's results as CSV and XLSX.

Two kinds:
- aggregated results: exactly the figures of the results page, read from the round's newest
  result step (a language group only when the page shows it, see
  stem.surveys.results.suppression);
- answer rows, for anonymous rounds with at least five counted respondents only: one row
  per response counted in a step, in a random order, with the answers and nothing else: no
  id, date, language group or any other attribute by which rows could be grouped (a group
  of two would be two people's answers). Named rounds get no answer rows: members consented
  to staff knowing who answered, not to their answers travelling in a spreadsheet with their
  name on it, so that stays out until consent covers it.

Figures stay numbers: a figure that is hidden (fewer than five people) is an empty cell
with "yes" in a column of its own, never text such as "< 5" among numbers, which would break
a sum. Dutch Excel reads a CSV with semicolons and decimal commas (CSV_DUTCH); other
spreadsheets with commas and decimal points (CSV_INTERNATIONAL). The XLSX stores shares as
fractions shown as percentages, with a frozen header row and columns wide enough to read.

Text a member or staff typed could start with "=", "+", "-" or "@" and run as a formula
in a spreadsheet; in CSV such a cell gets a leading apostrophe, in XLSX every text cell is
stored as text (never as a formula) and marked to stay text when edited. XLSX is XML,
which cannot hold most control characters: stored answers from before forms removed them
(or imported ones) may hold some, so to_xlsx removes them from every text cell.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from babel.numbers import get_decimal_symbol
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from stem.core.db import db
from stem.surveys.models import CHOICE_KINDS, Answer, AnswerChoice, Response, Round
from stem.surveys.results.open_answers import submitted
from stem.surveys.results.queries import RoundResults
from stem.surveys.texts import option_label, question_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone
# surrogates; and the two non-characters U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportRefused(Exception):
    """This export is not allowed for this round; the message says why, translated."""


class Share(float):
    """A share between 0 and 1: a percentage in a spreadsheet."""


@dataclass(frozen=True)
class CsvDialect:
    """How a spreadsheet program of a language reads a CSV file."""

    delimiter: str
    decimal: str


CSV_DUTCH = CsvDialect(delimiter=";", decimal=",")
CSV_INTERNATIONAL = CsvDialect(delimiter=",", decimal=".")
CSV_DIALECTS = {"semicolon": CSV_DUTCH, "comma": CSV_INTERNATIONAL}


def csv_dialect(choice: str | None, locale: str) -> CsvDialect:
    """The dialect the person chose, or else the one their language's Excel reads: where
    the decimal sign is a comma, fields are separated by semicolons."""
    if choice in CSV_DIALECTS:
        return CSV_DIALECTS[choice]
    return CSV_DUTCH if get_decimal_symbol(locale) == "," else CSV_INTERNATIONAL


def safe_text(value):
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xml_text(value: str) -> str:
    """`value` without the characters an XLSX (XML) file cannot hold."""
    return NOT_IN_XML.sub("", value)


def _share(share: float | None) -> Share | None:
    return Share(share) if share is not None else None


def _hidden(*figures) -> str:
    """The "hidden" column: yes when a figure of the row is left out to protect people."""
    return _("Ja") if any(f is None for f in figures) else _("Nee")


def aggregate_table(results: RoundResults, locale: str) -> tuple[list[str], list[list]]:
    """The results page as one table: part, question key, question, group, figures."""
    header = [
        _("Onderdeel"),
        _("Vraagsleutel"),
        _("Vraag"),
        _("Groep"),
        _("Uitgenodigd"),
        _("Aantal"),
        _("Percentage"),
        _("Verborgen (minder dan 5 mensen)"),
    ]
    round_ = results.round
    responded = results.responded if results.enough else None
    table: list[list] = [
        [
            _("Ronde"),
            "",
            "",
            round_.period,
            results.invited,
            responded,
            _share(results.rate) if results.enough else None,
            _hidden(responded),
        ]
    ]
    for row in results.languages or []:
        table.append(
            [
                _("Taalgroep"),
                "",
                "",
                row.name,
                row.invited,
                row.responded,
                _share(row.rate),
                _hidden(row.invited, row.responded),
            ]
        )
    for q in results.questions:
        key, text = q.question.key, q.text
        if q.question.kind in CHOICE_KINDS:
            for row in q.rows:
                label = row.label if row.label is not None else _("Geen antwoord")
                table.append(
                    [
                        _("Vraag"),
                        key,
                        text,
                        label,
                        None,
                        row.count,
                        _share(row.share),
                        _hidden(row.count),
                    ]
                )
        elif q.written is not None:
            written = q.written
            table.append(
                [
                    _("Vraag"),
                    key,
                    text,
                    _("Open antwoorden"),
                    None,
                    written.count,
                    _share(written.share),
                    _hidden(written.count),
                ]
            )
    return header, table


def answer_rows(round_: Round, results: RoundResults, locale: str) -> tuple[list[str], list[list]]:
    """One row per counted response, shuffled: the answers only, no attribute of the
    response (no id, date or language group)."""
    if not round_.anonymous:
        raise ExportRefused(
            _(
                "Deze ronde is niet anoniem. Losse antwoorden kun je alleen uit anonieme rondes downloaden."
            )
        )
    if not results.enough:
        raise ExportRefused(
            _(
                "Deze ronde heeft minder dan 5 reacties. Daarom kun je geen losse antwoorden downloaden."
            )
        )
    questions = round_.survey.questions
    column = {q.id: index for index, q in enumerate(questions)}
    labels = {o.id: option_label(o, locale).text for q in questions for o in q.options}
    order = {o.id: (o.position, o.id) for q in questions for o in q.options}
    by_response: dict[int, list[list[str]]] = {}

    def cells(response_id: int) -> list[list[str]]:
        return by_response.setdefault(response_id, [[] for _q in questions])

    for response_id, question_id, text in db.session.execute(
        sa.select(Answer.response_id, Answer.question_id, Answer.text)
        .join(Response, Response.id == Answer.response_id)
        .where(submitted(round_.id))
    ):
        if text and text.strip() and question_id in column:
            cells(response_id)[column[question_id]].append(text)
    choices = db.session.execute(
        sa.select(Answer.response_id, Answer.question_id, AnswerChoice.option_id)
        .join(Answer, Answer.id == AnswerChoice.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(submitted(round_.id))
    ).all()
    for response_id, question_id, option_id in sorted(
        choices, key=lambda c: order.get(c[2], (0, 0))
    ):
        if question_id in column and option_id in labels:
            cells(response_id)[column[question_id]].append(labels[option_id])
    # Responses without any answer still count as a row (they were submitted).
    for (response_id,) in db.session.execute(sa.select(Response.id).where(submitted(round_.id))):
        cells(response_id)
    table = [["; ".join(values) for values in row] for row in by_response.values()]
    secrets.SystemRandom().shuffle(table)  # the order of the rows says nothing
    header = [f"{q.key}: {question_text(q, locale).text}" for q in questions]
    return header, table


def _csv_cell(value, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, Share):
        value = round(value * 100, 1)  # a percentage, as the page shows it
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", dialect.decimal)
    if isinstance(value, int):
        return str(value)
    return safe_text(value)


def to_csv(header: Sequence, table: Iterable[Sequence], dialect: CsvDialect = CSV_DUTCH) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read the accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow([_csv_cell(v, dialect) for v in header])
    for row in table:
        writer.writerow([_csv_cell(v, dialect) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Share):
        return 7
    longest_line = max(str(value).split("\n"), key=len)
    return len(longest_line)


def to_xlsx(header: Sequence, table: Iterable[Sequence], title: str) -> bytes:
    """An XLSX workbook with one sheet; text cells are text, never formulas; shares are
    percentages; the header row stays in view; columns fit their contents (within limits)."""
    rows = [list(row) for row in table]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=xml_text(title)[:31])
    sheet.freeze_panes = "A2"
    for index in range(len(header)):
        longest = max(_width(row[index]) for row in [header, *rows] if index < len(row))
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, 8), 60)

    def cell(value, bold: bool = False):
        if isinstance(value, str):
            value = xml_text(value)
        item = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Share) else value)
        if isinstance(value, Share):
            item.number_format = "0.0%"
        if isinstance(value, str):
            item.data_type = "s"  # openpyxl would take "=..." for a formula
            if value.startswith(FORMULA_STARTS):
                item.quotePrefix = True  # and Excel keeps it text when it is edited
        if bold:
            item.font = Font(bold=True)
        return item

    sheet.append([cell(v, bold=True) for v in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
