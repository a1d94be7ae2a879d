"""What the action pages share: loading with access checks, choices, and the detail page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stem.accounts.models import Organisation, User
from stem.actions import access, wording
from stem.actions.forms import OTHER_LOCALES, ApproveForm, LinkForm, UnlinkForm, UpdateForm
from stem.actions.models import Action, ActionUpdate
from stem.actions.queries import today
from stem.commitments.models import Commitment
from stem.core.db import db
from stem.core.i18n import BY_CODE
from stem.signals.access import can_see as can_see_signal
from stem.surveys.models import Round
from stem.surveys.texts import question_text


def actor() -> User:
    """The signed-in user, as the services want it (not Flask-Login's proxy)."""
    return current_user._get_current_object()


def locale() -> str:
    return str(get_locale())


def load_action(action_id: int) -> Action:
    """The action, or 404 when it does not exist or this user may not see it."""
    action = db.session.get(Action, action_id)
    if not access.can_see(current_user, action):
        abort(404)
    return action


def load_update(action: Action, update_id: int) -> ActionUpdate:
    update = db.session.get(ActionUpdate, update_id)
    if update is None or update.action_id != action.id:
        abort(404)
    return update


def staff_choices() -> list[tuple[int, str]]:
    users = db.session.scalars(
        sa.select(User)
        .where(User.role.in_(("staff", "admin")), User.active.is_(True))
        .order_by(User.display_name, User.id)
    )
    return [(u.id, u.display_name or u.email or str(u.id)) for u in users]


def organisation_choices(first: str, keep: int | None = None) -> list[tuple[int, str]]:
    """Active organisations, and `keep` (an action's current owner) even when inactive."""
    orgs = db.session.scalars(
        sa.select(Organisation)
        .where(sa.or_(Organisation.active.is_(True), Organisation.id == (keep or 0)))
        .order_by(Organisation.name)
    )
    return [(0, first)] + [(o.id, o.name) for o in orgs]


def parent_choices(first: str, exclude: Action | None = None) -> list[tuple[int, str]]:
    rows = db.session.scalars(sa.select(Action).order_by(Action.id))
    return [(0, first)] + [
        (a.id, a.title_nl) for a in rows if exclude is None or a.id != exclude.id
    ]


def commitment_choices(first: str) -> list[tuple[int, str]]:
    rows = db.session.scalars(sa.select(Commitment).order_by(Commitment.code))
    return [(0, first)] + [(c.id, f"{c.code} {c.title}") for c in rows]


def round_choices(first: str) -> list[tuple[int, str]]:
    rows = db.session.scalars(sa.select(Round).order_by(Round.period.desc()).limit(36))
    return [(0, first)] + [(r.id, r.period) for r in rows]


def question_choices(first: str) -> list[tuple[int, str]]:
    """Questions of the recent rounds, labelled with the round, for the link form."""
    choices = [(0, first)]
    seen = set()
    for round_ in db.session.scalars(sa.select(Round).order_by(Round.period.desc()).limit(12)):
        for question in round_.survey.questions:
            if question.id in seen:
                continue
            seen.add(question.id)
            text = question_text(question, locale()).text
            choices.append((question.id, f"{round_.period} · {question.position}. {text[:80]}"))
    return choices


def language_name(code: str) -> str:
    return BY_CODE[code].native_name


def render_detail(action: Action, *, status: int = 200, **given):
    """The page of one action; `given` forms keep what the person typed."""
    user = actor()
    update_form = given.get("update_form") or UpdateForm(formdata=None)
    link_form = given.get("link_form")
    if link_form is None and access.can_edit(user):
        link_form = LinkForm(formdata=None)
        link_form.commitment.choices = commitment_choices(_("Geen toezegging"))
        link_form.round.choices = round_choices(_("Geen ronde"))
        link_form.question.choices = question_choices(_("De hele ronde"))
    updates = [
        u for u in action.updates if access.can_edit(user) or u.state == "approved"
        or u.author_id == user.id
    ]
    return render_template(
        "actions/detail.html",
        action=action,
        locale=locale(),
        labels=wording,
        overdue=action.is_overdue(today()),
        can_edit=access.can_edit(user),
        can_update=access.can_post_update(user, action) and action.status != "stopped",
        update_form=update_form,
        link_form=link_form,
        unlink_form=UnlinkForm(formdata=None),
        approve_form=ApproveForm(formdata=None),
        updates=updates,
        signals=[s for s in action.signals if can_see_signal(user, s)],
        other_locales=OTHER_LOCALES,
        language_name=language_name,
        question_text=question_text,
        has_errors=any(f.errors for f in given.values() if f is not None),
    ), status
