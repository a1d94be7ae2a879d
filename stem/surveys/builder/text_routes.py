"""Staff pages for a survey's translations and recorded clips; the public clip itself."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts.forms import ConfirmForm
from stem.core.db import db
from stem.core.i18n import BY_CODE, LANGUAGES
from stem.core.security import public
from stem.core.uploads import KINDS, UploadError, send_upload, upload_exists
from stem.surveys import bp
from stem.surveys.builder.audio import (
    audio_url,
    audio_version,
    clip,
    delete_audio,
    save_audio,
    upload_message,
)
from stem.surveys.builder.forms import AudioForm, translation_form
from stem.surveys.builder.translations import Entry, items, overview, save_translations
from stem.surveys.builder.versions import BuilderError, is_locked
from stem.surveys.builder.web import flash_edit, load_question, load_survey, staff_only
from stem.surveys.models import QuestionAudio
from stem.surveys.texts import SOURCE_LOCALE

YEAR = 365 * 24 * 3600


def _locale_or_404(locale: str) -> str:
    if locale not in BY_CODE:
        abort(404)
    return locale


# --- translations ----------------------------------------------------------------------


@bp.get("/staff/surveys/<int:survey_id>/translations")
@staff_only
def translations(survey_id: int):
    """Per item and language: missing, unreviewed or reviewed."""
    survey = load_survey(survey_id)
    return render_template(
        "surveys/builder/translations.html",
        survey=survey,
        grid=overview(survey),
        locked=is_locked(survey),
    )


@bp.route("/staff/surveys/<int:survey_id>/translations/<locale>", methods=["GET", "POST"])
@staff_only
def translate(survey_id: int, locale: str):
    """All texts of a survey in one language, beside the Dutch, each with 'reviewed'."""
    survey = load_survey(survey_id)
    locale = _locale_or_404(locale)
    survey_items = items(survey)
    data = {}
    for item in survey_items:
        row = item.row(locale)
        for f in item.editable_fields(locale):
            data[f"{item.prefix}_{f.name}"] = (getattr(row, f.name) or "") if row else ""
        data[f"{item.prefix}_reviewed"] = bool(row and row.reviewed)
    form = translation_form(survey_items, locale, data)
    if form.validate_on_submit():
        entries = [
            Entry(
                item,
                {
                    f.name: form[f"{item.prefix}_{f.name}"].data or ""
                    for f in item.editable_fields(locale)
                },
                bool(form[f"{item.prefix}_reviewed"].data),
            )
            for item in survey_items
        ]
        try:
            target, count = save_translations(survey, locale, current_user, entries)
        except BuilderError as exc:
            form.form_errors.append(str(exc))
        else:
            if count:
                flash_edit(target, _("De teksten zijn opgeslagen."))
            else:
                flash(_("Er was niets veranderd."), "info")
            return redirect(
                url_for("surveys.translate", survey_id=target.survey.id, locale=locale), code=303
            )
    return render_template(
        "surveys/builder/translate.html",
        survey=survey,
        language=BY_CODE[locale],
        source=BY_CODE[SOURCE_LOCALE],
        items=survey_items,
        form=form,
        locked=is_locked(survey),
        languages=LANGUAGES,
    )


# --- audio -----------------------------------------------------------------------------


def _audio_forms(errors: dict[str, AudioForm] | None = None) -> dict[str, AudioForm]:
    forms = {}
    for language in LANGUAGES:
        form = (errors or {}).get(language.code) or AudioForm(formdata=None)
        form.clip.id = f"clip-{language.code}"
        form.clip.label.text = _(
            "Nieuwe opname, %(language)s (mp3, ogg of m4a)", language=language.native_name
        )
        forms[language.code] = form
    return forms


def _render_audio(survey, question, forms):
    return render_template(
        "surveys/builder/audio.html",
        survey=survey,
        question=question,
        number=survey.questions.index(question) + 1,
        forms=forms,
        clips={lang.code: clip(question, lang.code) for lang in LANGUAGES},
        audio_url=audio_url,
        delete_form=ConfirmForm(),
        languages=LANGUAGES,
        locked=is_locked(survey),
    )


@bp.get("/staff/surveys/<int:survey_id>/questions/<int:question_id>/audio")
@staff_only
def question_audio(survey_id: int, question_id: int):
    """A question's clips, one per language: listen, upload, replace, delete."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    return _render_audio(survey, question, _audio_forms())


@bp.post("/staff/surveys/<int:survey_id>/questions/<int:question_id>/audio/<locale>")
@staff_only
def upload_audio(survey_id: int, question_id: int, locale: str):
    """Store (or replace) the clip in one language; the type is read from the sound itself."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    locale = _locale_or_404(locale)
    form = AudioForm()
    if form.validate_on_submit():
        try:
            target, _audio = save_audio(question, locale, form.clip.data, current_user)
        except UploadError as exc:
            form.clip.errors.append(upload_message(exc))
        except BuilderError as exc:
            form.clip.errors.append(str(exc))
        else:
            flash_edit(target, _("De opname is opgeslagen."))
            url = url_for(
                "surveys.question_audio",
                survey_id=target.survey.id,
                question_id=target.question(question).id,
                _anchor=f"audio-{locale}",
            )
            return redirect(url, code=303)
    return _render_audio(survey, question, _audio_forms({locale: form}))


@bp.post("/staff/surveys/<int:survey_id>/questions/<int:question_id>/audio/<locale>/delete")
@staff_only
def delete_question_audio(survey_id: int, question_id: int, locale: str):
    """Remove the clip in one language."""
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    locale = _locale_or_404(locale)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        target = delete_audio(question, locale, current_user)
    except BuilderError as exc:
        flash(str(exc), "error")
        target = None
    else:
        if target is not None:
            flash_edit(target, _("De opname is verwijderd."))
    survey_id, question_id = (
        (target.survey.id, target.question(question).id) if target else (survey.id, question.id)
    )
    return redirect(
        url_for("surveys.question_audio", survey_id=survey_id, question_id=question_id), code=303
    )


@bp.get("/audio/<int:audio_id>")
@public
def audio(audio_id: int):
    """A question's recorded clip. Public: question audio holds no personal data.

    With the `v` fingerprint the audio URL builds, the clip can be kept for a year;
    without it, a phone asks again each time (cheaply: a 304 when nothing changed).
    Ranges work, so a player can seek.
    """
    clip_row = db.session.get(QuestionAudio, audio_id)
    if clip_row is None or not upload_exists(clip_row.storage_key):
        abort(404)
    extension = next(
        (ext for content_type, ext in KINDS.values() if content_type == clip_row.content_type),
        "audio",
    )
    response = send_upload(
        clip_row.storage_key,
        content_type=clip_row.content_type,
        filename=f"vraag-{clip_row.question_id}-{clip_row.locale}.{extension}",
        as_attachment=False,
    )
    # Private: only the phone keeps it; no shared cache ever stores a signed-in response.
    if request.args.get("v") == audio_version(clip_row):
        response.headers["Cache-Control"] = f"private, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


audio.cacheable = True  # stem.core.security leaves this view's Cache-Control alone
