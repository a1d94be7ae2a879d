"""Staff pages for monthly rounds: the list with planning, one round, open/remind/close."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from stem.core.dates import format_date
from stem.core.db import db, utcnow
from stem.core.pagination import paginate
from stem.core.security import require_role
from stem.surveys import bp
from stem.surveys.models import Round, Survey
from stem.surveys.rounds.forms import AUTOMATIC, OpenRoundForm, PlanForm, RoundActionForm
from stem.surveys.rounds.invitations import (
    MANUAL_REMINDER_GAP,
    active_members,
    queue_invitations,
    reminders_due,
)
from stem.surveys.rounds.schedule import (
    PeriodError,
    add_months,
    check_period,
    opens_at,
    parse_period,
    period_of,
)
from stem.surveys.rounds.services import (
    NoSurveyError,
    RoundError,
    close_round,
    figures,
    get_round,
    open_round_once,
    plan_round,
    remind_now,
    round_figures,
    survey_for,
)

staff_only = require_role("staff", "admin")
PLAN_AHEAD = 3


def period_label(period: str) -> str:
    """"december 2026" in the reader's language."""
    year, month = parse_period(period)
    return format_date(date(year, month, 1), format="MMMM y")


def _endpoint_url(endpoint: str, **values) -> str | None:
    """A link to another feature's page, or None while that page does not exist."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def _get_round(round_id: int) -> Round:
    return db.session.get(Round, round_id) or abort(404)


def plannable_periods(now) -> list[str]:
    """The next PLAN_AHEAD months whose round has not opened yet, from this month on."""
    started = set(
        db.session.scalars(
            sa.select(Round.period).where(
                Round.status != "planned", Round.period >= period_of(now)
            )
        )
    )
    periods, period = [], period_of(now)
    while len(periods) < PLAN_AHEAD:
        if period not in started:
            periods.append(period)
        period = add_months(period, 1)
    return periods


def _survey_choices() -> list[tuple[int, str]]:
    surveys = db.session.scalars(
        sa.select(Survey).where(Survey.status == "ready").order_by(Survey.name, Survey.version)
    )
    choices = [(AUTOMATIC, _("Automatisch: de nieuwste versie van de vorige vragenlijst"))]
    choices += [
        (s.id, _("%(name)s (versie %(version)d)", name=s.name, version=s.version)) for s in surveys
    ]
    return choices


@bp.route("/staff/rounds", methods=["GET", "POST"])
@staff_only
def rounds():
    """All rounds with their response figures; plan the survey of the next months."""
    now = utcnow()
    periods = plannable_periods(now)
    choices = _survey_choices()
    planned = {
        r.period: r
        for r in db.session.scalars(sa.select(Round).where(Round.period.in_(periods)))
    }
    submitted = None
    if request.method == "POST":
        submitted = next((p for p in periods if f"plan-{p}-survey" in request.form), None)
        if submitted is None:
            flash(_("Deze maand kun je niet meer plannen. Kijk hieronder wat nog kan."), "error")
            return redirect(url_for("surveys.rounds"), code=303)
    forms = {}
    for period in periods:
        current = planned.get(period)
        form = PlanForm(
            prefix=f"plan-{period}",
            formdata=request.form if period == submitted else None,
            survey=current.survey_id if current is not None else AUTOMATIC,
        )
        form.survey.choices = choices
        form.survey.label.text = _("Vragenlijst voor %(month)s", month=period_label(period))
        forms[period] = form
    if submitted is not None:
        form = forms[submitted]
        if form.validate():
            survey = db.session.get(Survey, form.survey.data) if form.survey.data else None
            try:
                plan_round(submitted, survey, current_user)
            except RoundError as exc:
                form.survey.errors.append(str(exc))
            else:
                flash(
                    _("De vragenlijst voor %(month)s is opgeslagen.", month=period_label(submitted)),
                    "ok",
                )
                return redirect(url_for("surveys.rounds"), code=303)
    query = sa.select(Round).options(sa.orm.selectinload(Round.survey)).order_by(
        Round.period.desc()
    )
    page = paginate(query, request.args.get("page", 1))
    current_period = period_of(now)
    current_round = get_round(current_period)
    return render_template(
        "surveys/rounds/index.html",
        page=page,
        figures=figures([r.id for r in page.items]),
        forms=forms,
        opens={p: opens_at(p) for p in periods},
        period_label=period_label,
        current_period=current_period,
        can_open_now=current_round is None or current_round.status == "planned",
    )


@bp.get("/staff/rounds/<int:round_id>", endpoint="round")
@staff_only
def round_detail(round_id: int):
    """One round: its state, figures and the buttons to remind or close it."""
    round_ = _get_round(round_id)
    return render_template(
        "surveys/rounds/detail.html",
        round=round_,
        figures=round_figures(round_),
        opens_at=opens_at(round_.period),
        period_label=period_label,
        results_url=(
            _endpoint_url("surveys.results", round_id=round_.id)
            if round_.status != "planned"
            else None
        ),
        survey_url=_endpoint_url("surveys.edit", survey_id=round_.survey_id),
        reminders_due=reminders_due(round_, utcnow(), MANUAL_REMINDER_GAP),
    )


def _openable_period(value: str | None, now) -> str:
    """This month, or a month with a planned round; anything else is not found."""
    try:
        period = check_period(value) if value else period_of(now)
    except PeriodError:
        abort(404)
    if period != period_of(now):
        existing = get_round(period)
        if existing is None or existing.status != "planned":
            abort(404)
    return period


@bp.route("/staff/rounds/open", methods=["GET", "POST"])
@staff_only
def round_open():
    """Confirm, then open a month's round now and invite every active member."""
    now = utcnow()
    form = OpenRoundForm()
    period = _openable_period(
        form.period.data if request.method == "POST" else request.args.get("period"), now
    )
    existing = get_round(period)
    if existing is not None and existing.status != "planned":
        flash(_("Deze ronde is al geopend."), "info")
        return redirect(url_for("surveys.round", round_id=existing.id), code=303)
    if form.validate_on_submit():
        try:
            round_, opened = open_round_once(period, now, current_user)
        except NoSurveyError:
            flash(_("Er is geen vragenlijst voor deze ronde. Kies eerst een vragenlijst."), "error")
            return redirect(url_for("surveys.rounds"), code=303)
        invited = queue_invitations(round_, now=now, commit=False)
        flash(
            ngettext(
                "De ronde is geopend. %(num)d lid krijgt een uitnodiging.",
                "De ronde is geopend. %(num)d leden krijgen een uitnodiging.",
                invited,
            )
            if opened
            else _("Deze ronde is al geopend."),
            "ok",
        )
        return redirect(url_for("surveys.round", round_id=round_.id), code=303)
    form.period.data = period
    survey = survey_for(period)
    members = db.session.scalar(
        sa.select(sa.func.count()).select_from(active_members(now).subquery())
    )
    return render_template(
        "surveys/rounds/confirm_open.html",
        form=form,
        period=period,
        period_label=period_label,
        survey=survey,
        members=members,
        close_days=current_app.config["ROUND_CLOSE_AFTER_DAYS"],
    )


