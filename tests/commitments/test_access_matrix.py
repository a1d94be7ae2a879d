"""Every commitment URL against every role: who may read, edit, export, add and delete.

A route added under /commitments or /admin/commitments without a line here fails the
first test, so the matrix cannot fall behind the URL map.
"""

from __future__ import annotations

import pytest

from stem.commitments.models import Commitment
from stem.core.db import db
from tests.commitments.helpers import commitment_form
from tests.factories import create_commitment

ROLES = ("visitor", "member", "partner", "staff", "admin")
# endpoint -> the roles that may use it (everyone else: 403, a visitor: sign in)
MATRIX = {
    "commitments.index": ("staff", "admin"),
    "commitments.detail": ("staff", "admin"),
    "commitments.edit": ("staff", "admin"),
    "commitments.export": ("staff", "admin"),
    "commitments.new": ("admin",),
    "commitments.delete": ("admin",),
}
URLS = {
    "commitments.index": ["/commitments"],
    "commitments.detail": ["/commitments/{id}"],
    "commitments.edit": ["/commitments/{id}/edit"],
    "commitments.export": ["/commitments/export.csv", "/commitments/export.xlsx"],
    "commitments.new": ["/admin/commitments/new"],
    "commitments.delete": ["/admin/commitments/{id}/delete"],
}


def test_every_commitment_route_is_in_the_matrix(app):
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/commitments", "/admin/commitments"))
    }
    assert endpoints == set(MATRIX)


def _sign_in(role, login_as):
    return None if role == "visitor" else login_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_reading_matches_the_matrix(client, login_as, role):
    _sign_in(role, login_as)
    commitment = create_commitment("26/T70")
    db.session.commit()
    for endpoint, templates in URLS.items():
        for template in templates:
            url = template.format(id=commitment.id)
            status = client.get(url).status_code
            if role == "visitor":
                assert status == 302, url
            elif role in MATRIX[endpoint]:
                assert status == 200, url
            else:
                assert status == 403, url


@pytest.mark.parametrize("role", ["visitor", "member", "partner", "staff"])
def test_posts_by_the_wrong_role_change_nothing(client, login_as, role):
    _sign_in(role, login_as)
    commitment = create_commitment("26/T71", title="Zoals het was")
    db.session.commit()
    form = commitment_form(code="26/T71", title="Gekaapt", version=str(commitment.version))
    writes = {
        "/admin/commitments/new": commitment_form(code="26/T72"),
        f"/admin/commitments/{commitment.id}/delete": {},
    }
    if role != "staff":
        writes[f"/commitments/{commitment.id}/edit"] = form
    for url, data in writes.items():
        token = client.csrf_token()
        status = client.post(url, data={**data, "csrf_token": token}).status_code
        assert status == (302 if role == "visitor" else 403), url
    db.session.expire_all()
    stored = db.session.get(Commitment, commitment.id)
    assert stored is not None
    assert stored.title == "Zoals het was"
    assert db.session.query(Commitment).filter_by(code="26/T72").first() is None


@pytest.mark.parametrize("url", ["/commitments/{id}", "/commitments/{id}/edit", "/admin/commitments/{id}/delete"])
def test_tampered_ids_are_not_found(client, login_as, url):
    login_as("admin")
    for bad in ("999999", "0"):
        assert client.get(url.format(id=bad)).status_code == 404
    for bad in ("-1", "abc", "1.5", "99999999999999999999"):
        assert client.get(url.format(id=bad)).status_code == 404
