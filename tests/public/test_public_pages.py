"""The public pages: what they show, in which language, with filters, cached with ETags."""

from __future__ import annotations

import pytest

from tests.public.helpers import PUBLIC_TITLE, PUBLIC_TITLE_AR, PUBLIC_UPDATE, build_world


@pytest.fixture
def world(app):
    return build_world()


def test_overview_shows_commitment_public_action_and_update(client, world):
    page = client.get("/public/?lang=nl")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<bdi dir="ltr">21/T40</bdi>' in html
    assert PUBLIC_TITLE in html
    assert PUBLIC_UPDATE in html
    assert 'value="40"' in html  # the action's progress bar


def test_commitment_page_by_code_slug_and_by_id(client, world):
    by_code = client.get("/public/commitments/21-T40?lang=nl")
    by_id = client.get(f"/public/commitments/{world['commitment'].id}?lang=nl")
    assert by_code.status_code == by_id.status_code == 200
    html = by_code.get_data(as_text=True)
    assert "Taal oefenen in het Welkomhuis." in html
    assert PUBLIC_TITLE in html
    assert PUBLIC_UPDATE in html
    assert client.get("/public/commitments/99-T0").status_code == 404


def test_public_action_has_its_own_page_and_internal_is_404(client, world):
    page = client.get(f"/public/actions/{world['public_action'].id}?lang=nl")
    assert page.status_code == 200
    assert PUBLIC_TITLE in page.get_data(as_text=True)
    assert client.get(f"/public/actions/{world['internal_action'].id}").status_code == 404


def test_arabic_reviewed_translation_shows_and_codes_are_isolated(client, world):
    html = client.get("/public/?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert PUBLIC_TITLE_AR in html
    assert '<bdi dir="ltr">21/T40</bdi>' in html


def test_untranslated_text_shows_dutch_with_lang_and_a_note(client, world):
    # The update has no reviewed English text: it shows in Dutch, marked so.
    html = client.get(f"/public/actions/{world['public_action'].id}?lang=en").get_data(
        as_text=True
    )
    assert PUBLIC_UPDATE in html
    assert 'lang="nl" dir="auto">De eerste oefengroep' in html
    assert "has not been translated yet" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("status=in_progress", True),
        ("status=done", False),
        ("district=overvecht", True),
        ("district=west", False),
        ("status=nonsense", True),  # unknown values are ignored
    ],
)
def test_filters_are_get_parameters(client, world, query, shown):
    html = client.get(f"/public/?lang=nl&{query}").get_data(as_text=True)
    assert (PUBLIC_TITLE in html) is shown


def test_theme_and_commitment_filters(client, world):
    theme, commitment = world["theme"].id, world["commitment"].id
    assert PUBLIC_TITLE in client.get(f"/public/?lang=nl&theme={theme}").get_data(as_text=True)
    html = client.get(f"/public/?lang=nl&commitment={commitment + 999}").get_data(as_text=True)
    assert PUBLIC_TITLE not in html


def test_conditional_request_gets_304_and_changes_after_an_edit(client, world):
    first = client.get("/public/?lang=nl")
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get("/public/?lang=nl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other_language = client.get("/public/?lang=ar", headers={"If-None-Match": etag})
    assert other_language.status_code == 200
    world["public_action"].progress = 60
    from stem.core.db import db

    db.session.commit()
    changed = client.get("/public/?lang=nl", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_public_pages_set_no_cookie(client, world):
    for url in ("/public/", "/public/data", "/public/data/actions.json", "/public/updates.atom"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url


def test_start_page_and_footer_link_to_public(client):
    html = client.get("/").get_data(as_text=True)
    assert html.count('href="/public/"') >= 2


def test_overview_lists_five_actions_per_commitment_and_links_all(client, world):
    from stem.actions.services import TextInput
    from stem.core.db import db
    from tests.actions.helpers import create_action

    for n in range(6):
        extra = create_action(texts={"nl": TextInput(f"Extra actie {n}")}, public=True)
        extra.commitments.append(world["commitment"])
    db.session.commit()
    html = client.get("/public/?lang=nl").get_data(as_text=True)
    assert "Extra actie 3" in html
    assert "Extra actie 5" not in html  # the sixth and seventh are on the commitment's page
    assert 'Alle vervolgacties bij toezegging <bdi dir="ltr">21/T40</bdi>' in html
    page = client.get("/public/commitments/21-T40?lang=nl").get_data(as_text=True)
    assert "Extra actie 5" in page


def test_etag_is_the_same_in_every_worker(client, world, monkeypatch):
    from stem.public import caching

    etag = client.get("/public/?lang=nl").headers["ETag"]
    monkeypatch.setattr(caching, "_release", [])  # a fresh worker works it out again
    assert client.get("/public/?lang=nl").headers["ETag"] == etag


def test_a_renamed_theme_changes_the_etag(client, world):
    from stem.core.db import db

    etag = client.get("/public/?lang=nl").headers["ETag"]
    world["theme"].names = {"nl": "Nieuwe naam van het thema"}
    db.session.commit()
    response = client.get("/public/?lang=nl", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Nieuwe naam van het thema" in response.get_data(as_text=True)


def test_the_second_visitor_gets_the_same_bytes(client, world):
    first = client.get("/public/?lang=ar")
    second = client.get("/public/?lang=ar")
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    data = client.get("/public/data/updates.csv")
    again = client.get("/public/data/updates.csv")
    assert again.mimetype == "text/csv"
    assert again.headers["Content-Disposition"] == data.headers["Content-Disposition"]


def test_word_back_messages_link_the_public_action_page(app):
    """Messages about an action link /public/actions/<id>: that path is the public page."""
    from stem.actions.word_back import public_action_url

    adapter = app.url_map.bind("localhost")
    assert adapter.match(public_action_url(42)) == ("public.action", {"action_id": 42})
