"""Sessions end when they should: sign-out everywhere, disabling, role change, timeouts."""

import time

from stem.core.db import db
from tests.factories import create_user


def test_sign_out_everywhere_ends_other_sessions(app, client, login_as):
    user = login_as("member")
    other = app.test_client_class(app)  # a second device
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with other.session_transaction() as sess:
        sess.update(
            {
                "_user_id": user.get_id(),
                "_fresh": True,
                "auth_at": time.time(),
                "seen_at": time.time(),
            }
        )
    assert other.get("/home").status_code == 200
    client.post_form("/account/sign-out-everywhere")
    assert other.get("/home").status_code == 302
    assert client.get("/home").status_code == 302


def test_disabling_an_account_ends_its_session_at_once(client, login_as):
    user = login_as("member")
    assert client.get("/home").status_code == 200
    user.disable()
    db.session.commit()
    assert client.get("/home").status_code == 302


def test_idle_timeout_is_shorter_for_staff(app, client, login_as):
    login_as("staff")
    idle = app.config["STAFF_IDLE"].total_seconds()
    with client.session_transaction() as sess:
        sess["seen_at"] = time.time() - idle - 5
    response = client.get("/home")
    assert response.status_code == 302
    page = client.get("/staff/sign-in").get_data(as_text=True)
    assert "You were signed out because you were away for a while" in page


def test_member_session_survives_the_staff_idle_time(app, client, login_as):
    login_as("member")
    with client.session_transaction() as sess:
        sess["seen_at"] = time.time() - app.config["STAFF_IDLE"].total_seconds() - 5
    assert client.get("/home").status_code == 200


def test_absolute_lifetime(app, client, login_as):
    login_as("member")
    with client.session_transaction() as sess:
        sess["auth_at"] = time.time() - app.config["MEMBER_MAX_AGE"].total_seconds() - 1
    assert client.get("/home").status_code == 302


def test_sign_in_starts_a_fresh_session(client):
    from tests.accounts.test_sign_in import LINK_RE, last_message, request_link

    member = create_user("member")
    db.session.commit()
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    request_link(client, member.email)
    client.post_form(LINK_RE.search(last_message(member).body).group(1))
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["_user_id"] == member.get_id()


def test_session_cookie_flags(client):
    response = client.get("/sign-in")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_new_secret_key_ends_sessions_unless_the_old_one_is_a_fallback(
    app, client, login_as, monkeypatch
):
    login_as("member")
    assert client.get("/home").status_code == 200
    old = app.config["SECRET_KEY"]
    monkeypatch.setitem(app.config, "SECRET_KEY", "a-new-secret-key-of-at-least-32-chars")
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", [old])
    assert client.get("/home").status_code == 200  # the old key opens it while it is a fallback
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", [])
    assert client.get("/home").status_code == 302  # signed with a retired key: not accepted
