"""The commitment register: staff read it, admins add and edit commitments."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.commitments import bp, services
from stem.commitments.forms import STATUS_BADGES, STATUS_LABELS, CommitmentForm
from stem.commitments.models import Commitment
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
    return dict(status_labels=STATUS_LABELS, status_badges=STATUS_BADGES, ltr=ltr, **context)


@bp.get("/commitments")
@require_role("staff", "admin")
def index():
    """The register: every commitment, its status and how many signals are linked."""
    return render_template(
        "commitments/index.html",
        **_context(commitments=services.all_commitments(), counts=services.signal_counts()),
    )


@bp.get("/commitments/<int:commitment_id>")
@require_role("staff", "admin")
def detail(commitment_id: int):
    """One commitment with the signals linked to it."""
    from stem.signals.wording import status_badge

    commitment = _get_commitment(commitment_id)
    return render_template(
        "commitments/detail.html",
        **_context(
            commitment=commitment,
            signals=services.linked_signals(commitment),
            signal_url=signal_url,
            signal_status=status_badge,
            district_names=DISTRICT_NAMES,
        ),
    )


def _save(form: CommitmentForm, commitment: Commitment | None):
    """Validate and save; a redirect when saved, else None with the errors on the form."""
    if not form.validate_on_submit():
        return None
    fields = {name: form[name].data for name in services.FIELDS}
    try:
        if commitment is None:
            commitment = services.create_commitment(current_user, **fields)
            flash(_("De toezegging %(code)s is toegevoegd.", code=ltr(commitment.code)), "ok")
        else:
            services.update_commitment(current_user, commitment, **fields)
            flash(_("De wijzigingen zijn opgeslagen."), "ok")
    except services.CommitmentError as exc:
        form[exc.field].errors.append(str(exc))
        return None
    return redirect(url_for("commitments.detail", commitment_id=commitment.id), code=303)


@bp.route("/admin/commitments/new", methods=["GET", "POST"])
@require_role("admin")
def new():
    """Add a commitment to the register."""
    form = CommitmentForm()
    return _save(form, None) or render_template(
        "commitments/form.html", **_context(form=form, commitment=None)
    )


@bp.route("/admin/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@require_role("admin")
def edit(commitment_id: int):
    """Change a commitment: its texts, dates, status and the letter that fulfilled it."""
    commitment = _get_commitment(commitment_id)
    form = CommitmentForm(obj=commitment)
    return _save(form, commitment) or render_template(
        "commitments/form.html", **_context(form=form, commitment=commitment)
    )
