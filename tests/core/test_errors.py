"""Errors come as pages in the user's language, never as a traceback."""

import pytest

from stem.core.db import db
from tests.factories import create_user


def test_404_page_in_users_language(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html
    assert "Traceback" not in html


def test_tampered_id_is_404_not_500(client, login_as):
    login_as("admin")
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/users/abc").status_code == 404


def test_wrong_method_is_405_page(client):
    response = client.delete("/sign-in")
    assert response.status_code == 405
    assert "This action is not possible here" in response.get_data(as_text=True)


def test_missing_csrf_token_is_a_clear_400(client):
    response = client.post("/sign-in", data={"address": "a@example.nl"})
    assert response.status_code == 400
    assert "This page was open too long" in response.get_data(as_text=True)


def test_too_large_request_is_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/sign-in", data={"address": big})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_rate_limit_gives_429_page(client):
    responses = [client.post_form("/sign-in", {"address": "same@example.nl"}) for _ in range(6)]
    assert [r.status_code for r in responses] == [303] * 5 + [429]
    assert "Too many attempts" in responses[5].get_data(as_text=True)


def test_unexpected_error_is_a_500_page(app, tmp_path):
    from tests.conftest import StemClient, make_app

    fresh = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)

    @fresh.get("/_fail")
    def _boom():
        raise RuntimeError("secret internal detail")

    fresh.test_client_class = StemClient
    client = fresh.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get("/_fail")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side" in html
    assert "secret internal detail" not in html


@pytest.mark.parametrize("value", ["", "   ", "x" * 300])
def test_malformed_sign_in_input_is_a_message_not_an_error(client, value):
    response = client.post_form("/sign-in", {"address": value})
    assert response.status_code == 200
    assert "utrecht-form-field-error-message" in response.get_data(as_text=True)


def test_double_submit_of_a_link_is_harmless(client):
    member = create_user("member")
    db.session.commit()
    from tests.accounts.test_sign_in import LINK_RE, last_message, request_link

    request_link(client, member.email)
    path = LINK_RE.search(last_message(member).body).group(1)
    first = client.post_form(path)
    second = client.post_form(path)
    assert first.status_code == 303
    assert second.status_code == 410  # a clear page, not an error


def test_a_get_that_writes_must_say_so(app, tmp_path):
    from stem.core.audit import audit
    from stem.core.web import writes
    from tests.conftest import StemClient, make_app

    fresh = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)

    @fresh.get("/_undeclared")
    def _undeclared():
        audit("test.undeclared")
        return "ok"

    @fresh.get("/_declared")
    @writes
    def _declared():
        audit("test.declared")
        return "ok"

    fresh.test_client_class = StemClient
    client = fresh.test_client()
    assert client.get("/_declared").status_code == 200
    with pytest.raises(RuntimeError, match="mark it @writes"):
        client.get("/_undeclared")


def test_rate_limit_counts_one_phone_however_it_is_typed(client):
    create_user("member", email=None, phone="+31612345003", channel="sms")
    db.session.commit()
    spellings = [
        "06 12345003",
        "+31612345003",
        "(06) 12345003",
        "0612345003",
        "+31 6 1234 5003",
        "06-12345003",
    ]
    statuses = [client.post_form("/sign-in", {"address": a}).status_code for a in spellings]
    assert statuses == [303] * 5 + [429]


def test_empty_submissions_do_not_block_other_people(app, client):
    for _ in range(6):
        client.post_form("/sign-in", {"address": ""})
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    other.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    response = other.post_form("/sign-in", {"address": ""})
    assert response.status_code == 200
    assert "Enter your e-mail address or mobile phone number." in response.get_data(as_text=True)
