"""Staff triage: the inbox of signals, one signal's page and its forms, merging duplicates.

Every form carries the signal's version. A save based on an older version answers
409 with the page as it is now and the staff member's input kept, never overwriting.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from stem.accounts.models import Organisation, User
from stem.commitments.models import Commitment
from stem.core.audit import audit
from stem.core.db import db
from stem.core.htmx import is_htmx, render_page
from stem.core.i18n import LANGUAGES
from stem.core.pagination import paginate
from stem.core.security import require_role
from stem.core.templating import safe_next
from stem.core.web import writes
from stem.signals import bp, history, inbox, merge, replies, similar, triage
from stem.signals.access import can_see_contact
from stem.signals.models import (
    DISTRICT_NAMES,
    DISTRICTS,
    SIGNAL_SOURCES,
    SIGNAL_STATUSES,
    Signal,
    SignalEvent,
    SignalReply,
    SignalSubmitter,
    Theme,
)
from stem.signals.triage_forms import (
    BulkForm,
    DetailsForm,
    LinkForm,
    MergeForm,
    MergeTargetForm,
    ReplyForm,
    StatusForm,
    UnlinkForm,
    reply_texts,
)

staff_only = require_role("staff", "admin")
PER_PAGE = 25


def _actor() -> User:
    return current_user._get_current_object()


def _staff() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role.in_(("staff", "admin")), User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def _themes() -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.position, Theme.id)))


def _theme_choices(themes, locale) -> list[tuple[int, str]]:
    return [(t.id, t.name(locale)) for t in themes if t.active]


MAX_ID = 2**31 - 1  # larger numbers in a URL overflow the database's integer: not found


def _get(model, object_id: int | None):
    """The object with this id, or None; also for ids no database column can hold."""
    if object_id is None or not 0 < object_id <= MAX_ID:
        return None
    return db.session.get(model, object_id)


def _load(signal_id: int) -> Signal:
    if not 0 < signal_id <= MAX_ID:
        abort(404)
    signal = db.session.scalar(
        sa.select(Signal)
        .where(Signal.id == signal_id)
        .options(
            selectinload(Signal.theme),
            selectinload(Signal.assignee),
            selectinload(Signal.organisation),
            selectinload(Signal.merged_into),
            selectinload(Signal.commitments),
            selectinload(Signal.attachments),
            selectinload(Signal.submitters).selectinload(SignalSubmitter.user),
            selectinload(Signal.submitters).selectinload(SignalSubmitter.organisation),
            selectinload(Signal.events).selectinload(SignalEvent.actor),
            selectinload(Signal.replies).selectinload(SignalReply.texts),
            selectinload(Signal.replies).selectinload(SignalReply.author),
        )
    )
    return signal or abort(404)


def language_names() -> dict[str, str]:
    return {language.code: language.native_name for language in LANGUAGES}


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


# --- the inbox ---------------------------------------------------------------------------


@bp.get("/staff/signals", endpoint="inbox")
@staff_only
def inbox_view():
    """Every signal, filtered, searched and sorted from the URL; bulk actions on a page."""
    filters = inbox.InboxFilters.from_args(request.args)
    page = paginate(inbox.inbox_query(filters), request.args.get("page", 1), PER_PAGE)
    # The address to show and to come back to: the filters in use, without empty ones.
    here = url_for(
        "signals.inbox", **filters.args(), **({"page": page.number} if page.number > 1 else {})
    )
    bulk_form = BulkForm(formdata=None, next=here)
    headers = {"HX-Push-Url": here} if is_htmx() else {}
    return _render_inbox(filters, page, bulk_form), headers


def _render_inbox(filters, page, bulk_form):
    themes, staff = _themes(), _staff()
    locale = _locale()
    bulk_form.bulk_assignee.choices = [(0, _l("Niemand"))] + [
        (u.id, triage.user_label(u)) for u in staff
    ]
    bulk_form.bulk_theme.choices = _theme_choices(themes, locale)
    bulk_form.bulk_status.choices = [
        (s, history.STATUS_LABELS[s]) for s in SIGNAL_STATUSES if s != "merged"
    ]
    return render_page(
        "signals/triage/inbox.html",
        block="results",
        filters=filters,
        page=page,
        themes=themes,
        staff=staff,
        organisations=list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name))),
        commitments=list(db.session.scalars(sa.select(Commitment).order_by(Commitment.code))),
        districts=DISTRICTS,
        sources=SIGNAL_SOURCES,
        statuses=SIGNAL_STATUSES,
        overdue_total=inbox.overdue_count(),
        bulk_form=bulk_form,
        labels=history,
        is_overdue=triage.is_overdue,
        locale=locale,
        page_url=lambda number: url_for("signals.inbox", **filters.args(), page=number),
    )


@bp.post("/staff/signals/bulk")
@staff_only
def bulk():
    """Assign, set the theme or the status of the ticked signals at once."""
    form = BulkForm()
    themes, staff = _themes(), _staff()
    form.bulk_assignee.choices = [(0, "")] + [(u.id, "") for u in staff]
    form.bulk_theme.choices = [(t.id, "") for t in themes if t.active]
    form.bulk_status.choices = [(s, "") for s in SIGNAL_STATUSES if s != "merged"]
    back = safe_next(form.next.data, url_for("signals.inbox"))
    if not form.validate_on_submit():
        flash(
            _("Dat ging niet. Kies de signalen en wat ermee moet, en probeer het opnieuw."), "error"
        )
        return redirect(back, code=303)
    versions = {}
    for value in request.form.getlist("ids")[: triage.BULK_MAX + 1]:
        signal_id, _sep, version = value.partition(":")
        if signal_id.isdigit() and 0 < int(signal_id) <= MAX_ID:
            versions[int(signal_id)] = version
    action = request.form.get("action", "")
    try:
        result = triage.bulk_update(
            _actor(),
            versions,
            action,
            assignee=_get(User, form.bulk_assignee.data),
            theme=_get(Theme, form.bulk_theme.data),
            status=form.bulk_status.data or "",
            reason=form.bulk_reason.data or "",
        )
    except triage.TriageError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back, code=303)
    if result.changed:
        flash(
            ngettext(
                "%(num)d signaal is gewijzigd.",
                "%(num)d signalen zijn gewijzigd.",
                len(result.changed),
            ),
            "ok",
        )
    elif not (result.stale or result.refused):
        flash(_("Er was niets te wijzigen."), "info")
    if result.stale:
        flash(
            _(
                "Deze signalen zijn niet gewijzigd, want iemand anders wijzigde ze net: %(references)s. Bekijk ze opnieuw.",
                references=", ".join(result.stale),
            ),
            "warning",
        )
    if result.refused:
        flash(
            _(
                "Bij deze signalen kan dat niet: %(references)s.",
                references=", ".join(result.refused),
            ),
            "warning",
        )
    return redirect(back, code=303)


# --- one signal --------------------------------------------------------------------------


def _forms(signal: Signal, themes, staff, commitments, **given):
    """Every form on the page: the one given bound to the request, the rest fresh."""
    locale = _locale()
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
    theme_choices = _theme_choices(themes, locale)
    if signal.theme_id not in dict(theme_choices):
        theme_choices.insert(0, (signal.theme_id, signal.theme.name(locale)))
    forms["details_form"].theme.choices = theme_choices
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
    themes, staff = _themes(), _staff()
    commitments = list(db.session.scalars(sa.select(Commitment).order_by(Commitment.code)))
    user = _actor()
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
    return _render_triage(_load(signal_id))


def _saved(signal: Signal, message: str, anchor: str = ""):
    flash(message, "ok")
    return redirect(url_for("signals.triage", signal_id=signal.id) + anchor, code=303)


def _stale(signal_id: int, exc: triage.TriageError, form_name: str, form):
    """Nothing was saved: show the signal as it is now, with the staff member's input."""
    db.session.rollback()
    signal = _load(signal_id)
    form.version.data = signal.version
    return _render_triage(signal, status=409, stale=str(exc), **{form_name: form})


