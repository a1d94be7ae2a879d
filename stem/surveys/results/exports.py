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

import secrets

import sqlalchemy as sa
from flask_babel import gettext as _

from stem.core.db import db
from stem.core.tables import (  # noqa: F401 - the helpers live in core; kept importable here
    CSV_DIALECTS,
    CSV_DUTCH,
    CSV_INTERNATIONAL,
    CSV_MEDIA_TYPE,
    FORMULA_STARTS,
    NOT_IN_XML,
    XLSX_MEDIA_TYPE,
    CsvDialect,
    Share,
    csv_dialect,
    safe_text,
    to_csv,
    to_xlsx,
    xml_text,
)
from stem.surveys.models import CHOICE_KINDS, Answer, AnswerChoice, Response, Round
from stem.surveys.results.open_answers import submitted
from stem.surveys.results.queries import RoundResults
from stem.surveys.texts import option_label, question_text


class ExportRefused(Exception):
    """This export is not allowed for this round; the message says why, translated."""


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
