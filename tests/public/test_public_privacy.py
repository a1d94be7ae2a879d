"""Nothing unpublished reaches a public page, file or feed, in any language; nobody edits.

Every internal or unreviewed field gets a unique marker (helpers.MARKERS); every public
URL is fetched in every format and language by every role: no marker appears anywhere.
"""

from __future__ import annotations

import pytest

from stem.core.i18n import LANGUAGES
from tests.public.helpers import MARKERS, build_world

ROLES = ("visitor", "member", "own_partner", "other_partner", "staff", "admin")


@pytest.fixture
def world(app):
    return build_world()


def public_urls(world) -> list[str]:
    """Every public URL with its objects: pages, data files and the feed, with filters."""
    action, internal = world["public_action"].id, world["internal_action"].id
    commitment = world["commitment"]
    urls = [
        "/public/",
        f"/public/?theme={world['theme'].id}&district=overvecht&status=in_progress",
        f"/public/?commitment={commitment.id}",
        "/public/commitments/21-T40",
        f"/public/commitments/{commitment.id}",
        f"/public/actions/{action}",
        f"/public/actions/{internal}",
        "/public/data",
        "/public/updates.atom",
    ]
    for dataset in ("commitments", "actions", "updates"):
        urls += [f"/public/data/{dataset}.json", f"/public/data/{dataset}.csv"]
    return urls


def test_every_public_url_lists_every_public_route(app, world):
    """The sweep covers every /public route, so a new one cannot escape it."""
    rules = {r.endpoint for r in app.url_map.iter_rules() if r.rule.startswith("/public")}
    assert rules == {
        "public.index", "public.commitment", "public.action", "public.data",
        "public.data_file", "public.feed",
    }


def test_no_marker_anywhere_in_any_language(client, world):
    fetched = 0
    for url in public_urls(world):
        for language in LANGUAGES:
            sep = "&" if "?" in url else "?"
            response = client.get(f"{url}{sep}lang={language.code}")
            assert response.status_code in (200, 404), url
            body = response.get_data(as_text=True)
            for field, marker in MARKERS.items():
                assert marker.lower() not in body.lower(), f"{field} leaked on {url} ({language.code})"
            fetched += 1
    assert fetched == len(public_urls(world)) * 8


def _sign_in(client, login_as, world, role):
    users = {
        "member": lambda: world["users"]["member"],
        "own_partner": lambda: world["users"]["partner"],
        "staff": lambda: world["users"]["staff"],
    }
    if role == "visitor":
        return
    if role in users:
        login_as(users[role]())
    elif role == "other_partner":
        login_as("partner")
    else:
        login_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_read_only_and_nothing_leaks(client, login_as, world, role):
    _sign_in(client, login_as, world, role)
    internal = f"/public/actions/{world['internal_action'].id}"
    for url in public_urls(world):
        response = client.get(url)
        expected = 404 if url == internal else 200
        assert response.status_code == expected, (role, url)
        body = response.get_data(as_text=True)
        assert not any(m.lower() in body.lower() for m in MARKERS.values()), (role, url)
        # Read-only: no method but GET/HEAD is routed.
        assert client.post(url).status_code in (400, 405), (role, url)