@bp.route("/staff/rounds/<int:round_id>/remind", methods=["GET", "POST"])
@staff_only
def round_remind(round_id: int):
    """Confirm, then remind every member who has not answered yet."""
    round_ = _get_round(round_id)
    now = utcnow()
    if round_.status != "open":
        flash(_("Deze ronde is niet open. Je kunt geen herinnering sturen."), "error")
        return redirect(url_for("surveys.round", round_id=round_.id), code=303)
    form = RoundActionForm()
    if form.validate_on_submit():
        count = remind_now(round_, now, current_user)
        flash(
            ngettext(
                "%(num)d lid krijgt een herinnering.",
                "%(num)d leden krijgen een herinnering.",
                count,
            ),
            "ok",
        )
        return redirect(url_for("surveys.round", round_id=round_.id), code=303)
    return render_template(
        "surveys/rounds/confirm_action.html",
        form=form,
        round=round_,
        action="remind",
        period_label=period_label,
        count=reminders_due(round_, now, MANUAL_REMINDER_GAP),
        max_reminders=current_app.config["ROUND_MAX_REMINDERS"],
    )


@bp.route("/staff/rounds/<int:round_id>/close", methods=["GET", "POST"])
@staff_only
def round_close(round_id: int):
    """Confirm, then close a round now: its links stop working."""
    round_ = _get_round(round_id)
    if round_.status != "open":
        flash(_("Deze ronde is niet open."), "info")
        return redirect(url_for("surveys.round", round_id=round_.id), code=303)
    form = RoundActionForm()
    if form.validate_on_submit():
        close_round(round_, utcnow(), current_user)
        flash(_("De ronde is gesloten."), "ok")
        return redirect(url_for("surveys.round", round_id=round_.id), code=303)
    return render_template(
        "surveys/rounds/confirm_action.html",
        form=form,
        round=round_,
        action="close",
        period_label=period_label,
        count=round_figures(round_).invited,
    )
