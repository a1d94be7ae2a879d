"""Members and partners sign in with a link or a code; staff with a password and TOTP."""

import re
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from stem.accounts.models import LoginToken, RecoveryCode
from stem.core.db import db, utcnow
from stem.core.models import AuditEvent
from stem.notify.models import OutboxMessage
from tests.factories import PASSWORD, create_user
from tests.notify.conftest import mail_outbox  # noqa: F401 - the fixture

LINK_RE = re.compile(r"http://localhost(/sign-in/link/[A-Za-z0-9_\-]+)")
CODE_RE = re.compile(r"\b(\d{6})\b")


def last_message(user) -> OutboxMessage:
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.user_id == user.id)
        .order_by(OutboxMessage.id.desc())
    ).first()


def request_link(client, address):
    """Ask for a link and code, and let the sign-in job answer (delivery left pending)."""
    from stem.accounts.jobs import answer_sign_in_requests

    response = client.post_form("/sign-in", {"address": address})
    answer_sign_in_requests(deliver=False)
    return response


def test_link_request_queues_message_in_members_language(client):
    member = create_user("member", email="amal@example.nl", locale="ar")
    db.session.commit()
    response = request_link(client, "  Amal@Example.nl ")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/sign-in/code")
    message = last_message(member)
    assert message.channel == "email"
    assert message.recipient == "amal@example.nl"
    assert message.locale == "ar"
    assert message.sensitive
    assert LINK_RE.search(message.body)
    assert CODE_RE.search(message.body)
    token = db.session.scalar(sa.select(LoginToken).where(LoginToken.user_id == member.id))
    # Only hashes are stored: neither the link token nor the code appears in the row.
    assert LINK_RE.search(message.body).group(1).rsplit("/", 1)[1] not in (
        token.token_hash,
        token.code_hash,
    )


def test_sms_member_gets_link_by_sms(client):
    member = create_user("member", email=None, phone="+31612345678", channel="sms", locale="ti")
    db.session.commit()
    request_link(client, "06 1234 5678")
    message = last_message(member)
    assert message.channel == "sms"
    assert message.recipient == "+31612345678"


def test_unknown_address_gets_the_same_answer_and_no_message(client):
    known = create_user("member", email="known@example.nl")
    db.session.commit()
    r1 = request_link(client, "known@example.nl")
    r2 = request_link(client, "nobody@example.nl")
    assert r1.status_code == r2.status_code == 303
    assert r1.headers["Location"] == r2.headers["Location"]
    page1 = client.get("/sign-in/code").get_data(as_text=True)
    assert "If De Stem knows this address" in page1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
    assert last_message(known) is not None


def test_invalid_address_gets_a_clear_message(client):
    response = request_link(client, "not an address")
    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.nl" in response.get_data(as_text=True)


def test_opening_the_link_does_not_sign_in_or_burn_it(client):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    path = LINK_RE.search(last_message(member).body).group(1)
    other = client.application.test_client()  # a mail scanner: another browser
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for _ in range(3):
        page = other.get(path)
        assert page.status_code == 200
        assert "Continue" in page.get_data(as_text=True)
    assert client.get("/home").status_code == 302  # still signed out
    response = client.post_form(path)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/home")
    assert client.get("/home").status_code == 200


def test_link_is_single_use(client):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    path = LINK_RE.search(last_message(member).body).group(1)
    assert client.post_form(path).status_code == 303
    client.post_form("/sign-out")
    again = client.post_form(path)
    assert again.status_code == 410
    assert "This link does not work any more" in again.get_data(as_text=True)


def test_new_link_invalidates_older_ones(client):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    first = LINK_RE.search(last_message(member).body).group(1)
    request_link(client, member.email)
    assert client.get(first).status_code == 410


