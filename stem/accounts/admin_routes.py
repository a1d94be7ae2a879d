"""Admin screens: users (invite, role, disable) and partner organisations."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts import bp, services
from stem.accounts.forms import (
    ConfirmForm,
    InviteForm,
    OrganisationForm,
    UserEditForm,
    organisation_choices,
)
from stem.accounts.models import Organisation, User
from stem.core.db import db
from stem.core.htmx import render_page
from stem.core.pagination import paginate
from stem.core.security import ROLES, require_role
from stem.translation.services import set_languages

admin_only = require_role("admin")


def _organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))


def _get_user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/admin/users")
@admin_only
def admin_users():
    """All accounts, searchable and filtered by role."""
    role = request.args.get("role", "")
    q = request.args.get("q", "").strip()[:100]
    query = sa.select(User).options(sa.orm.selectinload(User.organisation)).order_by(User.id)
    if role in ROLES:
        query = query.where(User.role == role)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.display_name).like(like),
                sa.func.lower(User.email).like(like),
                User.phone.like(f"%{q}%"),
            )
        )
    page = paginate(query, request.args.get("page", 1))
    return render_page(
        "accounts/admin_users.html", block="results", page=page, role=role, q=q, roles=ROLES
    )


@bp.route("/admin/users/invite", methods=["GET", "POST"])
@admin_only
def admin_invite():
    """Create an account and send an invitation."""
    form = InviteForm()
    form.organisation.choices = organisation_choices(_organisations())
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data or 0)
        if services.address_taken(form.email.data or None, form.phone.data or None):
            form.email.errors.append(
                _("Dit e-mailadres of telefoonnummer hoort al bij een ander account.")
            )
        elif not (form.email.data or form.phone.data):
            form.email.errors.append(_("Vul een e-mailadres of een mobiel nummer in."))
        else:
            try:
                user = services.invite_user(
                    current_user,
                    role=form.role.data,
                    email=form.email.data or None,
                    phone=form.phone.data or None,
                    display_name=form.display_name.data,
                    locale=form.locale.data,
                    channel=form.channel.data,
                    organisation=organisation,
                )
            except services.AccountError as exc:
                form.role.errors.append(str(exc))
            else:
                if user.role == "translator":
                    set_languages(user, form.languages.data)
                flash(_("De uitnodiging is verstuurd."), "ok")
                return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)
    return render_template("accounts/admin_invite.html", form=form)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def admin_user(user_id: int):
    """One account: change role and organisation."""
    user = _get_user(user_id)
    form = UserEditForm(obj=user)
    form.organisation.choices = organisation_choices(_organisations())
    if not form.is_submitted():
        # `obj` would give the select the Organisation itself, which matches no choice: the
        # page then showed "no organisation", and saving a partner unchanged failed.
        form.organisation.data = user.organisation_id or 0
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data or 0)
        try:
            services.change_role(current_user, user, form.role.data, organisation)
        except services.AccountError as exc:
            form.role.errors.append(str(exc))
        else:
            flash(_("De wijzigingen zijn opgeslagen."), "ok")
            return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)
    return render_template(
        "accounts/admin_user.html", user=user, form=form, confirm_form=ConfirmForm()
    )


@bp.post("/admin/users/<int:user_id>/active")
@admin_only
def admin_user_active(user_id: int):
    """Disable or enable an account."""
    user = _get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.set_active(current_user, user, request.form.get("active") == "1")
    except services.AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(
            _("Het account is ingeschakeld.")
            if user.active
            else _("Het account is uitgeschakeld."),
            "ok",
        )
    return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)


@bp.post("/admin/users/<int:user_id>/setup-link")
@admin_only
def admin_user_setup_link(user_id: int):
    """Send staff a new link to choose a password (and set up the app again)."""
    user = _get_user(user_id)
    if not user.is_staff or not ConfirmForm().validate_on_submit():
        abort(400)
    from stem.accounts.signin import send_setup_link

    send_setup_link(user)
    flash(_("Er is een nieuwe activeringslink verstuurd."), "ok")
    return redirect(url_for("accounts.admin_user", user_id=user.id), code=303)


@bp.route("/admin/organisations", methods=["GET", "POST"])
@admin_only
def admin_organisations():
    """Partner organisations: list and add."""
    form = OrganisationForm()
    if form.validate_on_submit():
        if db.session.scalar(sa.select(Organisation.id).where(Organisation.name == form.name.data)):
            form.name.errors.append(_("Er is al een organisatie met deze naam."))
        else:
            db.session.add(
                Organisation(name=form.name.data, kind=form.kind.data, active=form.active.data)
            )
            flash(_("De organisatie is toegevoegd."), "ok")
            return redirect(url_for("accounts.admin_organisations"), code=303)
    counts = dict(
        db.session.execute(
            sa.select(User.organisation_id, sa.func.count()).group_by(User.organisation_id)
        ).all()
    )
    return render_template(
        "accounts/admin_organisations.html",
        form=form,
        organisations=_organisations(),
        counts=counts,
    )


@bp.route("/admin/organisations/<int:organisation_id>", methods=["GET", "POST"])
@admin_only
def admin_organisation(organisation_id: int):
    """Rename or deactivate an organisation."""
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        clash = db.session.scalar(
            sa.select(Organisation.id).where(
                Organisation.name == form.name.data, Organisation.id != organisation.id
            )
        )
        if clash:
            form.name.errors.append(_("Er is al een organisatie met deze naam."))
        else:
            form.populate_obj(organisation)
            flash(_("De wijzigingen zijn opgeslagen."), "ok")
            return redirect(url_for("accounts.admin_organisations"), code=303)
    return render_template("accounts/admin_organisation.html", form=form, organisation=organisation)
