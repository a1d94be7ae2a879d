"""Reporting a signal, its confirmation, and the submitters' own signals and files."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.routing import BuildError

from stem.core.audit import audit
from stem.core.db import db
from stem.core.pagination import paginate
from stem.core.security import ROLES, require_login, require_role
from stem.core.uploads import send_upload
from stem.core.web import writes
from stem.extensions import limiter
from stem.signals import bp
from stem.signals.access import (
    can_download,
    can_see,
    is_own,
    visible_attachments,
    visible_signals,
)
from stem.signals.intake.attachments import MAX_FILES
from stem.signals.intake.checks import OnBehalf
from stem.signals.intake.forms import FORM_KEY_RE, SignalForm, StaffSignalForm
from stem.signals.intake.services import IntakeError, create_signal, find_submitted
from stem.signals.models import DISTRICT_NAMES, Signal, SignalAttachment
from stem.signals.wording import status_badge, status_explanation

PER_PAGE = 20

MB = 1024 * 1024
# The signal form takes a larger body than the app-wide MAX_CONTENT_LENGTH (16 MB by
# default), so that three photos straight from a phone camera (a 50-megapixel photo can
# be 20-25 MB) reach the form, which then names each file over 5 MB and keeps what was
# typed, instead of a bare "too large" page. 25 MB for each file, 1 MB for the text
# fields and the multipart framing. Werkzeug writes file parts to temporary files, so
# this costs disk, not memory; MAX_FORM_MEMORY_SIZE still caps every text field. A
# reverse proxy in front must let 76 MB through on this path too.
MAX_SIGNAL_REQUEST = MAX_FILES * 25 * MB + 1 * MB

# Nobody who reports by hand comes near these: a partner typing up 20 observations after
# a meeting, with a few corrections, sends some 30 forms in an hour. Every POST counts,
# refused forms too, so a script is stopped as soon as an account sends without pause.
# Staff type up what others told them; 300 an hour is 5 a minute for an hour, beyond any
# person, yet a runaway script or a stolen staff session still stops. The defaults live in
# stem/config.py (STEM_SIGNAL_RATE_LIMIT and STEM_SIGNAL_STAFF_RATE_LIMIT).


def _user():
    return current_user._get_current_object()


def _signal_or_404(reference: str) -> Signal:
    """The signal with this reference, if the current user may see it; else 404."""
    if len(reference) > 20:
        abort(404)
    signal = db.session.scalar(sa.select(Signal).where(Signal.reference == reference))
    if not can_see(_user(), signal):
        abort(404)
    return signal


def _show_errors(form, errors: dict[str, str]) -> None:
    """Put the service's messages next to the fields they are about."""
    for name, message in errors.items():
        target = getattr(form, name, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(message)


def _staff_fields(form: StaffSignalForm) -> dict:
    return {
        "source": form.source.data,
        "source_detail": form.source_detail.data or "",
        "organisation": form.organisation_obj,
        "on_behalf": OnBehalf(
            name=form.on_behalf_name.data or "",
            email=form.on_behalf_email.data or None,
            phone=form.on_behalf_phone.data or None,
            locale=form.on_behalf_locale.data,
            channel=form.on_behalf_channel.data,
        ),
    }


@bp.url_value_preprocessor
def _room_for_phone_photos(endpoint: str | None, _values: dict | None) -> None:
    """Let a signed-in reporter's form in with large files, so the form can refuse them.

    A URL value preprocessor, because it is the one blueprint hook that runs before the
    app's before_request hooks; the CSRF check among those is the first to read the body,
    so in the view it would be too late. Signed-out visitors keep the app-wide limit: they
    are sent to sign in anyway, and accounts are made by staff, not by anyone who asks.
    """
    if endpoint != "signals.new" or request.method != "POST":
        return
    app_wide = current_app.config["MAX_CONTENT_LENGTH"]
    if app_wide is not None and app_wide < MAX_SIGNAL_REQUEST and current_user.is_authenticated:
        request.max_content_length = MAX_SIGNAL_REQUEST


def _submission_limit() -> str:
    staff = current_user.is_authenticated and current_user.is_staff
    return current_app.config["SIGNAL_STAFF_RATE_LIMIT" if staff else "SIGNAL_RATE_LIMIT"]


def _submitter_key() -> str:
    """Signals are counted per person; a signed-out request (sent to sign in) per address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "ip:" + (request.remote_addr or "")


@bp.route("/signals/new", methods=["GET", "POST"])
@require_role(*ROLES)
@limiter.limit(_submission_limit, methods=["POST"], key_func=_submitter_key)
def new():
    """Report a signal: what happened, the theme, optionally a district and files."""
    user = _user()
    form = (StaffSignalForm if user.is_staff else SignalForm)(locale=str(get_locale()))
    if request.method == "POST":
        # The same form sent twice (a double tap, a reload): show the first one's result.
        earlier = find_submitted(user, form.form_key.data, form.body.data or "")
        if earlier is not None and can_see(user, earlier):
            return redirect(url_for("signals.submitted", reference=earlier.reference), code=303)
    if form.validate_on_submit():
        fields = _staff_fields(form) if user.is_staff else {}
        try:
            signal = create_signal(
                actor=user,
                body=form.body.data,
                theme=form.theme_obj,
                district=form.district.data or None,
                may_contact=bool(form.may_contact.data),
                attachments=form.attachments.data or (),
                form_key=form.form_key.data,
                **fields,
            )
        except IntakeError as exc:
            _show_errors(form, exc.errors)
        else:
            return redirect(url_for("signals.submitted", reference=signal.reference), code=303)
    if not (form.form_key.data and FORM_KEY_RE.match(form.form_key.data)):
        form.form_key.data = secrets.token_urlsafe(24)
    return render_template("signals/intake/new.html", form=form, staff=user.is_staff)


@bp.get("/signals/submitted/<reference>")
@require_role(*ROLES)
def submitted(reference: str):
    """Thank you: the reference number, and when to expect a reply."""
    signal = _signal_or_404(reference)
    submitter = signal.submitters[0] if signal.submitters else None
    return render_template(
        "signals/intake/submitted.html",
        signal=signal,
        submitter=submitter,
        triage_url=_triage_url(signal) if _user().is_staff else None,
    )


def _triage_url(signal: Signal) -> str | None:
    """Where staff handle the signal (the triage pages live in signals/triage/)."""
    try:
        return url_for("signals.triage", signal_id=signal.id)
    except BuildError:
        return None


@bp.get("/my/signals")
@require_role("member", "partner")
def mine():
    """A member's own signals, or a partner's organisation's, newest first."""
    user = _user()
    query = (
        visible_signals(user)
        .options(selectinload(Signal.theme))
        .order_by(Signal.created_at.desc(), Signal.id.desc())
    )
    page = paginate(query, request.args.get("page"), per_page=PER_PAGE)
    return render_template(
        "signals/intake/mine.html",
        page=page,
        status_badge=status_badge,
        is_own=lambda signal: is_own(user, signal),
    )


def _reply_texts(reply, locale: str) -> list[tuple[str, str]]:
    """(locale, text) pairs to show: the viewer's language, else Dutch and English."""
    shown, text = reply.text_for(locale)
    texts = [(shown, text)] if text else []
    if shown != locale and locale != "nl":
        english = next((t.body for t in reply.texts if t.locale == "en"), "")
        if english and locale != "en":
            texts.append(("en", english))
    return texts


@bp.get("/my/signals/<reference>")
@require_login
def view(reference: str):
    """One signal: its status in plain words, the replies, and the files."""
    user = _user()
    signal = _signal_or_404(reference)
    locale = str(get_locale())
    merged_into = signal.merged_into if can_see(user, signal.merged_into) else None
    # A merged signal's submitters were sent the survivor's reply: it is theirs to read here.
    given = list(signal.replies) + (list(merged_into.replies) if merged_into else [])
    given.sort(key=lambda reply: (reply.created_at, reply.id))
    replies = [(reply, _reply_texts(reply, locale)) for reply in given]
    return render_template(
        "signals/intake/view.html",
        signal=signal,
        own=is_own(user, signal),
        attachments=visible_attachments(user, signal),
        replies=[(reply, texts) for reply, texts in replies if texts],
        locale=locale,
        status=status_badge(signal.status),
        explanation=status_explanation(signal.status),
        district=DISTRICT_NAMES.get(signal.district or ""),
        merged_into=merged_into,
    )


@bp.get("/signals/attachments/<int:attachment_id>")
@require_login
@writes
def attachment(attachment_id: int):
    """Download a photo or PDF, only for those who may see it; staff access is logged."""
    user = _user()
    item = db.session.get(SignalAttachment, attachment_id)
    if not can_download(user, item):
        abort(404)
    if user.is_staff:
        audit("signal.attachment_download", item, signal=item.signal.reference)
    try:
        return send_upload(
            item.storage_key,
            content_type=item.content_type,
            filename=item.filename,
            as_attachment=True,
        )
    except FileNotFoundError:
        abort(404)
