"""An admin invites a translator with their languages; the translator signs in with link and code."""

from __future__ import annotations

import sqlalchemy as sa

from stem.accounts.models import User
from stem.core.db import db
from stem.notify.models import OutboxMessage
from stem.translation.services import languages_of
from tests.accounts.test_sign_in import CODE_RE, last_message, request_link
from tests.translation.desk_helpers import translator


def _invite(client, **fields):
    data = {
        "display_name": "Tolk",
        "email": "tolk@example.nl",
        "role": "translator",
        "organisation": "0",
        "locale": "nl",
        "channel": "email",
        **fields,
    }
    return client.post_form("/admin/users/invite", data)


def test_admin_invites_a_translator_with_languages(client, login_as):
    login_as("admin")
    page = client.get("/admin/users/invite")
    assert 'value="translator"' in page.text
    response = client.post_form(
        "/admin/users/invite",
        {
            "display_name": "Tolk",
            "email": "tolk@example.nl",
            "role": "translator",
            "organisation": "0",
            "locale": "nl",
            "channel": "email",
            "languages": ["ar", "ti"],
        },
    )
    assert response.status_code == 303
    user = db.session.scalar(sa.select(User).where(User.email == "tolk@example.nl"))
    assert user.role == "translator"
    assert languages_of(user) == {"ar", "ti"}
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.user_id == user.id))
    assert message.kind == "invitation"


def test_a_translator_needs_a_language(client, login_as):
    login_as("admin")
    response = _invite(client)
    assert response.status_code == 200
    assert "Choose at least one language" in response.text
    assert db.session.scalar(sa.select(User).where(User.email == "tolk@example.nl")) is None


def test_a_translator_signs_in_with_link_and_code_and_lands_on_the_queue(client):
    user = translator("ar", email="tolk@example.nl")
    db.session.commit()
    request_link(client, "tolk@example.nl")
    code = CODE_RE.search(last_message(user).body).group(1)
    assert client.post_form("/sign-in/code", {"code": code}).status_code == 303
    home = client.get("/home")
    assert home.headers["Location"].endswith("/translation")
    assert client.get("/translation").status_code == 200
