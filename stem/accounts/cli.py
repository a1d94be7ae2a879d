"""`stem users create|disable|list`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from stem.accounts import services
from stem.accounts.addresses import AddressError, normalise_email, normalise_phone
from stem.accounts.models import Organisation, User
from stem.accounts.signin import hash_password
from stem.core.db import db
from stem.core.i18n import LOCALE_CODES
from stem.core.security import ROLES


@click.group("users")
def users_cli() -> None:
    """Manage accounts."""


@users_cli.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--email")
@click.option("--phone")
@click.option("--name", "display_name", default="")
@click.option("--locale", type=click.Choice(LOCALE_CODES), default="nl")
@click.option("--organisation", help="name of the partner organisation (created if new)")
@click.option("--password", is_flag=True, help="prompt for a password (staff and admins)")
@click.option("--invite", is_flag=True, help="send the invitation through the outbox")
@with_appcontext
def create_command(role, email, phone, display_name, locale, organisation, password, invite):
    """Create an account."""
    try:
        email = normalise_email(email) if email else None
        phone = normalise_phone(phone) if phone else None
    except AddressError as exc:
        raise click.BadParameter(str(exc)) from exc
    if services.address_taken(email, phone):
        raise click.ClickException("another account uses this e-mail address or phone number")
    org = None
    if organisation:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = Organisation(name=organisation)
            db.session.add(org)
    pw_hash = None
    if password:
        pw_hash = hash_password(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    fields = dict(
        role=role,
        email=email,
        phone=phone,
        display_name=display_name,
        locale=locale,
        channel="email" if email else "sms",
        organisation=org,
        password_hash=pw_hash,
    )
    try:
        user = services.invite_user(None, **fields) if invite else services.create_user(**fields)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"created user {user.id} ({role})")


@users_cli.command("disable")
@click.argument("user_id", type=int)
@with_appcontext
def disable_command(user_id):
    """Disable an account; its sessions end at once."""
    user = db.session.get(User, user_id)
    if user is None:
        raise click.ClickException(f"no user {user_id}")
    user.disable()
    from stem.core.audit import audit

    audit("user.disable", user)
    db.session.commit()
    click.echo(f"disabled user {user_id}")


@users_cli.command("list")
@click.option("--role", type=click.Choice(ROLES))
@with_appcontext
def list_command(role):
    """List accounts (id, role, active, language)."""
    query = sa.select(User).order_by(User.id)
    if role:
        query = query.where(User.role == role)
    for user in db.session.scalars(query):
        state = "active" if user.active else "disabled"
        click.echo(f"{user.id:>5}  {user.role:<8} {state:<9} {user.locale}")
