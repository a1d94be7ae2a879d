"""Every action URL for every role: who may read, who may change, and nothing leaks.

Roles: a visitor, a member, a partner of the owning organisation, a partner of another
organisation, staff and an admin. A partner's action of another organisation is a 404
(as if it did not exist); a route for other roles a 403; a visitor is sent to sign in.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from stem.actions.models import Action, ActionEvent, ActionUpdate
from stem.actions.updates import UpdateText, post_update
from stem.core.db import db
from tests import factories
from tests.actions.helpers import create_action, form_data, update_data

ROLES = ("visitor", "member", "own_partner", "other_partner", "staff", "admin")


@pytest.fixture
def world(app):
    org, other = factories.create_organisation(), factories.create_organisation()
    staff = factories.create_user("staff")
    action = create_action(staff, owner_organisation=org, title="Geheime titel 7Q")
    partner = factories.create_user("partner", organisation=org)
    update = post_update(partner, action, happened_on=date(2027, 1, 4), next_on=None, public=True,
                         texts={"nl": UpdateText("Melding van de partner")})
    signal = factories.create_signal()
    db.session.commit()
    users = {
        "member": factories.create_user("member", locale="en"),
        "own_partner": partner,
        "other_partner": factories.create_user("partner", organisation=other, locale="en"),
        "staff": staff,
        "admin": factories.create_user("admin", locale="en"),
    }
    db.session.commit()
    return {"action": action, "update": update, "signal": signal, "users": users}


def _expected(role: str, allowed: set[str]) -> set[int]:
    if role == "visitor":
        return {302}
    if role in allowed:
        return {200, 303, 400}
    if role == "other_partner" and "own_partner" in allowed:
        return {404}  # the route is for partners, the action is not theirs
    return {403}


def _requests(world, token):
    a, u = world["action"].id, world["update"].id
    staff = world["users"]["staff"]
    everyone = {"own_partner", "staff", "admin"}
    staff_only = {"staff", "admin"}
    return [
        ("GET", "/actions", None, everyone | {"other_partner"}),
        ("GET", f"/actions/{a}", None, everyone),
        ("GET", "/actions/new", None, staff_only),
        ("GET", f"/actions/new?signal={world['signal'].id}", None, staff_only),
        ("GET", f"/actions/{a}/edit", None, staff_only),
        ("POST", f"/actions/{a}/updates", update_data(token), everyone),
        ("POST", f"/actions/{a}/links", {"csrf_token": token, "reference": world["signal"].reference,
                                         "commitment": "0", "round": "0", "question": "0"}, staff_only),
        ("POST", f"/actions/{a}/unlink", {"csrf_token": token, "kind": "signal",
                                          "target": str(world["signal"].id)}, staff_only),
        ("POST", f"/actions/{a}/updates/{u}/approve", {"csrf_token": token}, staff_only),
        ("POST", f"/actions/{a}/word-back/release", {"csrf_token": token}, staff_only),
        ("POST", f"/actions/{a}/edit", form_data(token, staff, title_nl="Overschreven",
                                                  version=str(world["action"].version)), staff_only),
        ("POST", "/actions/new", form_data(token, staff, title_nl="Nieuw van buiten"), staff_only),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_action_url_for_every_role(client, login_as, world, role):
    if role != "visitor":
        login_as(world["users"][role])
    token = client.csrf_token()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(ActionEvent))
    problems = []
    for method, url, data, allowed in _requests(world, token):
        response = client.open(url, method=method, data=data)
        if response.status_code not in _expected(role, allowed):
            problems.append(f"{role} {method} {url}: {response.status_code}")
        sees = role in ("own_partner", "staff", "admin")
        if not sees and "Geheime titel 7Q" in response.get_data(as_text=True):
            problems.append(f"{role} {method} {url}: shows the action")
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    changed = db.session.scalar(sa.select(sa.func.count()).select_from(ActionEvent)) != before
    # Only staff change an action; the owning partner only adds an update.
    if role in ("staff", "admin"):
        assert changed
    elif role == "own_partner":
        kinds = set(db.session.scalars(sa.select(ActionEvent.kind).where(ActionEvent.id > 0)))
        assert kinds <= {"created", "update"}
        assert db.session.get(ActionUpdate, world["update"].id).state == "submitted"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 1
    else:
        assert not changed
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionUpdate)) == 1
