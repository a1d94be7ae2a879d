"""Sessions end when they should: sign-out, sign-out everywhere, disabling, timeouts.

Sessions live on the server (a row per signed-in device); the cookie holds only its key.
"""

from datetime import timedelta

import sqlalchemy as sa

from stem.accounts.models import UserSession
from stem.core.db import db
from tests.conftest import sign_in_session
from tests.factories import create_user


def _device(client) -> UserSession:
    from stem.accounts import tokens
    from stem.accounts.sessions import SESSION_KEY

    with client.session_transaction() as sess:
        key_hash = tokens.hash_token(sess[SESSION_KEY])
    return db.session.scalar(sa.select(UserSession).where(UserSession.key_hash == key_hash))




def test_sign_out_everywhere_ends_other_sessions(app, client, login_as):
    user = login_as("member")
    other = app.test_client_class(app)  # a second device
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with other.session_transaction() as sess:
        sign_in_session(sess, user)
    db.session.commit()
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
    device = _device(client)
    device.last_seen_at -= timedelta(seconds=idle + 5)
    db.session.commit()
    with client.session_transaction() as sess:
        sess["seen_at"] -= idle + 5
    response = client.get("/home")
    assert response.status_code == 302
    page = client.get("/staff/sign-in").get_data(as_text=True)
    assert "You were signed out because you were away for a while" in page


def test_member_session_survives_the_staff_idle_time(app, client, login_as):
    login_as("member")
    away = app.config["STAFF_IDLE"].total_seconds() + 5
    device = _device(client)
    device.last_seen_at -= timedelta(seconds=away)
    db.session.commit()
    with client.session_transaction() as sess:
        sess["seen_at"] -= away
    assert client.get("/home").status_code == 200


def test_absolute_lifetime(app, client, login_as):
    login_as("member")
    device = _device(client)
    device.created_at -= app.config["MEMBER_MAX_AGE"] + timedelta(seconds=1)
    db.session.commit()
    with client.session_transaction() as sess:
        sess["expires_at"] -= app.config["MEMBER_MAX_AGE"].total_seconds() + 1
    assert client.get("/home").status_code == 302
    assert db.session.get(UserSession, device.id) is None  # the expired row is gone


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


def test_a_copied_cookie_stops_working_after_sign_out(app, client, login_as):
    login_as("member")
    copy = app.test_client_class(app)
    copy.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with client.session_transaction() as original, copy.session_transaction() as stolen:
        stolen.update(dict(original))
    assert copy.get("/home").status_code == 200  # the copy works while the session lives
    client.post_form("/sign-out")
    assert client.get("/home").status_code == 302
    assert copy.get("/home").status_code == 302  # ... and not a moment after sign-out


def test_a_copied_staff_cookie_stops_working_after_sign_out(app, client, login_as):
    login_as("staff")
    copy = app.test_client_class(app)
    with client.session_transaction() as original, copy.session_transaction() as stolen:
        stolen.update(dict(original))
    client.post_form("/sign-out")
    assert copy.get("/home").status_code == 302


def test_people_see_their_devices_and_can_end_one(app, client, login_as):
    user = login_as("member")
    phone = app.test_client_class(app)
    phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    phone.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
    )
    with phone.session_transaction() as sess:
        sign_in_session(sess, user)
    db.session.commit()
    devices = db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id)).all()
    assert len(devices) == 2
    page = client.get("/account").get_data(as_text=True)
    assert "This device" in page
    other = next(d for d in devices if d.id != _device(client).id)
    response = client.post_form(f"/account/devices/{other.id}/end")
    assert response.status_code == 303
    assert phone.get("/home").status_code == 302  # the other device is signed out
    assert client.get("/home").status_code == 200  # this one is not


def test_nobody_ends_another_persons_session(app, client, login_as):
    someone = create_user("member")
    db.session.flush()
    stranger = app.test_client_class(app)
    with stranger.session_transaction() as sess:
        sign_in_session(sess, someone)
    db.session.commit()
    theirs = db.session.scalar(sa.select(UserSession).where(UserSession.user_id == someone.id))
    login_as("member")
    assert client.post_form(f"/account/devices/{theirs.id}/end").status_code == 404
    assert stranger.get("/home").status_code == 200
