"""Members manage their own profile, consent and data."""

import json

import sqlalchemy as sa

from stem.accounts.models import User
from stem.core.db import db
from stem.core.models import AuditEvent
from tests.accounts.test_address_change import confirm_new_address
from tests.factories import create_user


def test_profile_update_normalises_phone(client, login_as):
    user = login_as("member")
    response = client.post_form(
        "/account",
        {
            "display_name": "Amal",
            "email": user.email,
            "phone": "06-12 34 56 79",
            "locale": "ar",
            "channel": "sms",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/confirm-address"
    db.session.refresh(user)
    assert user.phone is None  # not before the code sent to it comes back
    assert user.locale == "ar"
    confirm_new_address(client, "+31612345679")
    db.session.refresh(user)
    assert user.phone == "+31612345679"
    assert user.channel == "sms" or user.email  # sms once the number is confirmed


def test_sms_channel_needs_a_phone(client, login_as):
    user = login_as("member")
    response = client.post_form(
        "/account", {"email": user.email, "phone": "", "locale": "nl", "channel": "sms"}
    )
    assert "Fill in a mobile number to get messages by SMS." in response.get_data(as_text=True)


def test_profile_refuses_someone_elses_address(client, login_as):
    create_user("member", email="other@example.nl")
    user = login_as("member")
    response = client.post_form(
        "/account", {"email": "other@example.nl", "locale": "nl", "channel": "email"}
    )
    assert "Another account uses this e-mail address" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email != "other@example.nl"


def test_consent_give_and_withdraw_keeps_history(client, login_as):
    user = login_as("member", locale="ti")
    client.post_form("/account/consent", {"agree": "y"})
    page = client.get("/account")
    assert page.status_code == 200
    assert 'value="withdraw"' in page.get_data(as_text=True)
    db.session.refresh(user)
    assert [(c.purpose, c.locale, c.active) for c in user.consents] == [("membership", "ti", True)]
    client.post_form("/account/consent", {"action": "withdraw"})
    db.session.refresh(user)
    assert len(user.consents) == 1
    assert not user.consents[0].active


def test_download_my_data_is_json_and_audited(client, login_as):
    user = login_as("member", display_name="Olena", locale="uk")
    response = client.get("/account/my-data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["display_name"] == "Olena"
    assert data["account"]["language"] == "uk"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.export"))
    assert event.actor_id == user.id


def test_delete_my_account(client, login_as):
    user = login_as("member")
    user_id = user.id
    unconfirmed = client.post_form("/account/delete", {})
    assert "Tick the box if you are sure." in unconfirmed.get_data(as_text=True)
    response = client.post_form("/account/delete", {"confirm": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert client.get("/home").status_code == 302
    assert (
        db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.delete"))
        is not None
    )