def _failed(signal: Signal, exc: triage.TriageError, form_name: str, form):
    db.session.rollback()
    signal = _load(signal.id)
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, str(exc)]
    else:
        form.form_errors.append(str(exc))
    return _render_triage(signal, status=400, **{form_name: form})


def _act(signal: Signal, form_name: str, form, action, message: str, anchor: str = ""):
    """Run a service for a valid form; turn its refusals into messages on the page."""
    valid = form.validate_on_submit()
    if not form.csrf_token.errors:
        try:
            # An old version first: its choices may no longer fit, but what counts is that
            # someone else saved in between.
            triage.check_version(signal, form.version.data)
        except triage.StaleSignal as exc:
            return _stale(signal.id, exc, form_name, form)
    if not valid:
        return _render_triage(signal, status=400, **{form_name: form})
    try:
        action()
    except triage.StaleSignal as exc:
        return _stale(signal.id, exc, form_name, form)
    except triage.TriageError as exc:
        return _failed(signal, exc, form_name, form)
    return _saved(signal, message, anchor)


@bp.post("/staff/signals/<int:signal_id>/status")
@staff_only
def change_status(signal_id: int):
    """Move the signal along the workflow."""
    signal = _load(signal_id)
    form = StatusForm()
    form.set_choices(triage.allowed_statuses(signal) or (signal.status,))
    return _act(
        signal,
        "status_form",
        form,
        lambda: triage.change_status(
            _actor(),
            signal,
            form.status.data,
            reason=form.reason.data or "",
            version=form.version.data,
        ),
        _("De status is gewijzigd."),
    )


