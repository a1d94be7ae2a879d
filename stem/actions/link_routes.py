"""Staff link an action to signals, commitments and rounds, and remove links."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _

from stem.actions import bp, links
from stem.actions.forms import LinkForm, UnlinkForm
from stem.actions.pages import (
    actor,
    commitment_choices,
    load_action,
    question_choices,
    render_detail,
    round_choices,
)
from stem.actions.services import ActionError
from stem.commitments.models import Commitment
from stem.core.converters import parse_id
from stem.core.db import db
from stem.core.security import require_role
from stem.signals.models import Signal
from stem.surveys.models import Question, Round


def _back(action_id: int):
    return redirect(url_for("actions.detail", action_id=action_id) + "#links", code=303)


@bp.post("/actions/<int:action_id>/links")
@require_role("staff", "admin")
def link(action_id: int):
    """Add links: a signal by its number, a commitment, a round or one of its questions."""
    action = load_action(action_id)
    form = LinkForm()
    form.commitment.choices = commitment_choices("")
    form.round.choices = round_choices("")
    form.question.choices = question_choices("")
    if not form.validate_on_submit():
        return render_detail(action, status=400, link_form=_with_choices(form))
    user = actor()
    added = 0
    try:
        if form.reference.data:
            signal = db.session.scalar(
                sa.select(Signal).where(Signal.reference == form.reference.data.upper())
            )
            if signal is None:
                raise ActionError(
                    "reference",
                    _("Er is geen signaal met nummer %(reference)s. Kijk het nummer na.",
                      reference=form.reference.data),
                )
            links.link_signal(user, action, signal)
            added += 1
        if form.commitment.data:
            links.link_commitment(user, action, db.session.get(Commitment, form.commitment.data))
            added += 1
        question = db.session.get(Question, form.question.data) if form.question.data else None
        if form.round.data:
            links.link_round(user, action, db.session.get(Round, form.round.data), question)
            added += 1
        elif question is not None:
            raise ActionError("round", _("Kies ook de ronde waar de vraag bij hoort."))
        if not added:
            raise ActionError("reference", _("Kies wat je aan de vervolgactie wilt koppelen."))
        db.session.flush()
    except ActionError as exc:
        db.session.rollback()
        action = load_action(action_id)
        field = form._fields.get(exc.field)
        field.errors = [*field.errors, str(exc)]
        return render_detail(action, status=400, link_form=_with_choices(form))
    flash(_("De koppeling is opgeslagen."), "ok")
    return _back(action_id)


def _with_choices(form: LinkForm) -> LinkForm:
    form.commitment.choices = commitment_choices(_("Geen toezegging"))
    form.round.choices = round_choices(_("Geen ronde"))
    form.question.choices = question_choices(_("De hele ronde"))
    return form


@bp.post("/actions/<int:action_id>/unlink")
@require_role("staff", "admin")
def unlink(action_id: int):
    """Remove one link (a signal, a commitment or a round)."""
    action = load_action(action_id)
    form = UnlinkForm()
    target = parse_id(form.target.data or "")
    if not form.validate_on_submit() or target is None or form.kind.data not in (
        "signal", "commitment", "round"
    ):
        flash(_("Dat ging niet. Laad de pagina opnieuw en probeer het nog eens."), "error")
        return _back(action_id)
    if links.unlink(actor(), action, form.kind.data, target):
        flash(_("De koppeling is verwijderd."), "ok")
    else:
        flash(_("Die koppeling bestond al niet meer."), "info")
    return _back(action_id)
