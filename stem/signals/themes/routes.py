"""Admin screens for themes: list, add, edit, and delete one that nobody uses."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts.forms import ConfirmForm
from stem.core.db import db
from stem.core.i18n import LANGUAGES
from stem.core.security import require_role
from stem.signals import bp
from stem.signals.models import Theme
from stem.signals.themes import services as themes
from stem.signals.themes.forms import ThemeEditForm, ThemeForm

admin_only = require_role("admin")


def _get_theme(theme_id: int) -> Theme:
    return db.session.get(Theme, theme_id) or abort(404)


def _show_error(form, exc: themes.ThemeError) -> None:
    if exc.field and exc.field in form:
        form[exc.field].errors.append(str(exc))
    else:
        form.form_errors.append(str(exc))


@bp.get("/admin/themes")
@admin_only
def admin_themes():
    """Every theme, active or not, with how many signals use it."""
    return render_template(
        "signals/themes/index.html",
        themes=themes.all_themes(),
        counts=themes.signal_counts(),
        languages=LANGUAGES,
    )


@bp.route("/admin/themes/new", methods=["GET", "POST"])
@admin_only
def admin_theme_new():
    """Add a theme."""
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            theme = themes.create_theme(
                current_user,
                slug=form.slug.data,
                names=form.names(),
                position=form.position.data,
                reply_days=form.reply_days.data,
                active=form.active.data,
            )
        except themes.ThemeError as exc:
            _show_error(form, exc)
        else:
            flash(_("Het thema is toegevoegd."), "ok")
            return redirect(url_for("signals.admin_theme_edit", theme_id=theme.id), code=303)
    elif not form.is_submitted():
        form.position.data = _next_position()
    return render_template("signals/themes/form.html", form=form, theme=None)


def _next_position() -> int:
    existing = [theme.position for theme in themes.all_themes()]
    return max(existing, default=-1) + 1


@bp.route("/admin/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@admin_only
def admin_theme_edit(theme_id: int):
    """Rename a theme in any language, reorder it, change its reply time, (de)activate it."""
    theme = _get_theme(theme_id)
    form = ThemeEditForm(
        obj=theme, **{f"name_{code}": name for code, name in (theme.names or {}).items()}
    )
    if form.validate_on_submit():
        try:
            themes.update_theme(
                current_user,
                theme,
                names=form.names(),
                position=form.position.data,
                reply_days=form.reply_days.data,
                active=form.active.data,
            )
        except themes.ThemeError as exc:
            _show_error(form, exc)
        else:
            flash(_("De wijzigingen zijn opgeslagen."), "ok")
            return redirect(url_for("signals.admin_themes"), code=303)
    return render_template(
        "signals/themes/form.html",
        form=form,
        theme=theme,
        in_use=themes.in_use(theme),
        delete_form=ConfirmForm(),
    )


@bp.post("/admin/themes/<int:theme_id>/delete")
@admin_only
def admin_theme_delete(theme_id: int):
    """Delete a theme that no signal or question uses."""
    theme = _get_theme(theme_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        themes.delete_theme(current_user, theme)
    except themes.ThemeError as exc:
        flash(str(exc), "error")
        return redirect(url_for("signals.admin_theme_edit", theme_id=theme.id), code=303)
    flash(_("Het thema is verwijderd."), "ok")
    return redirect(url_for("signals.admin_themes"), code=303)
