"""Every route declares who may use it; pages carry the security headers."""

import re

import pytest

from stem.core.security import STAFF_ROLES

EXEMPT = {"static"}


def test_every_route_declares_access(app):
    undeclared = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT:
            continue
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "access", None):
            undeclared.append(f"{rule.endpoint} {rule.rule}")
    assert undeclared == [], "routes without @public/@require_login/@require_role"


def _get_routes(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in EXEMPT and not rule.arguments:
            yield rule.rule, app.view_functions[rule.endpoint].access


def test_signed_out_visitors_reach_only_public_routes(app, client):
    for path, access in _get_routes(app):
        status = client.get(path).status_code
        if access == "public":
            assert status in (200, 302, 503), path
        else:
            assert status == 302, f"{path} ({access}) should send visitors to sign in"


@pytest.mark.parametrize("role", ["member", "partner", "staff", "admin"])
def test_roles_reach_only_their_routes(app, client, login_as, role):
    login_as(role)
    for path, access in _get_routes(app):
        status = client.get(path).status_code
        if access.startswith("roles:"):
            allowed = role in access.removeprefix("roles:").split(",")
            assert status == (200 if allowed else 403), f"{role} on {path} ({access})"


def test_htmx_requests_get_the_same_checks(app, client, login_as):
    login_as("member")
    response = client.get("/admin/users", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#main"


def test_security_headers_on_pages_and_partials(client, login_as):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/", headers=headers)
        csp = response.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp
        assert "'unsafe-eval'" not in csp
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
            assert directive in csp
        assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_\-]{20,}'", csp)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    login_as("admin")
    response = client.get("/admin/users", headers={"HX-Request": "true"})
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers


def test_nonce_changes_per_request_and_matches_scripts(client):
    first = client.get("/")
    second = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"]).group(1)
    other = re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"]).group(1)
    assert nonce != other
    html = first.get_data(as_text=True)
    for script in re.findall(r"<script[^>]*>", html):
        assert f'nonce="{nonce}"' in script


def test_staff_roles_constant_matches_design():
    assert STAFF_ROLES == ("staff", "admin")


def test_ids_too_big_for_the_database_are_not_found(client, login_as):
    """An id beyond the integer column's range is a 404, never a database overflow (500)."""
    login_as("admin")
    huge = "99999999999999999999999"
    for path in (f"/admin/users/{huge}", f"/commitments/{huge}", f"/admin/themes/{huge}/edit",
                 f"/signals/attachments/{huge}", f"/staff/signals/{huge}", f"/staff/rounds/{huge}"):
        assert client.get(path).status_code == 404, path
