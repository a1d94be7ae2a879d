"""A downloaded file keeps its own, stricter Content-Security-Policy."""

import secrets

from stem.core import uploads


def test_a_file_response_keeps_its_sandbox_policy(app):
    key = secrets.token_hex(20)
    with app.test_request_context("/signals/attachments/1"):
        path = uploads._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<script>alert(1)</script>")
        try:
            response = uploads.send_upload(key, content_type="text/html", filename="x.html")
            response = app.process_response(response)
            response.close()
        finally:
            path.unlink()
    policy = response.headers.get_all("Content-Security-Policy")
    assert policy == ["default-src 'none'; sandbox"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_still_get_the_app_wide_policy(client):
    policy = client.get("/sign-in").headers.get_all("Content-Security-Policy")
    assert len(policy) == 1
    assert "script-src 'self' 'nonce-" in policy[0]
