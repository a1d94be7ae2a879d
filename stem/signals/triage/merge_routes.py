"""Staff triage: merging a duplicate signal into another, after comparing them side by side."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from stem.core.db import db
from stem.core.templating import isolate
from stem.signals import bp
from stem.signals.models import Signal
from stem.signals.triage import history, merge
from stem.signals.triage import services as triage
from stem.signals.triage.forms import MergeForm, MergeTargetForm
from stem.signals.triage.staff_pages import actor, get_by_id, load_signal, staff_only


def _find(value: str) -> Signal | None:
    value = (value or "").strip()[:20]
    if not value:
        return None
    return db.session.scalar(sa.select(Signal).where(Signal.reference == value.upper()))


@bp.route("/staff/signals/<int:signal_id>/merge", methods=["GET", "POST"], endpoint="merge")
@staff_only
def merge_view(signal_id: int):
    """Merge this signal into another: pick the other one (GET), compare, confirm (POST)."""
    signal = load_signal(signal_id)
    if request.method == "POST":
        return _merge(signal)
    target_form = MergeTargetForm(request.args if "into" in request.args else None)
    survivor = None
    if "into" in request.args:
        if target_form.validate():
            survivor = _find(target_form.into.data)
            try:
                merge.check_merge(signal, survivor)
            except merge.MergeError as exc:
                target_form.into.errors.append(str(exc))
                survivor = None
        if survivor is None:
            return _merge_page(signal, None, target_form, status=400)
    return _merge_page(signal, survivor, target_form)


def _merge(signal: Signal):
    survivor = get_by_id(Signal, request.args.get("into_id", type=int)) or abort(404)
    signal_id, survivor_id = signal.id, survivor.id
    form = MergeForm()
    if not form.validate_on_submit():
        return _merge_page(signal, survivor, status=400)
    try:
        merge.merge(
            actor(),
            signal,
            survivor,
            version=form.version.data,
            survivor_version=form.into_version.data,
        )
    except triage.StaleSignal as exc:
        db.session.rollback()
        return _merge_page(
            load_signal(signal_id), db.session.get(Signal, survivor_id), error=str(exc), status=409
        )
    except triage.TriageError as exc:
        db.session.rollback()
        return _merge_page(load_signal(signal_id), None, error=str(exc), status=400)
    flash(
        _("Het signaal is samengevoegd met %(reference)s.", reference=isolate(survivor.reference)),
        "ok",
    )
    return redirect(url_for("signals.triage", signal_id=survivor_id), code=303)


def _merge_page(signal, survivor, target_form=None, *, error=None, status=200):
    """The merge page: the reference field, and both signals side by side once chosen."""
    target_form = target_form or MergeTargetForm(formdata=None)
    form = MergeForm(formdata=None)
    if survivor is not None:
        target_form.into.data = survivor.reference
        form.version.data = signal.version
        form.into_version.data = survivor.version
    body = render_template(
        "signals/triage/merge.html",
        signal=signal,
        survivor=survivor,
        target_form=target_form,
        form=form,
        error=error,
        labels=history,
    )
    return body, status
