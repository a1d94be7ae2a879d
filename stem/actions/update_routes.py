"""Progress updates: staff and partners of the owning organisation post; staff approve."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from stem.actions import access, bp, updates, word_back
from stem.actions.forms import OTHER_LOCALES, ApproveForm, UpdateForm
from stem.actions.pages import actor, load_action, load_update, render_detail
from stem.actions.services import ActionError
from stem.core.db import db
from stem.core.security import require_role


def _back(action_id: int):
    return redirect(url_for("actions.detail", action_id=action_id) + "#updates", code=303)


@bp.post("/actions/<int:action_id>/updates")
@require_role("staff", "admin", "partner")
def post_update(action_id: int):
    """Post a dated update: what happened, what comes next and when."""
    action = load_action(action_id)
    user = actor()
    if not access.can_post_update(user, action):
        abort(404)
    form = UpdateForm()
    if action.status == "stopped":
        form.form_errors.append(
            _("Deze vervolgactie is gestopt. Bij een gestopte actie kun je geen voortgang melden.")
        )
        return render_detail(action, status=400, update_form=form)
    if not form.validate_on_submit():
        return render_detail(action, status=400, update_form=form)
    texts = {"nl": updates.UpdateText(form.happened_nl.data, form.next_steps_nl.data or "")}
    for code in OTHER_LOCALES:
        happened = form[f"happened_{code}"].data or ""
        if happened:
            texts[code] = updates.UpdateText(
                happened, form[f"next_steps_{code}"].data or "", bool(form[f"reviewed_{code}"].data)
            )
    try:
        update = updates.post_update(
            user,
            action,
            happened_on=form.happened_on.data,
            next_on=form.next_on.data,
            public=bool(form.public.data),
            texts=texts,
        )
    except ActionError as exc:
        db.session.rollback()
        action = load_action(action_id)
        field = form._fields.get(exc.field)
        if field is not None:
            field.errors = [*field.errors, str(exc)]
        else:
            form.form_errors.append(str(exc))
        return render_detail(action, status=400, update_form=form)
    if update.state == "approved":
        flash(_("De voortgang is opgeslagen."), "ok")
    else:
        flash(_("De voortgang is opgeslagen. Een medewerker van de gemeente keurt hem goed voordat hij openbaar wordt."), "ok")
    return _back(action_id)


@bp.post("/actions/<int:action_id>/updates/<int:update_id>/approve")
@require_role("staff", "admin")
def approve_update(action_id: int, update_id: int):
    """Approve a partner's update, so it may become public."""
    action = load_action(action_id)
    update = load_update(action, update_id)
    if not ApproveForm().validate_on_submit():
        flash(_("Dat ging niet. Laad de pagina opnieuw en probeer het nog eens."), "error")
        return _back(action_id)
    if updates.approve_update(actor(), update):
        flash(_("De melding is goedgekeurd."), "ok")
    else:
        flash(_("Deze melding was al goedgekeurd."), "info")
    return _back(action_id)


@bp.post("/actions/<int:action_id>/word-back/release")
@require_role("staff", "admin")
def release_word_back(action_id: int):
    """Send news that waits for a translation in Dutch and English after all."""
    action = load_action(action_id)
    if not ApproveForm().validate_on_submit():
        flash(_("Dat ging niet. Laad de pagina opnieuw en probeer het nog eens."), "error")
        return redirect(url_for("actions.detail", action_id=action_id) + "#word-back", code=303)
    count = word_back.release_waiting(actor(), action)
    if count:
        flash(_("De wachtende berichten gaan in het Nederlands en Engels de deur uit."), "ok")
    else:
        flash(_("Er wachtten geen berichten meer."), "info")
    return _back(action_id)
