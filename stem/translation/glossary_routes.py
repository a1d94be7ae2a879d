"""The glossary pages: staff keep the agreed terms; translators read them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.core.dates import language_name
from stem.core.db import db
from stem.core.i18n import LANGUAGES
from stem.core.security import require_role
from stem.translation import bp, glossary
from stem.translation.forms import TermForm
from stem.translation.models import GlossaryTerm

OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang.code != "nl"]


@bp.get("/translation/glossary")
@require_role("staff", "admin", "translator")
def glossary_index():
    """Every term with its agreed translation per language."""
    return render_template(
        "translation/glossary.html",
        terms=glossary.all_terms(),
        languages=OTHER_LANGUAGES,
        language_name=language_name,
        can_edit=current_user.is_staff,
    )


def _renderings() -> dict[str, tuple[str, bool]]:
    return {
        lang.code: (
            request.form.get(f"translation_{lang.code}", "").strip()[:200],
            request.form.get(f"keep_{lang.code}") == "y",
        )
        for lang in OTHER_LANGUAGES
    }


@bp.route("/translation/glossary/new", methods=["GET", "POST"], endpoint="glossary_new")
@bp.route("/translation/glossary/<int:term_id>", methods=["GET", "POST"])
@require_role("staff", "admin")
def glossary_edit(term_id: int | None = None):
    """Add a term or change one: its translation per language, or keep the Dutch word."""
    term = None
    if term_id is not None:
        term = db.session.get(GlossaryTerm, term_id) or abort(404)
    form = TermForm(obj=term)
    renderings = (
        {t.locale: (t.translation, t.keep_dutch) for t in term.translations} if term else {}
    )
    if form.validate_on_submit():
        renderings = _renderings()
        if glossary.term_exists(form.term.data, exclude=term):
            form.term.errors.append(_("Deze term staat al in de woordenlijst."))
        else:
            glossary.save_term(term, form.term.data, form.note.data or "", renderings)
            flash(_("De woordenlijst is opgeslagen."), "ok")
            return redirect(url_for("translation.glossary_index"), code=303)
    status = 422 if request.method == "POST" else 200
    return (
        render_template(
            "translation/glossary_form.html",
            form=form,
            term=term,
            renderings=renderings,
            languages=OTHER_LANGUAGES,
        ),
        status,
    )
