"""Admins invite people, change roles, disable accounts and manage organisations."""

import sqlalchemy as sa

from stem.accounts.models import Organisation, User
from stem.core.db import db
from stem.core.models import AuditEvent
from stem.notify.models import OutboxMessage
from tests.factories import create_organisation, create_user


def test_invite_member_sends_invitation_in_their_language(client, login_as):
    login_as("admin")
    response = client.post_form(
        "/admin/users/invite",
        {
            "display_name": "Hodan",
            "phone": "06 1234 5670",
            "role": "member",
            "organisation": "0",
            "locale": "so",
            "channel": "sms",
        },
    )
    assert response.status_code == 303
    user = db.session.scalar(sa.select(User).where(User.phone == "+31612345670"))
    assert user.role == "member"
    assert user.locale == "so"
    assert user.profile is not None
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.user_id == user.id))
    assert message.channel == "sms"
    assert message.kind == "invitation"
    assert message.locale == "so"


def test_invite_staff_sends_setup_link_that_sets_a_password(client, login_as):
    login_as("admin")
    client.post_form(
        "/admin/users/invite",
        {
            "display_name": "Eva",
            "email": "eva@utrecht.example",
            "role": "staff",
            "organisation": "0",
            "locale": "nl",
            "channel": "email",
        },
    )
    staff = db.session.scalar(sa.select(User).where(User.email == "eva@utrecht.example"))
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.user_id == staff.id))
    assert message.kind == "setup"
    assert message.sensitive
    path = "/staff/set-password/" + message.body.split("/staff/set-password/")[1].split()[0]
    client.post_form("/sign-out")
    short = client.post_form(path, {"password": "short", "confirm": "short"})
    assert "Use at least 12 characters." in short.get_data(as_text=True)
    done = client.post_form(
        path, {"password": "a long enough password", "confirm": "a long enough password"}
    )
    assert done.status_code == 303
    db.session.refresh(staff)
    assert staff.password_hash
    assert staff.password_hash.startswith("$argon2")
    assert client.get(path).status_code == 410  # single use


def test_invite_refuses_a_taken_address(client, login_as):
    login_as("admin")
    create_user("member", email="taken@example.nl")
    db.session.commit()
    response = client.post_form(
        "/admin/users/invite",
        {
            "email": "Taken@example.nl",
            "role": "member",
            "organisation": "0",
            "locale": "nl",
            "channel": "email",
        },
    )
    assert response.status_code == 200
    assert "Another account uses this e-mail address" in response.get_data(as_text=True)


def test_partner_needs_an_organisation(client, login_as):
    login_as("admin")
    response = client.post_form(
        "/admin/users/invite",
        {
            "email": "p@example.nl",
            "role": "partner",
            "organisation": "0",
            "locale": "nl",
            "channel": "email",
        },
    )
    assert "A partner account needs an organisation." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "p@example.nl")) is None


def test_forged_organisation_id_is_refused(client, login_as):
    login_as("admin")
    response = client.post_form(
        "/admin/users/invite",
        {
            "email": "p@example.nl",
            "role": "partner",
            "organisation": "99999",
            "locale": "nl",
            "channel": "email",
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(sa.select(User).where(User.email == "p@example.nl")) is None


def test_role_change_is_audited_and_ends_sessions(client, login_as):
    admin = login_as("admin")
    member = create_user("member")
    org = create_organisation()
    db.session.commit()
    version = member.session_version
    response = client.post_form(
        f"/admin/users/{member.id}", {"role": "partner", "organisation": str(org.id)}
    )
    assert response.status_code == 303
    db.session.refresh(member)
    assert member.role == "partner"
    assert member.organisation_id == org.id
    assert member.session_version == version + 1
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.role_change"))
    assert event.actor_id == admin.id
    assert event.details == {"old": "member", "new": "partner"}


def test_admin_cannot_demote_or_disable_themselves(client, login_as):
    admin = login_as("admin")
    response = client.post_form(f"/admin/users/{admin.id}", {"role": "member", "organisation": "0"})
    assert "You cannot change your own role." in response.get_data(as_text=True)
    client.post_form(f"/admin/users/{admin.id}/active", {"active": "0"})
    db.session.refresh(admin)
    assert admin.active


def test_disable_and_enable(client, login_as):
    login_as("admin")
    member = create_user("member")
    db.session.commit()
    client.post_form(f"/admin/users/{member.id}/active", {"active": "0"})
    db.session.refresh(member)
    assert not member.active
    assert member.profile.left_on is not None
    client.post_form(f"/admin/users/{member.id}/active", {"active": "1"})
    db.session.refresh(member)
    assert member.active


def test_user_list_search_and_htmx_partial(client, login_as):
    login_as("admin")
    create_user("member", display_name="Zahra Findme")
    db.session.commit()
    full = client.get("/admin/users?q=findme").get_data(as_text=True)
    assert "Zahra Findme" in full
    assert "<html" in full
    partial = client.get("/admin/users?q=findme", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "Zahra Findme" in partial
    assert "<html" not in partial
    assert "Zahra" not in client.get("/admin/users?q=nobody-like-this").get_data(as_text=True)
    assert client.get("/admin/users?page=abc&role=bogus").status_code == 200


def test_organisations_add_and_rename(client, login_as):
    login_as("admin")
    client.post_form(
        "/admin/organisations", {"name": "Taalhuis Zuid", "kind": "language school", "active": "y"}
    )
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Taalhuis Zuid"))
    assert org is not None
    dup = client.post_form("/admin/organisations", {"name": "Taalhuis Zuid", "active": "y"})
    assert "An organisation with this name exists already." in dup.get_data(as_text=True)
    client.post_form(
        f"/admin/organisations/{org.id}", {"name": "Taalhuis Utrecht Zuid", "kind": ""}
    )
    db.session.refresh(org)
    assert org.name == "Taalhuis Utrecht Zuid"
    assert not org.active


def test_a_partners_organisation_is_preselected_and_saving_unchanged_works(client, login_as):
    import re

    organisation = create_organisation(name="Vluchtelingenwerk Utrecht")
    partner = create_user("partner", organisation=organisation)
    login_as("admin")
    page = client.get(f"/admin/users/{partner.id}").get_data(as_text=True)
    assert page.count("Vluchtelingenwerk Utrecht") >= 2  # in the summary and the select
    selected = re.search(r'<option[^>]*selected[^>]*value="(\d+)"|<option[^>]*value="(\d+)"[^>]*selected', page)
    assert selected is not None
    assert int(selected.group(1) or selected.group(2)) == organisation.id
    response = client.post_form(
        f"/admin/users/{partner.id}", {"role": "partner", "organisation": str(organisation.id)}
    )
    assert response.status_code == 303
    db.session.refresh(partner)
    assert partner.organisation_id == organisation.id
