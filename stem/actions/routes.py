"""Follow-up actions: the overview, a new action (already linked), one action, editing.

The edit form carries the action's version. A save based on an older version answers
409 with the action as it is stored now beside the staff member's input, never
overwriting what a colleague saved in between.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts.models import Organisation, User
from stem.actions import bp, links, queries, services, wording
from stem.actions.forms import OTHER_LOCALES, ActionForm, EditActionForm
from stem.actions.models import Action
from stem.actions.pages import (
    actor,
    language_name,
    load_action,
    locale,
    organisation_choices,
    parent_choices,
    render_detail,
    staff_choices,
)
from stem.actions.services import ActionInput, TextInput
from stem.commitments.models import Commitment
from stem.core.converters import parse_id
from stem.core.db import db
from stem.core.htmx import is_htmx, render_page
from stem.core.pagination import paginate
from stem.core.security import require_role
from stem.signals.models import Signal, Theme
from stem.surveys.models import Question, Round
from stem.surveys.texts import question_text

PER_PAGE = 25
LINK_ARGS = ("signal", "commitment", "round", "question")


@bp.get("/actions", endpoint="overview")
@require_role("staff", "admin", "partner")
def overview():
    """Every action this person may see, filtered from the URL; overdue ones highlighted."""
    user = actor()
    filters = queries.OverviewFilters.from_args(request.args)
    page = paginate(queries.overview_query(filters, user), request.args.get("page", 1), PER_PAGE)
    here = url_for(
        "actions.overview", **filters.args(), **({"page": page.number} if page.number > 1 else {})
    )
    headers = {"HX-Push-Url": here} if is_htmx() else {}
    staff = user.is_staff
    organisations = organisation_choices("")[1:] if staff else []
    if not staff and user.organisation is not None:
        organisations = [(user.organisation.id, user.organisation.name)]
    body = render_page(
        "actions/index.html",
        block="results",
        filters=filters,
        page=page,
        labels=wording,
        locale=locale(),
        today=queries.today(),
        statuses=queries.STATUS_FILTERS[1:],
        organisations=organisations,
        departments=queries.departments(user),
        commitments=list(db.session.scalars(sa.select(Commitment).order_by(Commitment.code)))
        if staff
        else [],
        themes=list(db.session.scalars(sa.select(Theme).order_by(Theme.position, Theme.id))),
        overdue_total=queries.overdue_count(user),
        overdue_commitments=queries.overdue_commitments_count() if staff else 0,
        can_edit=staff,
        page_url=lambda number: url_for("actions.overview", **filters.args(), page=number),
    )
    return body, headers


def _choices(form: ActionForm, exclude: Action | None = None) -> None:
    form.responsible.choices = staff_choices()
    form.owner_organisation.choices = organisation_choices(
        _("Een afdeling van de gemeente"), getattr(exclude, "owner_organisation_id", None)
    )
    form.parent.choices = parent_choices(_("Geen: dit is een hoofdactie"), exclude)


def _get(model, value: int | None):
    return db.session.get(model, value) if value else None


def _input(form: ActionForm) -> ActionInput:
    texts = {"nl": TextInput(form.title_nl.data or "", form.description_nl.data or "", True)}
    for code in OTHER_LOCALES:
        title = form[f"title_{code}"].data or ""
        if title:
            texts[code] = TextInput(
                title, form[f"description_{code}"].data or "", bool(form[f"reviewed_{code}"].data)
            )
    return ActionInput(
        texts=texts,
        responsible=_get(User, form.responsible.data),
        owner_department=form.owner_department.data or "",
        owner_organisation=_get(Organisation, form.owner_organisation.data),
        status=form.status.data,
        stopped_reason=form.stopped_reason.data or "",
        starts_on=form.starts_on.data,
        due_on=form.due_on.data,
        progress=form.progress.data,
        progress_mode=form.progress_mode.data,
        parent=_get(Action, form.parent.data),
        weight=form.weight.data or 1,
        public=bool(form.public.data),
    )


def _link_targets() -> dict:
    """The signal, commitment, round and question named in the URL; 404 for a wrong id."""
    found = {}
    models = {"signal": Signal, "commitment": Commitment, "round": Round, "question": Question}
    for name in LINK_ARGS:
        raw = request.args.get(name)
        if raw is None or raw == "":
            continue
        target = _get(models[name], parse_id(raw))
        if target is None:
            abort(404)
        found[name] = target
    question = found.get("question")
    if question is not None and (
        "round" not in found or question.survey_id != found["round"].survey_id
    ):
        abort(404)
    if "signal" in found:
        found["signal"] = links.surviving(found["signal"])
    return found


def _form_page(form, action=None, targets=None, status=200, compare=False):
    return render_template(
        "actions/form.html",
        form=form,
        action=action,
        targets=targets or {},
        link_args={k: t.id for k, t in (targets or {}).items()},
        other_locales=OTHER_LOCALES,
        language_name=language_name,
        labels=wording,
        locale=locale(),
        compare=compare,
        question_text=question_text,
    ), status


@bp.route("/actions/new", methods=["GET", "POST"])
@require_role("staff", "admin")
def new():
    """Make an action, linked to the signal, commitment or round it was started from."""
    targets = _link_targets()
    form = ActionForm()
    _choices(form)
    if not form.is_submitted():
        form.responsible.data = current_user.id
        if "commitment" in targets and targets["commitment"].department:
            form.owner_department.data = targets["commitment"].department
    if not form.validate_on_submit():
        return _form_page(form, targets=targets, status=400 if form.is_submitted() else 200)
    user = actor()
    try:
        action = services.create_action(user, _input(form))
        if "signal" in targets:
            links.link_signal(user, action, targets["signal"])
        if "commitment" in targets:
            links.link_commitment(user, action, targets["commitment"])
        if "round" in targets:
            links.link_round(user, action, targets["round"], targets.get("question"))
        db.session.flush()
    except services.ActionError as exc:
        db.session.rollback()
        _choices(form)
        _field_error(form, exc)
        return _form_page(form, targets=targets, status=400)
    flash(_("De vervolgactie is gemaakt."), "ok")
    return redirect(url_for("actions.detail", action_id=action.id), code=303)


def _field_error(form, exc: services.ActionError) -> None:
    field = form._fields.get(exc.field)
    if field is not None and not isinstance(exc, services.StaleAction):
        field.errors = [*field.errors, str(exc)]
    else:
        form.form_errors.append(str(exc))


@bp.get("/actions/<int:action_id>")
@require_role("staff", "admin", "partner")
def detail(action_id: int):
    """One action: its texts, owner, progress, links, updates and history."""
    return render_detail(load_action(action_id))


def _fill(form: EditActionForm, action: Action) -> None:
    """The form as the action is stored now."""
    form.title_nl.data = action.title_nl
    nl = action.text("nl")
    form.description_nl.data = nl.description if nl else ""
    for code in OTHER_LOCALES:
        row = action.text(code)
        form[f"title_{code}"].data = row.title if row else ""
        form[f"description_{code}"].data = row.description if row else ""
        form[f"reviewed_{code}"].data = bool(row and row.reviewed)
    form.responsible.data = action.responsible_id
    form.owner_organisation.data = action.owner_organisation_id or 0
    form.parent.data = action.parent_id or 0
    form.version.data = action.version


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@require_role("staff", "admin")
def edit(action_id: int):
    """Change an action: texts, owner, status, dates, progress, sub-action and visibility."""
    action = load_action(action_id)
    form = EditActionForm(obj=action)
    _choices(form, action)
    if not form.is_submitted():
        _fill(form, action)
        return _form_page(form, action)
    valid = form.validate_on_submit()
    version = form.loaded_version()
    try:
        # An old (or missing) version first: what counts is that someone saved in between.
        services.check_version(action, version)
        if valid:
            services.update_action(actor(), action, _input(form), version=version)
    except services.StaleAction as exc:
        return _stale(form, action_id, exc)
    except services.ActionError as exc:
        db.session.rollback()
        action = load_action(action_id)
        _choices(form, action)
        _field_error(form, exc)
        valid = False
    if not valid:
        return _form_page(form, action, status=400)
    flash(_("De wijzigingen zijn opgeslagen."), "ok")
    return redirect(url_for("actions.detail", action_id=action_id), code=303)


def _stale(form: EditActionForm, action_id: int, exc: services.StaleAction):
    """Nothing was saved: the action as stored now, beside the staff member's input.

    The form takes the current version, so saving again is a deliberate choice to replace
    what is stored now.
    """
    db.session.rollback()
    action = load_action(action_id)
    _choices(form, action)
    form.version.data = action.version
    form.version.raw_data = [str(action.version)]
    form.form_errors.append(str(exc))
    return _form_page(form, action, status=409, compare=True)
