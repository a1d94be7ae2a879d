"""How the results pages show figures: numbers, "hidden", shares, charts, month names."""

from __future__ import annotations

from datetime import date

from babel import Locale
from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from stem.core.dates import format_date
from stem.surveys.models import Round
from stem.surveys.results.charts import Bar, bar_chart
from stem.surveys.results.queries import QuestionResult
from stem.surveys.results.trends import highlighted, trend_groups
from stem.surveys.texts import survey_title


def current_locale() -> str:
    """The code of the language this request is shown in."""
    return str(get_locale())


class Formats:
    """Counts, shares and month names in the reader's language, for one page. A results
    page shows hundreds of numbers, many of them the same: each is formatted once."""

    def __init__(self, locale: str | None = None) -> None:
        self.locale = Locale.parse(locale or current_locale())
        self._done: dict[tuple, str] = {}

    def figure(self, count: int | None) -> str:
        """A count as shown: the number, or "hidden" for a group too small to show."""
        if count is None:
            return _("verborgen")
        key = ("count", count)
        if key not in self._done:  # what format_decimal gives, without its look-ups
            self._done[key] = self.locale.decimal_formats[None].apply(count, self.locale)
        return self._done[key]

    def share(self, value: float | None) -> str:
        """A share as a percentage, or a dash when there is none."""
        if value is None:
            return "–"
        key = ("share", value)
        if key not in self._done:  # what format_percent gives
            self._done[key] = self.locale.percent_formats[None].apply(value, self.locale)
        return self._done[key]

    def month(self, period: str) -> str:
        """Such as "november 2026"."""
        key = ("month", period)
        if key not in self._done:
            year, month = (int(part) for part in period.split("-"))
            self._done[key] = format_date(date(year, month, 1), format="MMMM y")
        return self._done[key]


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


def question_chart(result: QuestionResult, rtl: bool, formats: Formats):
    """A choice question's bar chart: every option, then "no answer"."""
    bars = [
        Bar(
            row.label if row.label is not None else _("Geen antwoord"),
            row.share,
            f"{formats.figure(row.count)} ({formats.share(row.share)})",
        )
        for row in result.rows
    ]
    desc = _("Staafdiagram van de antwoorden. De cijfers staan ook in de tabel.")
    return bar_chart(f"chart-{result.question.id}", result.text, desc, bars, rtl)


def trend_chart(result: QuestionResult, rtl: bool, formats: Formats):
    """A trend's bar chart: per round the share satisfied, or the share saying yes."""
    kind = result.question.kind
    index = trend_groups(kind).index(highlighted(kind))
    bars = []
    for point in result.trend:
        if point.groups:
            row = point.groups[index]
            bars.append(Bar(formats.month(point.period), row.share, formats.share(row.share)))
        else:
            bars.append(Bar(formats.month(point.period), None, "–"))
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


def page_context(round_: Round, formats: Formats | None = None, **extra) -> dict:
    """What every results page's template gets."""
    formats = formats or Formats()
    return {
        "round": round_,
        "month": formats.month(round_.period),
        "title": survey_title(round_.survey, current_locale()).text,
        "round_url": endpoint_url("surveys.round", round_id=round_.id),
        "figure": formats.figure,
        "share": formats.share,
        "group_name": group_name,
        "month_name": formats.month,
        "small_label": _("< 5"),
        "trend_groups": trend_groups,
        "trend_columns": trend_columns,
        **extra,
    }
