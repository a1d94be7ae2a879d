"""Staff preview: the member pages of a survey, in any language, with nothing saved.

Texts that fall back to Dutch are marked, in the staff member's own language. Only the
member page's content is in the preview's language (with its lang and dir): the navigation,
title and footer around it stay in the staff member's language.
"""

from __future__ import annotations

from flask import abort, g, redirect, request
from flask_babel import force_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user

from stem.core.db import db
from stem.core.htmx import render_block
from stem.core.i18n import LANGUAGES, language, normalise_locale
from stem.core.security import require_role
from stem.surveys import bp
from stem.surveys.answering.forms import AnswerForm, SubmitForm
from stem.surveys.answering.render import Nav
from stem.surveys.answering.render import render_step as _render_step
from stem.surveys.answering.services import ResponseState
from stem.surveys.answering.view import SurveyView, load_survey_view
from stem.surveys.models import Survey


def _preview(survey_id: int) -> tuple[SurveyView, Nav, dict]:
    """The survey (always read afresh), the preview's links, and the staff-facing texts."""
    survey = db.session.get(Survey, survey_id) or abort(404)
    staff_locale = current_user.locale
    lang = normalise_locale(request.args.get("lang")) or staff_locale
    view = load_survey_view(survey.id)
    # The staff member reads the banner and the marks in their own language.
    with force_locale(staff_locale):
        staff = {
            "lang": language(staff_locale),
            "title": _("Voorbeeld: %(name)s", name=survey.name),
            "body": _("Zo ziet een lid deze vragenlijst. Er wordt niets bewaard."),
            "showing": _("Taal van het voorbeeld"),
            "fallbacks": _(
                "%(count)d teksten zijn nog niet vertaald. Leden zien die in het Nederlands.",
                count=view.fallbacks(lang),
            )
            if view.fallbacks(lang)
            else "",
            "fallback_mark": _("Nog niet vertaald: Nederlandse tekst"),
            "back": _("Terug naar de vragenlijst"),
            "languages": [(lang_.code, lang_.native_name, lang_.html_lang) for lang_ in LANGUAGES],
            "current": lang,
            "survey_id": survey.id,
        }
    g.forced_locale = lang
    refresh()
    return view, Nav(survey_id=survey.id, lang=lang), staff


def render_step(template: str, status: int = 200, *, preview: dict, **context):
    """The member page's content, rendered in the preview's language, inside a page in the
    staff member's language."""
    context["preview"] = preview
    content = render_block(template, "content", **context)
    shown = language(g.forced_locale)
    form = context.get("form")
    has_errors = bool(getattr(form, "errors", None) or context.get("missing"))
    g.forced_locale = preview["lang"].code
    refresh()
    return _render_step(
        "surveys/answering/preview.html",
        status,
        content=content,
        shown=shown,
        has_errors=has_errors,
        preview=preview,
    )


@bp.get("/staff/surveys/<int:survey_id>/preview")
@require_role("staff", "admin")
def preview(survey_id: int):
    """The start page as a member sees it."""
    survey, nav, staff = _preview(survey_id)
    return render_step(
        "surveys/answering/start.html",
        survey=survey,
        round=None,
        anonymous=db.session.get(Survey, survey_id).anonymous,
        state=ResponseState(),
        continue_url=nav.question(1) if survey.questions else nav.check(),
        form=None,
        nav=nav,
        preview=staff,
    )


@bp.route("/staff/surveys/<int:survey_id>/preview/<int:number>", methods=["GET", "POST"])
@require_role("staff", "admin")
def preview_question(survey_id: int, number: int):
    """One question; pressing Next checks the answer like the real page, then moves on."""
    survey, nav, staff = _preview(survey_id)
    item = survey.question(number) or abort(404)
    if request.method == "POST":
        form = AnswerForm(item)
        back = request.form.get("go") == "back"
        form.skip_required = back
        if form.validate_on_submit():
            return redirect(nav.after_answer(survey, item, back, False), code=303)
    else:
        form = AnswerForm(item, formdata=None)
    return render_step(
        "surveys/answering/question.html",
        survey=survey,
        q=item,
        form=form,
        anonymous=db.session.get(Survey, survey_id).anonymous,
        from_check=False,
        nav=nav,
        preview=staff,
    )


@bp.route("/staff/surveys/<int:survey_id>/preview/check", methods=["GET", "POST"])
@require_role("staff", "admin")
def preview_check(survey_id: int):
    """The check page (with no answers: the preview keeps none)."""
    survey, nav, staff = _preview(survey_id)
    form = SubmitForm()
    if form.validate_on_submit():
        return redirect(nav.thanks(), code=303)
    return render_step(
        "surveys/answering/check.html",
        survey=survey,
        answers={},
        missing=[],
        form=form,
        anonymous=db.session.get(Survey, survey_id).anonymous,
        nav=nav,
        preview=staff,
    )


@bp.get("/staff/surveys/<int:survey_id>/preview/thanks")
@require_role("staff", "admin")
def preview_thanks(survey_id: int):
    """The thank-you page."""
    _survey, nav, staff = _preview(survey_id)
    return render_step("surveys/answering/thanks.html", nav=nav, preview=staff)
