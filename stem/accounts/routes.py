"""Sign-in by link and code, sign-out, and the member's own account pages."""

from __future__ import annotations

import json
import secrets

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts import address_change, bp, services, signin
from stem.accounts.addresses import AddressError, parse_address
from stem.accounts.forms import (
    AddressCodeForm,
    CodeForm,
    ConfirmForm,
    ConsentForm,
    DeleteAccountForm,
    ProfileForm,
    SignInForm,
)
from stem.accounts.sessions import current_session_id, end_session, start_session
from stem.core.converters import parse_id
from stem.core.db import db
from stem.core.security import public, require_login
from stem.core.templating import safe_next
from stem.core.web import writes
from stem.extensions import limiter

REQUEST_KEY = "sign_in_request"


def _address_key() -> str:
    """Rate-limit key for the address typed in, so one address cannot be flooded.

    The address is normalised first: "06 12345678" and "+31612345678" are one phone.
    Input that is no address at all counts against the sender's IP instead.
    """
    try:
        channel, address = parse_address(request.form.get("address") or "")
    except AddressError:
        return "address-ip:" + (request.remote_addr or "")
    return f"address:{channel}:{address}"


def _sent_a_link(response) -> bool:
    """Only requests that may send a message count toward the sign-in limits."""
    return response.status_code == 303


def _finish_sign_in(user):
    start_session(user)
    target = safe_next(session.pop("next", None), url_for("core.home"))
    return redirect(target, code=303)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"], deduct_when=_sent_a_link)
@limiter.limit(
    "5 per 15 minutes", methods=["POST"], key_func=_address_key, deduct_when=_sent_a_link
)
def sign_in():
    """Ask for a sign-in link and code."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = SignInForm()
    if form.validate_on_submit():
        request_key = secrets.token_urlsafe(24)
        channel, address = form.parsed
        signin.request_sign_in(channel, address, request_key)
        session[REQUEST_KEY] = request_key
        session["sign_in_channel"] = form.parsed[0]
        return redirect(url_for("accounts.sign_in_code"), code=303)
    if request.args.get("next"):
        session["next"] = safe_next(request.args["next"])
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit("30 per hour", methods=["POST"])
def sign_in_code():
    """Type the code from the message, or follow the link in it."""
    if REQUEST_KEY not in session:
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        user = signin.use_code(session.get(REQUEST_KEY), form.code.data)
        if user is not None:
            session.pop(REQUEST_KEY, None)
            return _finish_sign_in(user)
        form.code.errors.append(
            _(
                "Deze code klopt niet of is verlopen. Controleer de code of vraag een nieuwe code aan."
            )
        )
    return render_template(
        "accounts/sign_in_code.html", form=form, channel=session.get("sign_in_channel", "email")
    )


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
@public
@limiter.limit("30 per hour", methods=["POST"])
def sign_in_link(token: str):
    """A link from a message. Opening it signs nobody in: only pressing Continue does."""
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        user = signin.use_link(token)
        if user is not None:
            return _finish_sign_in(user)
        return render_template("accounts/link_expired.html"), 410
    if signin.peek_link(token) is None:
        return render_template("accounts/link_expired.html"), 410
    return render_template("accounts/continue.html", form=form)


@bp.post("/sign-out")
@public
def sign_out():
    """Sign out this browser."""
    end_session()
    flash(_("Je bent uitgelogd."), "ok")
    return redirect(url_for("core.index"), code=303)


@bp.post("/account/sign-out-everywhere")
@require_login
def sign_out_everywhere():
    """End all sessions of this account, here and on other devices."""
    services.sign_out_everywhere(current_user)
    end_session()
    flash(_("Je bent uitgelogd op al je apparaten."), "ok")
    return redirect(url_for("core.index"), code=303)


@bp.route("/account", methods=["GET", "POST"])
@require_login
def account():
    """Your details, language, how we reach you, and consent."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        if services.address_taken(form.email.data or None, form.phone.data or None, exclude=user):
            form.email.errors.append(
                _(
                    "Dit e-mailadres of telefoonnummer hoort al bij een ander account. Gebruik een ander e-mailadres of telefoonnummer."
                )
            )
        else:
            # A new address counts once the code sent to it comes back (address_change).
            started = [
                change
                for channel, value in (("email", form.email.data), ("sms", form.phone.data))
                if (change := address_change.request_change(user, channel, value or None))
            ]
            services.update_profile(
                user,
                display_name=form.display_name.data,
                locale=form.locale.data,
                channel=form.channel.data,
            )
            if started:
                return redirect(url_for("accounts.account_confirm_address"), code=303)
            flash(_("Je wijzigingen zijn opgeslagen."), "ok")
            return redirect(url_for("accounts.account"), code=303)
    return render_template(
        "accounts/account.html",
        form=form,
        consent=services.active_consent(user),
        consent_form=ConsentForm(),
        confirm_form=ConfirmForm(),
        devices=services.devices(user),
        this_device=current_session_id(),
    )


