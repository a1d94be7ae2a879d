"""How the results pages show figures: numbers, "hidden", shares, charts, month names."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from flask_babel import format_date, format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from stem.surveys.models import Round
from stem.surveys.results.charts import Bar, bar_chart
from stem.surveys.results.queries import QuestionResult, Row
from stem.surveys.results.trends import highlighted, trend_groups
from stem.surveys.texts import survey_title


def current_locale() -> str:
    """The code of the language this request is shown in."""
    return str(get_locale())


def month_name(period: str) -> str:
    """Such as "november 2026", in the reader's language."""
    year, month = (int(part) for part in period.split("-"))
    return format_date(date(year, month, 1), format="MMMM y")


def figure(count: int | None) -> str:
    """A count as shown: the number, or "hidden" for a group too small to show."""
    return format_decimal(count) if count is not None else _("verborgen")


def share(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def group_name(name: str | None) -> str:
    names = {
        "negative": _("Niet tevreden"),
        "neutral": _("Neutraal"),
        "positive": _("Tevreden"),
        "none": _("Geen antwoord"),
        "yes": _("Ja"),
        "no": _("Nee"),
    }
    return names.get(name or "none", name or "")


def trend_columns(kind: str) -> list[str]:
    """The group columns of a question's trend table, translated."""
    return [group_name(name) for name in trend_groups(kind)]


def _bar(label: str, row: Row) -> Bar:
    return Bar(label, row.share, f"{figure(row.count)} ({share(row.share)})")


def question_chart(result: QuestionResult, rtl: bool):
    bars = [
        _bar(row.label if row.label is not None else _("Geen antwoord"), row)
        for row in result.rows
    ]
    desc = _("Staafdiagram van de antwoorden. De cijfers staan ook in de tabel.")
    return bar_chart(f"chart-{result.question.id}", result.text, desc, bars, rtl)


def trend_chart(result: QuestionResult, rtl: bool):
    kind = result.question.kind
    index = trend_groups(kind).index(highlighted(kind))
    bars = []
    for point in result.trend:
        if point.groups:
            row = point.groups[index]
            bars.append(Bar(month_name(point.period), row.share, share(row.share)))
        else:
            bars.append(Bar(month_name(point.period), None, "–"))
    if highlighted(kind) == "yes":
        title = _("Ja, per ronde: %(question)s", question=result.text)
        desc = _(
            "Staafdiagram: het deel van de reacties dat ja zegt, per ronde. De cijfers staan ook in de tabel."
        )
    else:
        title = _("Tevreden, per ronde: %(question)s", question=result.text)
        desc = _(
            "Staafdiagram: het deel van de reacties dat tevreden is, per ronde. De cijfers staan ook in de tabel."
        )
    return bar_chart(f"trend-{result.question.id}", title, desc, bars, rtl)


def endpoint_url(endpoint: str, **values) -> str | None:
    """A link to another feature's page, or None while that page does not exist."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def page_context(round_: Round, **extra) -> dict:
    return {
        "round": round_,
        "month": month_name(round_.period),
        "title": survey_title(round_.survey, current_locale()).text,
        "round_url": endpoint_url("surveys.round", round_id=round_.id),
        "figure": figure,
        "share": share,
        "group_name": group_name,
        "month_name": month_name,
        "small_label": _("< 5"),
        "trend_groups": trend_groups,
        "trend_columns": trend_columns,
        **extra,
    }
