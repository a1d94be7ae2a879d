"""Staff triage of one signal: its page and its forms (status, details, commitments, reply).

Every form carries the signal's version. A save based on an older version answers
409 with the page as it is now and the staff member's input kept, never overwriting.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem.accounts.models import User
from stem.commitments.models import Commitment
from stem.core.audit import audit
from stem.core.db import db
from stem.core.web import writes
from stem.signals import bp
from stem.signals.access import can_see_contact
from stem.signals.models import DISTRICT_NAMES, Signal, Theme
from stem.signals.triage import history, provenance, replies, similar
from stem.signals.triage import services as triage
from stem.signals.triage.forms import (
    DetailsForm,
    LinkForm,
    MergeTargetForm,
    ReplyForm,
    StatusForm,
    UnlinkForm,
    reply_texts,
)
from stem.signals.triage.staff_pages import (
    active_staff,
    actor,
    current_locale,
    get_by_id,
    language_names,
    load_signal,
    ordered_themes,
    staff_only,
    theme_choices,
)


def _forms(signal: Signal, themes, staff, commitments, **given):
    """Every form on the page: the one given bound to the request, the rest fresh."""
    locale = current_locale()
    forms = {
        "status_form": given.get("status_form") or StatusForm(formdata=None),
        "details_form": given.get("details_form")
        or DetailsForm(
            formdata=None,
            assignee=signal.assignee_id or 0,
            theme=signal.theme_id,
            priority=signal.priority,
            district=signal.district or "",
        ),
        "link_form": given.get("link_form") or LinkForm(formdata=None),
        "reply_form": given.get("reply_form") or ReplyForm(formdata=None),
        "merge_target_form": MergeTargetForm(formdata=None),
        "unlink_form": given.get("unlink_form") or UnlinkForm(formdata=None),
    }
    forms["status_form"].set_choices(triage.allowed_statuses(signal))
    forms["details_form"].assignee.choices = [(0, _l("Niemand"))] + [
        (u.id, triage.user_label(u)) for u in staff
    ]
    choices = theme_choices(themes, locale)
    if signal.theme_id not in dict(choices):
        choices.insert(0, (signal.theme_id, signal.theme.name(locale)))
    forms["details_form"].theme.choices = choices
    linked = {c.id for c in signal.commitments}
    forms["link_form"].commitment.choices = [
        (c.id, c.label) for c in commitments if c.id not in linked
    ]
    for name, form in forms.items():
        if hasattr(form, "version") and name not in given:
            form.version.data = signal.version
    return forms


def _render_triage(signal: Signal, *, status: int = 200, stale: str | None = None, **given):
    """The triage page of a signal; `given` forms keep what staff typed."""
    themes, staff = ordered_themes(), active_staff()
    commitments = list(db.session.scalars(sa.select(Commitment).order_by(Commitment.code)))
    user = actor()
    contacts = {s.id: can_see_contact(user, s) for s in signal.submitters}
    shown = [s.id for s in signal.submitters if contacts[s.id] and s.user_id != user.id]
    if shown:
        audit("signal.contact_view", signal, submitters=shown)
    attachment_url = None
    if "signals.attachment" in current_app.view_functions:
        attachment_url = lambda a: url_for("signals.attachment", attachment_id=a.id)  # noqa: E731
    forms = _forms(signal, themes, staff, commitments, **given)
    reached = replies.recipients(signal.submitters)
    languages = sorted({language_names().get(r.locale, r.locale) for r in reached})
    body = render_template(
        "signals/triage/signal.html",
        signal=signal,
        stale=stale,
        saved=request.args.get("saved", ""),
        has_errors=bool(stale or any(form.errors for form in given.values())),
        district_name=DISTRICT_NAMES.get(signal.district or ""),
        recipient_count=len(reached),
        submitter_languages=", ".join(languages),
        contacts=contacts,
        similar=similar.similar_signals(signal) if signal.status != "merged" else [],
        overdue=triage.is_overdue(signal),
        labels=history,
        attachment_url=attachment_url,
        commitment_url=_commitment_url,
        origin=provenance.survey_origin(signal, current_locale()),
        merged_members=provenance.merged_members(signal),
        history_links=provenance.reference_links(signal),
        **forms,
    )
    return body, status


def _commitment_url(commitment: Commitment) -> str | None:
    if "commitments.detail" not in current_app.view_functions:
        return None
    return url_for("commitments.detail", commitment_id=commitment.id)


@bp.get("/staff/signals/<int:signal_id>", endpoint="triage")
@staff_only
@writes  # showing a submitter's contact details is written to the audit log
def triage_view(signal_id: int):
    """One signal: its text, submitters, files, history, similar signals and every action."""
    return _render_triage(load_signal(signal_id))


def _saved(signal_id: int, message: str, section: str):
    """Back to the page, with the confirmation in the changed section and focus on it: the
    next Tab goes on from there, not from the top of the page (also without JavaScript)."""
    flash(message, "ok")
    url = url_for("signals.triage", signal_id=signal_id, saved=section) + "#saved"
    return redirect(url, code=303)


def _stale(signal_id: int, exc: triage.TriageError, form_name: str, form):
    """Nothing was saved: show the signal as it is now, with the staff member's input."""
    db.session.rollback()
    signal = load_signal(signal_id)
    form.version.data = signal.version
    return _render_triage(signal, status=409, stale=str(exc), **{form_name: form})


