"""Codes typed on an Arabic or Dari keyboard (٠١٢…, ۰۱۲…) work like 0-9, and never cause a 500."""

import pyotp
import pytest
import sqlalchemy as sa

from stem.accounts.models import LoginToken
from stem.core.db import db
from tests.accounts.test_sign_in import CODE_RE, last_message, request_link, staff_password_step
from tests.factories import create_user

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN], ids=["arabic-indic", "persian"])
def test_sign_in_code_in_arabic_or_persian_digits_signs_in(client, digits):
    member = create_user("member", locale="ar")
    db.session.commit()
    request_link(client, member.email)
    code = CODE_RE.search(last_message(member).body).group(1)
    typed = f"{code[:3]} {code[3:]}".translate(digits)
    response = client.post_form("/sign-in/code", {"code": typed})
    assert response.status_code == 303
    assert client.get("/home").status_code == 200
    token = db.session.scalar(sa.select(LoginToken).where(LoginToken.user_id == member.id))
    assert token.code_attempts == 1  # one try, and it was the right one


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN], ids=["arabic-indic", "persian"])
def test_staff_totp_in_arabic_or_persian_digits_signs_in(client, digits):
    secret = pyotp.random_base32()
    staff = create_user("staff", totp_secret=secret)
    db.session.commit()
    staff_password_step(client, staff)
    response = client.post_form("/staff/two-factor", {"code": pyotp.TOTP(secret).now().translate(digits)})
    assert response.status_code == 303
    assert client.get("/home").status_code == 200


@pytest.mark.parametrize("code", ["¹²³⁴⁵⁶", "①②③④⑤⑥", "12345\x00", "１２３４５６" + "7" * 14])
def test_odd_digits_in_a_staff_code_are_refused_with_a_message(client, code):
    staff = create_user("staff", totp_secret=pyotp.random_base32())
    db.session.commit()
    staff_password_step(client, staff)
    response = client.post_form("/staff/two-factor", {"code": code})
    assert response.status_code == 200
    assert "This code is not correct" in response.get_data(as_text=True)
