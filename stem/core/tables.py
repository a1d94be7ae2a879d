"""Tables as downloads: CSV that Dutch Excel opens right, and XLSX.

Dutch Excel reads a CSV with semicolons and decimal commas (CSV_DUTCH); other spreadsheets
with commas and decimal points (CSV_INTERNATIONAL); `csv_dialect` picks by the page's
language unless the person chose (?sep=semicolon or comma). CSV files carry a UTF-8
byte-order mark so spreadsheet programs read the accents right. The XLSX stores shares as
fractions shown as percentages, with a frozen header row and columns wide enough to read.

Text that someone typed could start with "=", "+", "-" or "@" and run as a formula in a
spreadsheet; in CSV such a cell gets a leading apostrophe, in XLSX every text cell is stored
as text (never as a formula) and marked to stay text when edited. XLSX is XML, which cannot
hold most control characters: to_xlsx removes them from every text cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.numbers import get_decimal_symbol
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone
# surrogates; and the two non-characters U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
