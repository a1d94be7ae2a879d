"""Staff pages to build surveys: the list, a new one, a survey with its questions, settings, copies.

Questions and options: question_routes.py; translations and audio clips: text_routes.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from stem.accounts.forms import ConfirmForm
from stem.core.db import db
from stem.core.i18n import BY_CODE, language
from stem.surveys import bp, texts
from stem.surveys.builder import services
from stem.surveys.builder.audio import NO_PHONE_VOICE, missing_clips, missing_recordings
from stem.surveys.builder.forms import (
    KIND_NAMES,
    STATUS_NAMES,
    NewSurveyForm,
    SurveySettingsForm,
)
from stem.surveys.builder.translations import overview
from stem.surveys.builder.versions import (
    BuilderError,
    copy_survey,
    is_locked,
    rounds_using,
    versions,
)
from stem.surveys.builder.web import (
    flash_edit,
    load_survey,
    staff_only,
)
from stem.surveys.models import Option, Question, Survey
from stem.surveys.texts import SOURCE_LOCALE

_FULL_SURVEY = (
    selectinload(Survey.translations),
    selectinload(Survey.questions).selectinload(Question.translations),
    selectinload(Survey.questions).selectinload(Question.audio),
    selectinload(Survey.questions).selectinload(Question.theme),
    selectinload(Survey.questions).selectinload(Question.commitments),
    selectinload(Survey.questions).selectinload(Question.options).selectinload(Option.translations),
)


# --- surveys ---------------------------------------------------------------------------


@bp.get("/staff/surveys")
@staff_only
def index():
    """All surveys (the newest version of each), with how complete their languages are."""
    query = sa.select(Survey).options(*_FULL_SURVEY)
    newest: dict[int, Survey] = {}
    for survey in db.session.scalars(query):
        family = survey.family_id or survey.id
        if family not in newest or newest[family].version < survey.version:
            newest[family] = survey
    surveys = sorted(newest.values(), key=lambda s: (s.status == "archived", s.name.lower()))
    complete = {s.id: overview(s).complete_locales for s in surveys}
    return render_template(
        "surveys/builder/index.html",
        surveys=surveys,
        complete=complete,
        status_names=STATUS_NAMES,
    )


@bp.route("/staff/surveys/new", methods=["GET", "POST"])
@staff_only
def new():
    """Start a survey: its name, Dutch title and introduction, anonymous or named."""
    form = NewSurveyForm()
    if form.validate_on_submit():
        survey = services.create_survey(
            current_user,
            name=form.name.data,
            title=form.title.data,
            intro=form.intro.data or "",
            anonymous=form.anonymity.data == "anonymous",
        )
        flash(_("De vragenlijst is gemaakt. Voeg nu vragen toe."), "ok")
        return redirect(url_for("surveys.edit", survey_id=survey.id), code=303)
    return render_template("surveys/builder/new.html", form=form)


@bp.get("/staff/surveys/<int:survey_id>")
@staff_only
def edit(survey_id: int):
    """A survey with its questions, shown in any language (Dutch stand-ins marked)."""
    survey = db.session.scalar(
        sa.select(Survey).where(Survey.id == survey_id).options(*_FULL_SURVEY)
    ) or abort(404)
    locale = request.args.get("locale", SOURCE_LOCALE)
    if locale not in BY_CODE:
        locale = SOURCE_LOCALE
    family = versions(survey)
    return render_template(
        "surveys/builder/edit.html",
        survey=survey,
        locale=locale,
        locked=is_locked(survey),
        rounds=rounds_using(survey),
        versions=family,
        latest=family[-1],
        translations=overview(survey),
        missing_recordings=missing_recordings(survey),
        missing_clips=missing_clips,
        no_phone_voice=NO_PHONE_VOICE,
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
        move_form=ConfirmForm(),
        ui_locale=str(get_locale()),
        language_of=language,
        survey_title=texts.survey_title,
        question_text=texts.question_text,
        question_hint=texts.question_hint,
        option_label=texts.option_label,
        # The member preview lives with the answering pages.
        preview_url=url_for("surveys.preview", survey_id=survey.id, lang=locale)
        if "surveys.preview" in current_app.view_functions
        else None,
    )


@bp.route("/staff/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
@staff_only
def settings(survey_id: int):
    """Name, Dutch title and introduction, anonymous or named, status."""
    survey = load_survey(survey_id)
    locked = is_locked(survey)
    row = services.translation_row(survey, SOURCE_LOCALE)
    form = SurveySettingsForm(
        data={
            "name": survey.name,
            "title": row.title if row else "",
            "intro": row.intro if row else "",
            "anonymity": "anonymous" if survey.anonymous else "named",
            "status": survey.status,
        }
    )
    if locked:
        del form.anonymity  # fixed by the round that opened with it
    if form.validate_on_submit():
        anonymous = survey.anonymous if locked else form.anonymity.data == "anonymous"
        try:
            target = services.update_survey(
                survey,
                current_user,
                name=form.name.data,
                title=form.title.data,
                intro=form.intro.data or "",
                anonymous=anonymous,
                status=form.status.data,
            )
        except BuilderError as exc:
            form.form_errors.append(str(exc))
        else:
            flash_edit(target, _("De instellingen zijn opgeslagen."))
            return redirect(url_for("surveys.edit", survey_id=target.survey.id), code=303)
    return render_template("surveys/builder/settings.html", survey=survey, form=form, locked=locked)


@bp.post("/staff/surveys/<int:survey_id>/copy")
@staff_only
def copy(survey_id: int):
    """An independent copy, for a new topic (new question keys: no shared trends)."""
    survey = load_survey(survey_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    new_survey = copy_survey(survey, current_user)
    flash(
        _(
            "De kopie is gemaakt. Het is een nieuwe vragenlijst: de antwoorden tellen niet mee "
            "in de trends van de vragenlijst waarvan je hem kopieerde."
        ),
        "ok",
    )
    return redirect(url_for("surveys.edit", survey_id=new_survey.id), code=303)

