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

import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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


def safe_text(value):
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xml_text(value: str) -> str:
    """`value` without the characters an XLSX (XML) file cannot hold."""
    return NOT_IN_XML.sub("", value)


def _figure(count: int | None) -> int | str:
    return count if count is not None else _("verborgen")


def _percent(share: float | None) -> float | str:
    return round(share * 100, 1) if share is not None else ""


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
    ]
    round_ = results.round
    responded = results.responded if results.enough else _("< 5")
    table: list[list] = [
        [_("Ronde"), "", "", round_.period, results.invited, responded, _percent(results.rate)]
    ]
    for row in results.languages or []:
        table.append(
            [
                _("Taalgroep"),
                "",
                "",
                row.name,
                _figure(row.invited),
                _figure(row.responded),
                _percent(row.rate),
            ]
        )
    for q in results.questions:
        key, text = q.question.key, q.text
        if q.question.kind in CHOICE_KINDS:
            for row in q.rows:
                label = row.label if row.label is not None else _("Geen antwoord")
                table.append([_("Vraag"), key, text, label, "", row.count, _percent(row.share)])
        elif q.written is not None:
            written = q.written
            table.append(
                [_("Vraag"), key, text, _("Open antwoorden"), "", written.count,
                 _percent(written.share)]
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


def to_csv(header: Sequence, table: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read the accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(v) for v in header])
    for row in table:
        writer.writerow([safe_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header: Sequence, table: Iterable[Sequence], title: str) -> bytes:
    """An XLSX workbook with one sheet; text cells are text, never formulas."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=xml_text(title)[:31])

    def cell(value):
        if isinstance(value, str):
            value = xml_text(value)
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # openpyxl would take "=..." for a formula
            if value.startswith(FORMULA_STARTS):
                item.quotePrefix = True  # and Excel keeps it text when it is edited
        return item

    sheet.append([cell(v) for v in header])
    for row in table:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
