"""A new e-mail address or phone number counts only once the code sent to it comes back,
and the old address is told: an open session on a shared phone cannot take over sign-in."""

from __future__ import annotations

import re

import sqlalchemy as sa

from stem.accounts.models import AddressChange
from stem.core.db import db
from stem.notify.models import OutboxMessage
from tests.factories import create_user

CODE_RE = re.compile(r"\b(\d{6})\b")


def _messages_to(recipient: str) -> list[OutboxMessage]:
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id)
    ))


def confirm_new_address(client, recipient: str):
    """Type the code from the newest message to `recipient` on the confirmation page."""
    code = CODE_RE.search(_messages_to(recipient)[-1].body).group(1)
    change = db.session.scalar(sa.select(AddressChange).where(AddressChange.new_address == recipient))
    return client.post_form("/account/confirm-address", {"change_id": str(change.id), "code": code})


def _change_email(client, user, new_email):
    return client.post_form(
        "/account", {"email": new_email, "phone": user.phone or "", "locale": "en", "channel": "email"}
    )


def test_a_new_email_address_needs_the_code_sent_to_it(client, login_as):
    user = login_as("member", email="old@example.nl")
    response = _change_email(client, user, "New@Example.nl")
    assert response.headers["Location"] == "/account/confirm-address"
    db.session.refresh(user)
    assert user.email == "old@example.nl"
    page = client.get("/account/confirm-address").get_data(as_text=True)
    assert "new@example.nl" in page
    # The old address hears of it, without learning the whole new one.
    [notice] = _messages_to("old@example.nl")
    assert notice.kind == "address_notice"
    assert "new@example.nl" not in notice.body
    assert "n•••@example.nl" in notice.body
    done = confirm_new_address(client, "new@example.nl")
    assert done.status_code == 303
    db.session.refresh(user)
    assert user.email == "new@example.nl"
    assert len(_messages_to("old@example.nl")) == 2  # "your address was changed"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AddressChange)) == 0


def test_a_wrong_code_changes_nothing_and_five_wrong_codes_end_the_change(client, login_as):
    user = login_as("member", email="old@example.nl")
    _change_email(client, user, "thief@example.nl")
    change = db.session.scalar(sa.select(AddressChange))
    real = CODE_RE.search(_messages_to("thief@example.nl")[-1].body).group(1)
    wrong = f"{(int(real) + 1) % 1000000:06d}"
    first = client.post_form("/account/confirm-address", {"change_id": str(change.id), "code": wrong})
    assert "This code is not correct" in first.get_data(as_text=True)
    for _ in range(5):
        client.post_form("/account/confirm-address", {"change_id": str(change.id), "code": wrong})
    client.post_form("/account/confirm-address", {"change_id": str(change.id), "code": real})
    db.session.refresh(user)
    assert user.email == "old@example.nl"


def test_nobody_confirms_another_persons_change(client, login_as):
    victim = create_user("member", email="victim@example.nl")
    db.session.commit()
    login_as(victim)
    _change_email(client, victim, "mine@example.nl")
    change = db.session.scalar(sa.select(AddressChange))
    code = CODE_RE.search(_messages_to("mine@example.nl")[-1].body).group(1)
    login_as("member")  # someone else
    client.post_form("/account/confirm-address", {"change_id": str(change.id), "code": code})
    db.session.refresh(victim)
    assert victim.email == "victim@example.nl"


def test_a_phone_number_in_persian_digits_is_confirmed(client, login_as):
    user = login_as("member", email="amal@example.nl", locale="fa_AF")
    client.post_form("/account", {"email": user.email, "phone": "0612345670", "locale": "fa_AF",
                                  "channel": "email"})
    [code_message] = [m for m in _messages_to("+31612345670") if m.kind == "address_code"]
    code = CODE_RE.search(code_message.body).group(1).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    change = db.session.scalar(sa.select(AddressChange))
    client.post_form("/account/confirm-address", {"change_id": str(change.id), "code": code})
    db.session.refresh(user)
    assert user.phone == "+31612345670"


def test_bad_change_ids_get_a_page_not_an_error(client, login_as):
    login_as("member")
    for value in ("", "abc", "99999999999999999999", "²", "-1"):
        response = client.post_form("/account/confirm-address", {"change_id": value, "code": "123456"})
        assert response.status_code in (200, 303)
