"""Staff pages for a round's results: figures and charts, open answers, exports.

The summary pages live in summary_routes.py.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from stem.core.audit import audit
from stem.core.db import db
from stem.core.i18n import language
from stem.core.security import require_role
from stem.core.templating import isolate
from stem.core.web import writes
from stem.signals.intake.services import IntakeError
from stem.signals.models import Theme
from stem.surveys import bp
from stem.surveys.models import TEXT_KINDS, Round
from stem.surveys.results import exports
from stem.surveys.results.forms import AnswersForm
from stem.surveys.results.open_answers import (
    answer_ref,
    answers_to_signal,
    listing_allowed,
    open_answers_page,
    texts_for_refs,
)
from stem.surveys.results.queries import RoundResults, get_question, get_round, round_results
from stem.surveys.results.suppression import MIN_GROUP
from stem.surveys.results.view import (
    Formats,
    current_locale,
    endpoint_url,
    page_context,
    question_chart,
    trend_chart,
)
from stem.surveys.texts import question_text

staff_only = require_role("staff", "admin")

# --- results ------------------------------------------------------------------------------


@bp.get("/staff/rounds/<int:round_id>/results")
@staff_only
def results(round_id: int):
    """Invited, responded, language groups, a chart and table per question, trends: the
    figures of the round's newest result step."""
    round_ = get_round(round_id)
    data: RoundResults = round_results(round_, current_locale())
    rtl = language(current_locale()).direction == "rtl"
    formats = Formats()
    charts = {q.question.id: question_chart(q, rtl, formats) for q in data.questions if q.rows}
    trends = {q.question.id: trend_chart(q, rtl, formats) for q in data.questions if q.trend}
    return render_template(
        "surveys/results/results.html",
        **page_context(
            round_,
            formats,
            results=data,
            charts=charts,
            trends=trends,
            min_group=MIN_GROUP,
            rows_export=round_.anonymous and data.enough,
        ),
    )


def _download(content: bytes, media_type: str, filename: str) -> Response:
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _send(header, table, round_: Round, fmt: str, name: str) -> Response:
    filename = f"stem-{round_.period}-{name}.{fmt}"
    if fmt == "csv":
        # ?sep=semicolon (Dutch Excel) or ?sep=comma; without it, what the person's language uses
        dialect = exports.csv_dialect(request.args.get("sep"), current_locale())
        content = exports.to_csv(header, table, dialect)
        return _download(content, exports.CSV_MEDIA_TYPE, filename)
    return _download(exports.to_xlsx(header, table, name), exports.XLSX_MEDIA_TYPE, filename)


@bp.get("/staff/rounds/<int:round_id>/results/export.<any(csv, xlsx):fmt>")
@staff_only
@writes  # the export is written to the audit log
def results_export(round_id: int, fmt: str):
    """The aggregated results, with the same protection as the page."""
    round_ = get_round(round_id)
    data = round_results(round_, current_locale())
    header, table = exports.aggregate_table(data, current_locale())
    audit("round.results_exported", round_, content="aggregate", format=fmt)
    return _send(header, table, round_, fmt, "resultaten")


@bp.get("/staff/rounds/<int:round_id>/results/answer-rows.<any(csv, xlsx):fmt>")
@staff_only
@writes  # the export is written to the audit log
def results_answer_rows(round_id: int, fmt: str):
    """Anonymous rounds only: one unlinked row per response, in a random order."""
    round_ = get_round(round_id)
    data = round_results(round_, current_locale())
    try:
        header, table = exports.answer_rows(round_, data, current_locale())
    except exports.ExportRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("surveys.results", round_id=round_.id), code=303)
    audit("round.results_exported", round_, content="answer_rows", format=fmt, rows=len(table))
    return _send(header, table, round_, fmt, "antwoorden")


# --- open answers -------------------------------------------------------------------------


def _themes() -> list[Theme]:
    return list(
        db.session.scalars(sa.select(Theme).where(Theme.active).order_by(Theme.position, Theme.id))
    )


@bp.route(
    "/staff/rounds/<int:round_id>/results/questions/<int:question_id>/answers",
    methods=["GET", "POST"],
)
@staff_only
def results_answers(round_id: int, question_id: int):
    """All open answers of a question; tick some to make a signal or quote them."""
    round_ = get_round(round_id)
    question = get_question(round_, question_id)
    if question.kind not in TEXT_KINDS:
        abort(404)
    shown = listing_allowed(round_, question)
    locale = current_locale()
    themes = _themes()
    form = AnswersForm(theme=question.theme_id or 0, form_key=secrets.token_urlsafe(12))
    form.theme.choices = [(0, _("Kies een thema"))] + [(t.id, t.name(locale)) for t in themes]
    if shown and form.validate_on_submit():
        texts = texts_for_refs(round_, question, form.answers.data)
        action = request.form.get("action")
        if texts is None:
            form.answers.errors.append(
                _("Deze antwoorden horen niet bij deze vraag. Kies ze opnieuw.")
            )
        elif action == "summary":
            quotes = [f"{question.id}:{answer_ref(t)}" for t in texts]
            return redirect(
                url_for("surveys.round_summary", round_id=round_.id, quote=quotes), code=303
            )
        elif action == "signal":
            redirect_to = _make_signal(round_, question, texts, form, themes)
            if redirect_to:
                return redirect_to
        else:
            abort(400)
    page = open_answers_page(round_, question, request.args.get("page", 1)) if shown else None
    answers = [(answer_ref(text), text) for text in page.items] if page else []
    return render_template(
        "surveys/results/answers.html",
        **page_context(
            round_,
            question=question,
            number=round_.survey.questions.index(question) + 1,
            question_text=question_text(question, locale).text,
            shown=shown,
            page=page,
            answers=answers,
            form=form,
        ),
    )


def _make_signal(round_, question, texts, form, themes):
    """Make the signal and redirect to it, or put the errors on the form and return None."""
    theme = next((t for t in themes if t.id == form.theme.data), None)
    if theme is None:
        form.theme.errors.append(_("Kies een thema voor het signaal."))
        return None
    try:
        signal = answers_to_signal(
            current_user, round_, question, texts, theme, form_key=form.form_key.data or None
        )
    except IntakeError as exc:
        field = form.theme if "theme" in exc.errors else form.answers
        field.errors.append(" ".join(exc.errors.values()))
        return None
    flash(
        ngettext(
            "Het signaal %(reference)s is gemaakt van %(num)d antwoord.",
            "Het signaal %(reference)s is gemaakt van %(num)d antwoorden.",
            len(texts),
            reference=isolate(signal.reference),
        ),
        "ok",
    )
    target = endpoint_url("signals.triage", signal_id=signal.id) or request.path
    return redirect(target, code=303)
