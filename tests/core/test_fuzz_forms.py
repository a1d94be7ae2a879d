"""Fuzzing the form handlers with hypothesis: whatever a form receives, no server error.

The bad-input sweep (test_bad_input.py) sends chosen nonsense to every route; here
hypothesis makes up the values (any Unicode, control characters and NUL bytes, odd
digits, huge numbers, repeated fields) for the forms people fill in most, and shrinks any
input that gives a 5xx to the smallest one.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stem.core.db import db
from tests.core.test_bad_input import world  # noqa: F401 - the fixture

FIELDS = (
    "body", "title", "name", "display_name", "email", "phone", "address", "code", "theme",
    "status", "version", "assignee", "commitment", "organisation", "district", "source",
    "locale", "channel", "since", "change_id", "answer", "go", "ids", "action", "consent",
    "may_contact", "on_behalf_name", "on_behalf_channel", "reason", "text", "into",
    "made_on", "due_on", "password", "confirm", "role", "kind", "label", "value",
)
VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(["²", "٣", "۱۲", "１２", "\x00", "1\x00", "99999999999999999999", "-0",
                     "1e9", "NaN", "", " ", "\u202e", "31-02-2026", "0000-00-00"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
FORMS = st.dictionaries(st.sampled_from(FIELDS), st.lists(VALUES, min_size=1, max_size=3),
                        max_size=10)
FUZZ = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
PAGES = {
    "visitor": ["/sign-in", "/sign-in/code", "/staff/sign-in"],
    "member": ["/account", "/account/confirm-address", "/signals/new", "/language"],
    "admin": ["/staff/signals/{signal_id}/details", "/staff/signals/{signal_id}/status",
              "/staff/signals/{signal_id}/reply", "/staff/signals/{signal_id}/commitments",
              "/staff/signals/bulk", "/admin/commitments/new", "/outbox", "/staff/rounds",
              "/admin/users/invite", "/admin/themes/new"],
}


def _post(client, url, form, token):
    data = {"csrf_token": token, **form}
    response = client.post(url, data=data)
    db.session.rollback()
    return response


@pytest.mark.parametrize(
    ("role", "url"), [(role, url) for role, urls in PAGES.items() for url in urls]
)
def test_fuzzed_forms_get_no_server_error(client, login_as, world, role, url):  # noqa: F811
    if role != "visitor":
        login_as(world["users"][role])
    token = client.csrf_token()
    target = url.format(**world["values"])

    @FUZZ
    @given(form=FORMS)
    def check(form):
        response = _post(client, target, form, token)
        assert response.status_code < 500, (target, form)

    check()
    if role == "member" and url == "/signals/new":
        # A round link's answer page, fuzzed the same way.
        answer = f"/r/{world['round_token']}/1"

        @FUZZ
        @given(form=FORMS)
        def check_answer(form):
            assert _post(client, answer, form, token).status_code < 500, form

        check_answer()