@bp.route("/account/confirm-address", methods=["GET", "POST"])
@require_login
@limiter.limit("30 per hour", methods=["POST"])
def account_confirm_address():
    """Type the code sent to a new e-mail address or phone number."""
    user = current_user._get_current_object()
    form = AddressCodeForm()
    change_id = parse_id(form.change_id.data)
    if form.validate_on_submit() and change_id is not None:
        outcome = address_change.confirm_change(user, change_id, form.code.data)
        if outcome == "ok":
            flash(_("Je nieuwe gegevens zijn opgeslagen."), "ok")
        elif outcome == "wrong":
            form.code.errors.append(
                _("Deze code klopt niet of is verlopen. Controleer de code of vraag een nieuwe code aan.")
            )
        elif outcome == "taken":
            flash(
                _(
                    "Dit e-mailadres of telefoonnummer hoort al bij een ander account. Gebruik een ander e-mailadres of telefoonnummer."
                ),
                "error",
            )
        else:
            flash(_("Deze code werkt niet meer. Vul je nieuwe gegevens opnieuw in."), "error")
        if outcome != "wrong":
            return redirect(url_for("accounts.account_confirm_address"), code=303)
    changes = address_change.pending_changes(user)
    if not changes and request.method == "GET":
        return redirect(url_for("accounts.account"), code=303)
    return render_template(
        "accounts/confirm_address.html", form=form, changes=changes, mask=address_change.mask
    )


@bp.post("/account/devices/<int:session_id>/end")
@require_login
def account_end_device(session_id: int):
    """Sign out one of your other devices (a lost phone, a shared computer)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if not services.end_device_session(current_user._get_current_object(), session_id):
        abort(404)
    flash(_("Dat apparaat is uitgelogd."), "ok")
    return redirect(url_for("accounts.account", _anchor="devices-heading"), code=303)


@bp.post("/account/consent")
@require_login
def account_consent():
    """Give or withdraw consent for membership."""
    user = current_user._get_current_object()
    if request.form.get("action") == "withdraw":
        services.withdraw_consent(user)
        flash(_("Je hebt je toestemming ingetrokken."), "ok")
        return redirect(url_for("accounts.account"), code=303)
    form = ConsentForm()
    if form.validate_on_submit():
        services.give_consent(user)
        flash(_("Bedankt. Je toestemming is opgeslagen."), "ok")
    else:
        flash(_("Zet een vinkje als je akkoord gaat."), "error")
    return redirect(url_for("accounts.account"), code=303)


@bp.get("/account/my-data.json")
@require_login
@writes
def account_export():
    """Download everything Stem keeps about you."""
    data = services.export_data(current_user._get_current_object())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data-de-stem.json"'},
    )


@bp.get("/account/my-data")
@require_login
def account_data():
    """The same content as the download, as a page to read, in the person's language."""
    from stem.accounts.my_data import gather
    from stem.accounts.my_data_page import page_helpers

    user = current_user._get_current_object()
    return render_template("accounts/my_data.html", data=gather(user), **page_helpers())


@bp.route("/account/delete", methods=["GET", "POST"])
@require_login
def account_delete():
    """Delete your own account, after a confirmation."""
    user = current_user._get_current_object()
    if user.role == "admin":
        abort(403)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        services.delete_account(user)
        end_session()
        db.session.flush()
        flash(_("Je account en je gegevens zijn verwijderd."), "ok")
        return redirect(url_for("core.index"), code=303)
    return render_template("accounts/delete.html", form=form)
