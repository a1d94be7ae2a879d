"""Staff pages for a survey's questions and their options."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts.forms import ConfirmForm
from stem.commitments.models import Commitment
from stem.core.db import db
from stem.signals.models import Theme
from stem.surveys import bp
from stem.surveys.builder import options, services
from stem.surveys.builder.forms import KIND_NAMES, OptionForm, QuestionForm
from stem.surveys.builder.versions import BuilderError, Target, is_locked
from stem.surveys.builder.web import (
    direction_from_form,
    flash_edit,
    load_option,
    load_question,
    load_survey,
    staff_only,
)
from stem.surveys.models import Question
from stem.surveys.texts import SOURCE_LOCALE

# --- questions -------------------------------------------------------------------------


def _question_choices(form: QuestionForm, question: Question | None) -> None:
    locale = str(get_locale())
    themes = db.session.scalars(
        sa.select(Theme)
        .where(sa.or_(Theme.active, Theme.id == (question.theme_id if question else None)))
        .order_by(Theme.position, Theme.slug)
    )
    form.theme.choices = [(0, _("Geen thema"))] + [(t.id, t.name(locale)) for t in themes]
    commitments = db.session.scalars(sa.select(Commitment).order_by(Commitment.code))
    form.commitments.choices = [(c.id, c.label) for c in commitments]


def _question_data(question: Question) -> dict:
    row = services.translation_row(question, SOURCE_LOCALE)
    return {
        "kind": question.kind,
        "text": row.text if row else "",
        "hint": row.hint if row else "",
        "required": question.required,
        "ask_contact": question.ask_contact,
        "theme": question.theme_id or 0,
        "commitments": [c.id for c in question.commitments],
    }


def _question_values(form: QuestionForm) -> dict:
    commitments = []
    if form.commitments.data:
        commitments = list(
            db.session.scalars(
                sa.select(Commitment).where(Commitment.id.in_(form.commitments.data))
            )
        )
    return {
        "kind": form.kind.data,
        "text": form.text.data,
        "hint": form.hint.data or "",
        "required": form.required.data,
        "ask_contact": form.ask_contact.data,
        "theme": db.session.get(Theme, form.theme.data) if form.theme.data else None,
        "commitments": commitments,
    }


def _after_question(target: Target, question: Question):
    if question.kind in services.OPEN_CHOICE_KINDS and len(question.options) < 2:
        return url_for("surveys.question", survey_id=target.survey.id, question_id=question.id)
    return url_for("surveys.edit", survey_id=target.survey.id, _anchor=f"question-{question.id}")


@bp.route("/staff/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@staff_only
def new_question(survey_id: int):
    """Add a question at the end of the survey."""
    survey = load_survey(survey_id)
    form = QuestionForm(data={"required": True, "kind": "smiley5"})
    _question_choices(form, None)
    if form.validate_on_submit():
        try:
            target, question = services.add_question(survey, current_user, **_question_values(form))
        except BuilderError as exc:
            form.form_errors.append(str(exc))
        else:
            flash_edit(target, _("De vraag is toegevoegd."))
            return redirect(_after_question(target, question), code=303)
    return render_template(
        "surveys/builder/question_new.html", survey=survey, form=form, locked=is_locked(survey)
    )


def _render_question(survey, question, form, option_form, status=200):
    return (
        render_template(
            "surveys/builder/question.html",
            survey=survey,
            question=question,
            number=survey.questions.index(question) + 1,
            form=form,
            option_form=option_form,
            move_form=ConfirmForm(),
            locked=is_locked(survey),
            open_choice=question.kind in services.OPEN_CHOICE_KINDS,
            kind_names=KIND_NAMES,
        ),
        status,
    )


@bp.route("/staff/surveys/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@staff_only
def question(survey_id: int, question_id: int):
    """Edit a question; its options below."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    form = QuestionForm(data=_question_data(q))
    _question_choices(form, q)
    if form.validate_on_submit():
        try:
            target, saved = services.update_question(q, current_user, **_question_values(form))
        except BuilderError as exc:
            form.form_errors.append(str(exc))
        else:
            flash_edit(target, _("De vraag is opgeslagen."))
            return redirect(_after_question(target, saved), code=303)
    return _render_question(survey, q, form, OptionForm(formdata=None))