@bp.post("/staff/signals/<int:signal_id>/details")
@staff_only
def update_details(signal_id: int):
    """Assignee, theme, priority and district."""
    signal = _load(signal_id)
    form = DetailsForm()
    form.assignee.choices = [(0, "")] + [(u.id, "") for u in _staff()]
    form.theme.choices = [(t.id, "") for t in _themes()]
    return _act(
        signal,
        "details_form",
        form,
        lambda: triage.update_details(
            _actor(),
            signal,
            assignee=db.session.get(User, form.assignee.data) if form.assignee.data else None,
            theme=db.session.get(Theme, form.theme.data),
            priority=form.priority.data,
            district=form.district.data or None,
            version=form.version.data,
        ),
        _("De wijzigingen zijn opgeslagen."),
    )


@bp.post("/staff/signals/<int:signal_id>/commitments")
@staff_only
def link_commitment(signal_id: int):
    """Link the signal to a council commitment."""
    signal = _load(signal_id)
    form = LinkForm()
    form.commitment.choices = [(c_id, "") for c_id in db.session.scalars(sa.select(Commitment.id))]
    return _act(
        signal,
        "link_form",
        form,
        lambda: triage.link_commitment(
            _actor(),
            signal,
            db.session.get(Commitment, form.commitment.data),
            version=form.version.data,
        ),
        _("De toezegging is gekoppeld."),
        "#commitments",
    )


@bp.post("/staff/signals/<int:signal_id>/commitments/<int:commitment_id>/unlink")
@staff_only
def unlink_commitment(signal_id: int, commitment_id: int):
    """Remove the link to one commitment."""
    signal = _load(signal_id)
    commitment = _get(Commitment, commitment_id) or abort(404)
    form = UnlinkForm()
    return _act(
        signal,
        "unlink_form",
        form,
        lambda: triage.unlink_commitment(_actor(), signal, commitment, version=form.version.data),
        _("De koppeling is verwijderd."),
        "#commitments",
    )


@bp.post("/staff/signals/<int:signal_id>/reply")
@staff_only
def reply(signal_id: int):
    """Write the reply; it goes to every submitter in their language."""
    signal = _load(signal_id)
    form = ReplyForm()
    return _act(
        signal,
        "reply_form",
        form,
        lambda: replies.write_reply(_actor(), signal, reply_texts(form), version=form.version.data),
        _("Het antwoord is verstuurd naar de indieners."),
    )


# --- merging -----------------------------------------------------------------------------


def _find(value: str) -> Signal | None:
    value = (value or "").strip()[:20]
    if not value:
        return None
    return db.session.scalar(sa.select(Signal).where(Signal.reference == value.upper()))


@bp.route("/staff/signals/<int:signal_id>/merge", methods=["GET", "POST"], endpoint="merge")
@staff_only
def merge_view(signal_id: int):
    """Merge this signal into another: pick the other one (GET), compare, confirm (POST)."""
    signal = _load(signal_id)
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
    survivor = _get(Signal, request.args.get("into_id", type=int)) or abort(404)
    signal_id, survivor_id = signal.id, survivor.id
    form = MergeForm()
    if not form.validate_on_submit():
        return _merge_page(signal, survivor, status=400)
    try:
        merge.merge(
            _actor(),
            signal,
            survivor,
            version=form.version.data,
            survivor_version=form.into_version.data,
        )
    except triage.StaleSignal as exc:
        db.session.rollback()
        return _merge_page(
            _load(signal_id), db.session.get(Signal, survivor_id), error=str(exc), status=409
        )
    except triage.TriageError as exc:
        db.session.rollback()
        return _merge_page(_load(signal_id), None, error=str(exc), status=400)
    flash(_("Het signaal is samengevoegd met %(reference)s.", reference=survivor.reference), "ok")
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