def _failed(signal_id: int, exc: triage.TriageError, form_name: str, form):
    db.session.rollback()
    signal = load_signal(signal_id)
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, str(exc)]
    else:
        form.form_errors.append(str(exc))
    return _render_triage(signal, status=400, **{form_name: form})


def _act(signal: Signal, form_name: str, form, action, message: str, section: str):
    """Run a service for a valid form; turn its refusals into messages on the page."""
    # Read now: after a failed flush the signal object cannot be asked anything.
    signal_id = signal.id
    valid = form.validate_on_submit()
    if not form.csrf_token.errors:
        try:
            # An old version first: its choices may no longer fit, but what counts is that
            # someone else saved in between. A form without its version is treated the same:
            # nothing says what the staff member saw, so nothing may be overwritten.
            triage.check_version(signal, form.version.data or "")
        except triage.StaleSignal as exc:
            return _stale(signal_id, exc, form_name, form)
    if not valid:
        return _render_triage(signal, status=400, **{form_name: form})
    try:
        action()
        triage.flush()  # a colleague's save that committed meanwhile shows up here
    except triage.StaleSignal as exc:
        return _stale(signal_id, exc, form_name, form)
    except triage.TriageError as exc:
        return _failed(signal_id, exc, form_name, form)
    return _saved(signal_id, message, section)


@bp.post("/staff/signals/<int:signal_id>/status")
@staff_only
def change_status(signal_id: int):
    """Move the signal along the workflow."""
    signal = load_signal(signal_id)
    form = StatusForm()
    form.set_choices(triage.allowed_statuses(signal) or (signal.status,))
    return _act(
        signal,
        "status_form",
        form,
        lambda: triage.change_status(
            actor(),
            signal,
            form.status.data,
            reason=form.reason.data or "",
            version=form.version.data,
        ),
        _("De status is gewijzigd."),
        "status",
    )


@bp.post("/staff/signals/<int:signal_id>/details")
@staff_only
def update_details(signal_id: int):
    """Assignee, theme, priority and district."""
    signal = load_signal(signal_id)
    form = DetailsForm()
    form.assignee.choices = [(0, "")] + [(u.id, "") for u in active_staff()]
    form.theme.choices = [(t.id, "") for t in ordered_themes()]
    return _act(
        signal,
        "details_form",
        form,
        lambda: triage.update_details(
            actor(),
            signal,
            assignee=db.session.get(User, form.assignee.data) if form.assignee.data else None,
            theme=db.session.get(Theme, form.theme.data),
            priority=form.priority.data,
            district=form.district.data or None,
            version=form.version.data,
        ),
        _("De wijzigingen zijn opgeslagen."),
        "details",
    )


@bp.post("/staff/signals/<int:signal_id>/commitments")
@staff_only
def link_commitment(signal_id: int):
    """Link the signal to a council commitment."""
    signal = load_signal(signal_id)
    form = LinkForm()
    form.commitment.choices = [(c_id, "") for c_id in db.session.scalars(sa.select(Commitment.id))]
    return _act(
        signal,
        "link_form",
        form,
        lambda: triage.link_commitment(
            actor(),
            signal,
            db.session.get(Commitment, form.commitment.data),
            version=form.version.data,
        ),
        _("De toezegging is gekoppeld."),
        "commitments",
    )


@bp.post("/staff/signals/<int:signal_id>/commitments/<int:commitment_id>/unlink")
@staff_only
def unlink_commitment(signal_id: int, commitment_id: int):
    """Remove the link to one commitment."""
    signal = load_signal(signal_id)
    commitment = get_by_id(Commitment, commitment_id) or abort(404)
    form = UnlinkForm()
    return _act(
        signal,
        "unlink_form",
        form,
        lambda: triage.unlink_commitment(actor(), signal, commitment, version=form.version.data),
        _("De koppeling is verwijderd."),
        "commitments",
    )


@bp.post("/staff/signals/<int:signal_id>/reply")
@staff_only
def reply(signal_id: int):
    """Write the reply; it goes to every submitter in their language."""
    signal = load_signal(signal_id)
    form = ReplyForm()
    return _act(
        signal,
        "reply_form",
        form,
        lambda: replies.write_reply(actor(), signal, reply_texts(form), version=form.version.data),
        _("Het antwoord is verstuurd naar de indieners."),
        "reply",
    )