@bp.route(
    "/staff/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["GET", "POST"]
)
@staff_only
def delete_question(survey_id: int, question_id: int):
    """Ask, then remove a question."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            target = services.delete_question(q, current_user)
        except BuilderError as exc:
            flash(str(exc), "error")
            return redirect(url_for("surveys.edit", survey_id=survey.id), code=303)
        flash_edit(target, _("De vraag is verwijderd."))
        return redirect(url_for("surveys.edit", survey_id=target.survey.id), code=303)
    return render_template(
        "surveys/builder/confirm_delete.html",
        survey=survey,
        form=form,
        title=_("Vraag verwijderen"),
        text=services.translation_row(q, SOURCE_LOCALE).text,
        cancel=url_for("surveys.edit", survey_id=survey.id),
        locked=is_locked(survey),
    )


@bp.post("/staff/surveys/<int:survey_id>/questions/<int:question_id>/move")
@staff_only
def move_question(survey_id: int, question_id: int):
    """Move a question up or down."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    direction = direction_from_form()
    try:
        target, moved = services.move_question(q, current_user, direction)
    except BuilderError as exc:
        flash(str(exc), "error")
        return redirect(url_for("surveys.edit", survey_id=survey.id), code=303)
    if moved:
        flash_edit(target, _("De volgorde is opgeslagen."))
    moved_question = target.question(q)
    return redirect(
        url_for(
            "surveys.edit", survey_id=target.survey.id, _anchor=f"question-{moved_question.id}"
        ),
        code=303,
    )


# --- options ---------------------------------------------------------------------------


@bp.post("/staff/surveys/<int:survey_id>/questions/<int:question_id>/options")
@staff_only
def add_option(survey_id: int, question_id: int):
    """Add a choice to a single or multiple choice question."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    option_form = OptionForm()
    if option_form.validate_on_submit():
        try:
            target, _option = options.add_option(q, current_user, option_form.label.data)
        except BuilderError as exc:
            option_form.label.errors.append(str(exc))
        else:
            flash_edit(target, _("De keuze is toegevoegd."))
            question_id = target.question(q).id
            return redirect(
                url_for(
                    "surveys.question",
                    survey_id=target.survey.id,
                    question_id=question_id,
                    _anchor="options",
                ),
                code=303,
            )
    form = QuestionForm(formdata=None, data=_question_data(q))
    _question_choices(form, q)
    return _render_question(survey, q, form, option_form)


@bp.route(
    "/staff/surveys/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>",
    methods=["GET", "POST"],
)
@staff_only
def option(survey_id: int, question_id: int, option_id: int):
    """Change the Dutch text of a choice."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    o = load_option(q, option_id)
    row = services.translation_row(o, SOURCE_LOCALE)
    form = OptionForm(data={"label": row.label if row else ""})
    if form.validate_on_submit():
        try:
            target, saved = options.update_option(o, current_user, form.label.data)
        except BuilderError as exc:
            form.form_errors.append(str(exc))
        else:
            flash_edit(target, _("De keuze is opgeslagen."))
            return redirect(
                url_for(
                    "surveys.question",
                    survey_id=target.survey.id,
                    question_id=saved.question.id,
                    _anchor="options",
                ),
                code=303,
            )
    return render_template(
        "surveys/builder/option.html",
        survey=survey,
        question=q,
        number=survey.questions.index(q) + 1,
        option=o,
        form=form,
        locked=is_locked(survey),
    )


@bp.route(
    "/staff/surveys/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>/delete",
    methods=["GET", "POST"],
)
@staff_only
def delete_option(survey_id: int, question_id: int, option_id: int):
    """Ask, then remove a choice."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    o = load_option(q, option_id)
    back = url_for("surveys.question", survey_id=survey.id, question_id=q.id, _anchor="options")
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            target = options.delete_option(o, current_user)
        except BuilderError as exc:
            flash(str(exc), "error")
            return redirect(back, code=303)
        flash_edit(target, _("De keuze is verwijderd."))
        return redirect(
            url_for(
                "surveys.question",
                survey_id=target.survey.id,
                question_id=target.question(q).id,
                _anchor="options",
            ),
            code=303,
        )
    return render_template(
        "surveys/builder/confirm_delete.html",
        survey=survey,
        form=form,
        title=_("Keuze verwijderen"),
        text=services.translation_row(o, SOURCE_LOCALE).label,
        cancel=back,
        locked=is_locked(survey),
    )


@bp.post("/staff/surveys/<int:survey_id>/questions/<int:question_id>/options/<int:option_id>/move")
@staff_only
def move_option(survey_id: int, question_id: int, option_id: int):
    """Move a choice up or down."""
    survey = load_survey(survey_id)
    q = load_question(survey, question_id)
    o = load_option(q, option_id)
    direction = direction_from_form()
    try:
        target, moved = options.move_option(o, current_user, direction)
    except BuilderError as exc:
        flash(str(exc), "error")
        target, moved = None, False
    if moved:
        flash_edit(target, _("De volgorde is opgeslagen."))
    survey_id, question_id = (
        (target.survey.id, target.question(q).id) if target else (survey.id, q.id)
    )
    return redirect(
        url_for(
            "surveys.question", survey_id=survey_id, question_id=question_id, _anchor="options"
        ),
        code=303,
    )