def test_expired_link_is_refused(client):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    path = LINK_RE.search(last_message(member).body).group(1)
    db.session.execute(sa.update(LoginToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.post_form(path).status_code == 410


def test_code_signs_in_only_in_the_requesting_browser(client, app):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    code = CODE_RE.search(last_message(member).body).group(1)
    wrong = client.post_form("/sign-in/code", {"code": "000000" if code != "000000" else "111111"})
    assert "This code is not correct" in wrong.get_data(as_text=True)
    response = client.post_form("/sign-in/code", {"code": code})
    assert response.status_code == 303
    assert client.get("/home").status_code == 200


def test_code_is_blocked_after_five_wrong_attempts(client):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    code = CODE_RE.search(last_message(member).body).group(1)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(5):
        client.post_form("/sign-in/code", {"code": wrong})
    response = client.post_form("/sign-in/code", {"code": code})
    assert response.status_code == 200  # the right code no longer works
    assert client.get("/home").status_code == 302


def test_staff_cannot_use_links(client):
    staff = create_user("staff")
    db.session.commit()
    request_link(client, staff.email)
    assert last_message(staff) is None


def test_disabled_member_gets_no_link(client):
    member = create_user("member")
    member.disable()
    db.session.commit()
    request_link(client, member.email)
    assert last_message(member) is None


def test_audit_log_never_holds_the_code_or_token(client):
    member = create_user("member")
    db.session.commit()
    request_link(client, member.email)
    body = last_message(member).body
    code = CODE_RE.search(body).group(1)
    token = LINK_RE.search(body).group(1).rsplit("/", 1)[1]
    client.post_form("/sign-in/code", {"code": code})
    events = db.session.scalars(sa.select(AuditEvent)).all()
    assert {e.action for e in events} >= {"sign_in.link_requested", "sign_in.code_used"}
    dumped = repr([(e.action, e.details, e.object_id) for e in events])
    assert code not in dumped
    assert token not in dumped


# --- staff ---------------------------------------------------------------------------


def staff_password_step(client, user, password=PASSWORD):
    return client.post_form("/staff/sign-in", {"email": user.email, "password": password})


def test_staff_wrong_password(client):
    staff = create_user("staff", totp_secret=pyotp.random_base32())
    db.session.commit()
    response = staff_password_step(client, staff, "wrong password!")
    assert response.status_code == 200
    assert "The e-mail address or password is not correct" in response.get_data(as_text=True)
    failed = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "sign_in.password"))
    assert failed.result == "failed"


def test_staff_sign_in_needs_totp(client):
    secret = pyotp.random_base32()
    staff = create_user("staff", totp_secret=secret)
    db.session.commit()
    response = staff_password_step(client, staff)
    assert response.headers["Location"].endswith("/staff/two-factor")
    assert client.get("/home").status_code == 302  # password alone is not enough
    bad = client.post_form("/staff/two-factor", {"code": "12345x"})
    assert "This code is not correct" in bad.get_data(as_text=True)
    ok = client.post_form("/staff/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 303
    assert client.get("/home").status_code == 200


def test_totp_code_cannot_be_replayed(client, app):
    secret = pyotp.random_base32()
    staff = create_user("staff", totp_secret=secret)
    db.session.commit()
    code = pyotp.TOTP(secret).now()
    staff_password_step(client, staff)
    assert client.post_form("/staff/two-factor", {"code": code}).status_code == 303
    client.post_form("/sign-out")
    staff_password_step(client, staff)
    assert client.post_form("/staff/two-factor", {"code": code}).status_code == 200


def test_first_staff_sign_in_enrols_totp_and_shows_recovery_codes(client):
    staff = create_user("staff")
    db.session.commit()
    response = staff_password_step(client, staff)
    assert response.headers["Location"].endswith("/staff/two-factor/setup")
    page = client.get("/staff/two-factor/setup").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'<code dir="ltr">([A-Z2-7]+)</code>', page).group(1)
    done = client.post_form("/staff/two-factor/setup", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(
        r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{5})</code>", done.get_data(as_text=True)
    )
    assert len(codes) == 10
    db.session.refresh(staff)
    assert staff.totp_enabled
    assert staff.totp_secret == secret
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)
    # A recovery code works once instead of the app.
    client.post_form("/sign-out")
    staff_password_step(client, staff)
    assert client.post_form("/staff/two-factor", {"code": codes[0]}).status_code == 303
    client.post_form("/sign-out")
    staff_password_step(client, staff)
    assert client.post_form("/staff/two-factor", {"code": codes[0]}).status_code == 200


@pytest.mark.parametrize("path", ["/staff/two-factor", "/staff/two-factor/setup"])
def test_second_step_needs_the_first(client, path):
    assert client.get(path).status_code == 302


def test_the_sign_in_job_sends_the_link_at_once_and_only_to_an_account(client, mail_outbox):  # noqa: F811
    from stem.accounts.jobs import answer_sign_in_requests
    from stem.accounts.models import SignInRequest

    member = create_user("member", email="known@example.nl")
    db.session.commit()
    for address in ("known@example.nl", "nobody@example.nl", "known@example.nl"):
        client.post_form("/sign-in", {"address": address})
    assert answer_sign_in_requests() == 2
    assert [m.to for m in mail_outbox] == [["known@example.nl"], ["known@example.nl"]]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SignInRequest)) == 0
    sent = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.user_id == member.id))
    assert {m.status for m in sent} == {"sent"}
    # Only the newest link still works: asking again revokes the one before.
    tokens = db.session.scalars(sa.select(LoginToken).order_by(LoginToken.id)).all()
    assert [t.revoked_at is None for t in tokens] == [False, True]


def test_a_request_older_than_a_link_lives_is_dropped(client):
    from stem.accounts.jobs import answer_sign_in_requests
    from stem.accounts.models import SignInRequest

    create_user("member", email="late@example.nl")
    db.session.commit()
    client.post_form("/sign-in", {"address": "late@example.nl"})
    db.session.execute(sa.update(SignInRequest).values(created_at=utcnow() - timedelta(hours=1)))
    assert answer_sign_in_requests() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SignInRequest)) == 0
