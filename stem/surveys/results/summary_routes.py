"""Staff pages for the summary members read: write, translate, preview, publish, unpublish."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from stem.accounts.forms import ConfirmForm
from stem.core.converters import parse_id
from stem.core.i18n import BY_CODE, LANGUAGES
from stem.core.security import require_role
from stem.surveys import bp
from stem.surveys.models import TEXT_KINDS, Round
from stem.surveys.results.forms import SummaryForm
from stem.surveys.results.open_answers import texts_for_refs
from stem.surveys.results.queries import get_question, get_round
from stem.surveys.results.summaries import (
    SummaryError,
    publish_summary,
    save_summary,
    summary_history,
    summary_texts,
    summary_version,
    unpublish_summary,
)
from stem.surveys.results.summary_messages import dutch_readers, render_texts
from stem.surveys.results.view import page_context
from stem.surveys.texts import SOURCE_LOCALE

staff_only = require_role("staff", "admin")


def _quotes(round_: Round) -> list[str]:
    """Open answers ?quote=<question id>:<ref> to put in the summary; 404 for a wrong one."""
    wanted: dict[int, list[str]] = {}
    for value in request.args.getlist("quote")[:50]:
        question_id, _sep, ref = value.partition(":")
        parsed = parse_id(question_id)
        if parsed is None or not ref:
            abort(404)
        wanted.setdefault(parsed, []).append(ref)
    quotes = []
    for question_id, refs in wanted.items():
        question = get_question(round_, question_id)
        texts = texts_for_refs(round_, question, refs) if question.kind in TEXT_KINDS else None
        if texts is None:
            abort(404)
        quotes += texts
    return quotes


@bp.route("/staff/rounds/<int:round_id>/summary", methods=["GET", "POST"])
@staff_only
def round_summary(round_id: int):
    """Write what De Stem said, in Dutch and optionally in other languages."""
    round_ = get_round(round_id)
    saved = summary_texts(round_)
    form = SummaryForm(
        version=summary_version(round_),
        **{f"body_{code}": text for code, text in saved.items()},
    )
    if request.method == "GET":
        quotes = _quotes(round_)
        if quotes:
            quoted = "\n".join(f"“{text.strip()}”" for text in quotes)
            form[f"body_{SOURCE_LOCALE}"].data = "\n\n".join(
                part for part in (form[f"body_{SOURCE_LOCALE}"].data, quoted) if part
            )
    if form.validate_on_submit():
        texts = {lang.code: form[f"body_{lang.code}"].data or "" for lang in LANGUAGES}
        try:
            save_summary(round_, current_user, texts, form.version.data or "")
        except SummaryError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("De samenvatting is opgeslagen."), "ok")
            return redirect(url_for("surveys.round_summary", round_id=round_.id), code=303)
    return render_template(
        "surveys/results/summary.html",
        **page_context(
            round_,
            form=form,
            languages=LANGUAGES,
            source=SOURCE_LOCALE,
            saved=bool(saved.get(SOURCE_LOCALE)),
            confirm_form=ConfirmForm(),
            dutch_readers=dutch_readers(round_),
            history=summary_history(round_),
            language_of=BY_CODE.get,
        ),
    )


@bp.get("/staff/rounds/<int:round_id>/summary/preview")
@staff_only
def round_summary_preview(round_id: int):
    """What members reading a chosen language will see and receive, before publishing."""
    round_ = get_round(round_id)
    lang = BY_CODE.get(request.args.get("lang", ""), BY_CODE[SOURCE_LOCALE])
    shown = round_.summary_text(lang.code, unpublished=True)
    member_html = message = None
    if shown is not None:
        with force_locale(lang.code):
            # Our own template, autoescaped when rendered: safe to place in the page.
            member_html = Markup(  # noqa: S704
                render_template("surveys/results/_summary_preview.html", summary=shown)
            )
            message = render_texts(round_, lang.code, name="Amina", link=_("(je eigen link)"))
    return render_template(
        "surveys/results/summary_preview.html",
        **page_context(
            round_, shown_lang=lang, languages=LANGUAGES, member_html=member_html, message=message,
            shown=shown,
        ),
    )


@bp.post("/staff/rounds/<int:round_id>/summary/publish")
@staff_only
def round_summary_publish(round_id: int):
    """Members see the summary under "my rounds"."""
    round_ = get_round(round_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        publish_summary(round_, current_user)
    except SummaryError as exc:
        flash(str(exc), "error")
    else:
        flash(
            _("De samenvatting is gepubliceerd. De uitgenodigde leden krijgen een bericht."), "ok"
        )
    return redirect(url_for("surveys.round_summary", round_id=round_.id), code=303)


@bp.post("/staff/rounds/<int:round_id>/summary/unpublish")
@staff_only
def round_summary_unpublish(round_id: int):
    """Members no longer see the summary; the text is kept."""
    round_ = get_round(round_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    unpublish_summary(round_, current_user)
    flash(_("De samenvatting is niet meer zichtbaar voor leden."), "ok")
    return redirect(url_for("surveys.round_summary", round_id=round_.id), code=303)
