"""The commitment register: staff read and edit it, admins add and delete commitments.

The edit form carries the commitment's version. A save based on an older version answers
409 with the commitment as it is now and the person's input kept, never overwriting.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.commitments import bp, queries, services
from stem.commitments.forms import (
    OTHER_LOCALES,
    STATUS_BADGES,
    STATUS_LABELS,
    CommitmentForm,
    DeleteCommitmentForm,
    EditCommitmentForm,
    fill_translations,
    translations,
)
from stem.commitments.models import Commitment
from stem.commitments.wording import TRACK_BADGES, TRACK_LABELS, describe
from stem.core.dates import language_name
from stem.core.db import db
from stem.core.security import require_role
from stem.signals.models import DISTRICT_NAMES

# The triage page of one signal; it belongs to the signals package.
SIGNAL_ENDPOINT = "signals.triage"


def _get_commitment(commitment_id: int) -> Commitment:
    return db.session.get(Commitment, commitment_id) or abort(404)


def signal_url(signal) -> str | None:
    """The staff page of a signal, when the app has one."""
    if SIGNAL_ENDPOINT not in current_app.view_functions:
        return None
    return url_for(SIGNAL_ENDPOINT, signal_id=signal.id)


def ltr(text: str) -> str:
    """Keep a code such as 21/T37 left-to-right inside a sentence in Arabic or Dari."""
    return f"\u2066{text}\u2069"  # LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE


def _context(**context) -> dict:
    return dict(
        status_labels=STATUS_LABELS,
        status_badges=STATUS_BADGES,
        track_labels=TRACK_LABELS,
        track_badges=TRACK_BADGES,
        other_locales=OTHER_LOCALES,
        describe=describe,
        language_name=language_name,
        ltr=ltr,
        **context,
    )


@bp.get("/commitments")
@require_role("staff", "admin")
def index():
    """The register: every commitment, its status, progress and how many signals are linked."""
    commitments = services.all_commitments()
    return render_template(
        "commitments/index.html",
        **_context(
            commitments=commitments,
            counts=services.signal_counts(),
            tracks=queries.track_states(commitments),
            after_fulfilment=queries.new_signals_after_fulfilment(),
        ),
    )


@bp.get("/commitments/<int:commitment_id>")
@require_role("staff", "admin")
def detail(commitment_id: int):
    """One commitment: its follow-up, where it stands, the linked signals and a timeline."""
    from stem.actions import wording as action_words
    from stem.signals.wording import status_badge

    commitment = _get_commitment(commitment_id)
    return render_template(
        "commitments/detail.html",
        **_context(
            commitment=commitment,
            follow=queries.follow_up(commitment),
            action_words=action_words,
            after_fulfilment=queries.new_signals_after_fulfilment().get(commitment.id, 0),
            signals=services.linked_signals(commitment),
            signal_url=signal_url,
            signal_status=status_badge,
            district_names=DISTRICT_NAMES,
        ),
    )


def _save(form: CommitmentForm):
    """Validate and add; a redirect when saved, else None with the errors on the form."""
    if not form.validate_on_submit():
        return None
    fields = {name: form[name].data for name in services.FIELDS}
    try:
        commitment = services.create_commitment(current_user, **fields)
    except services.CommitmentError as exc:
        form[exc.field].errors.append(str(exc))
        return None
    flash(_("De toezegging %(code)s is toegevoegd.", code=ltr(commitment.code)), "ok")
    return redirect(url_for("commitments.detail", commitment_id=commitment.id), code=303)


def _edit_page(form: EditCommitmentForm, commitment: Commitment, status: int = 200):
    return render_template(
        "commitments/form.html", **_context(form=form, commitment=commitment)
    ), status


def _not_saved(form: EditCommitmentForm, commitment_id: int, status: int):
    """Nothing was saved: show the commitment as it is stored now, beside the admin's input.

    The form takes the current version, so saving again is a deliberate choice to replace
    what is stored now.
    """
    db.session.rollback()
    commitment = _get_commitment(commitment_id)
    form.version.data = commitment.version
    return render_template(
        "commitments/form.html", **_context(form=form, commitment=commitment, compare=True)
    ), status


@bp.route("/admin/commitments/new", methods=["GET", "POST"])
@require_role("admin")
def new():
    """Add a commitment to the register."""
    form = CommitmentForm()
    return _save(form) or render_template(
        "commitments/form.html", **_context(form=form, commitment=None)
    )


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@require_role("staff", "admin")
def edit(commitment_id: int):
    """Change a commitment: its texts and translations, dates, status, progress notes, link
    to the council's page, and the letter that fulfilled it."""
    commitment = _get_commitment(commitment_id)
    form = EditCommitmentForm(obj=commitment)
    if not form.is_submitted():
        fill_translations(form, commitment)
        return _edit_page(form, commitment)
    valid = form.validate_on_submit()
    version = form.loaded_version()
    if version is None:  # missing or tampered with; the form says so
        return _not_saved(form, commitment_id, 400)
    try:
        # An old version first: what counts is that someone else saved in between, even
        # when this input also has mistakes.
        services.check_version(commitment, version)
        if valid:
            fields = {name: form[name].data for name in services.FIELDS}
            services.update_commitment(current_user, commitment, version=version, **fields)
            services.set_translations(current_user, commitment, translations(form))
    except services.StaleCommitment as exc:
        form.form_errors.append(str(exc))
        return _not_saved(form, commitment_id, 409)
    except services.CommitmentError as exc:
        form[exc.field].errors.append(str(exc))
        valid = False
    if not valid:
        return _edit_page(form, commitment)
    flash(_("De wijzigingen zijn opgeslagen."), "ok")
    return redirect(url_for("commitments.detail", commitment_id=commitment.id), code=303)


@bp.route("/admin/commitments/<int:commitment_id>/delete", methods=["GET", "POST"])
@require_role("admin")
def delete(commitment_id: int):
    """Remove a commitment from the register, after a page that asks to be sure."""
    commitment = _get_commitment(commitment_id)
    form = DeleteCommitmentForm()
    if form.validate_on_submit():
        code = commitment.code
        services.delete_commitment(current_user, commitment)
        flash(_("De toezegging %(code)s is verwijderd.", code=ltr(code)), "ok")
        return redirect(url_for("commitments.index"), code=303)
    return render_template(
        "commitments/delete.html", **_context(form=form, commitment=commitment)
    )
