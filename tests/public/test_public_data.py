"""Open data (JSON, CSV), the Atom feed, and the small-group rule on the public counts."""

from __future__ import annotations

import csv
import io

import feedparser
import pytest

from stem.core.db import db
from stem.public import counts
from tests import factories
from tests.public.helpers import PUBLIC_TITLE, PUBLIC_TITLE_AR, PUBLIC_UPDATE, build_world


@pytest.fixture
def world(app):
    return build_world()


def test_actions_json_holds_the_public_action_only(client, world):
    data = client.get("/public/data/actions.json").get_json()
    assert [row["id"] for row in data["data"]] == [world["public_action"].id]
    row = data["data"][0]
    assert row["title"] == PUBLIC_TITLE
    assert row["progress"] == 40
    assert row["commitments"] == ["21/T40"]
    assert row["url"].endswith(f"/public/actions/{world['public_action'].id}")
    assert set(row) == set(data["fields"])


def test_json_in_arabic_uses_the_reviewed_translation(client, world):
    row = client.get("/public/data/actions.json?lang=ar").get_json()["data"][0]
    assert (row["title"], row["language"], row["translated"]) == (PUBLIC_TITLE_AR, "ar", True)
    en = client.get("/public/data/actions.json?lang=en").get_json()["data"][0]
    assert (en["title"], en["language"], en["translated"]) == (PUBLIC_TITLE, "nl", False)


def test_updates_csv_has_the_approved_public_update(client, world):
    response = client.get("/public/data/updates.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["happened"] for r in rows] == [PUBLIC_UPDATE]
    assert rows[0]["next_on"] == "2027-02-01"


def test_commitments_csv_semicolon_for_dutch_excel(client, world):
    text = client.get("/public/data/commitments.csv?sep=semicolon").get_data(as_text=True)
    assert text.splitlines()[0].lstrip("\ufeff").startswith("id;code;url;")
    assert "21/T40" in text


def test_data_page_describes_every_field(client, world):
    html = client.get("/public/data?lang=nl").get_data(as_text=True)
    for field in ("happened", "next_on", "fulfilled_by", "translated", "stopped_reason"):
        assert f">{field}</code>" in html
    assert "/public/data/updates.csv" in html


def test_atom_feed_is_valid_with_stable_tag_ids(client, world):
    body = client.get("/public/updates.atom").get_data()
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [e.summary.split("\n")[0] for e in feed.entries] == [PUBLIC_UPDATE]
    entry = feed.entries[0]
    assert entry.id == f"tag:localhost,2026:stem/update/{world['shown_update'].id}"
    assert entry.link.endswith(f"/public/actions/{world['public_action'].id}")
    assert feedparser.parse(client.get("/public/updates.atom").get_data()).entries[0].id == entry.id


def test_public_pages_link_the_open_data_and_feed(client, world):
    html = client.get("/public/?lang=nl").get_data(as_text=True)
    assert "/public/data" in html
    assert "/public/updates.atom" in html


def test_district_breakdown_hides_small_groups_and_their_complement(app):
    theme = factories.create_theme()
    for district, number in (("west", 7), ("oost", 6), ("zuid", 2)):
        for _ in range(number):
            factories.create_signal(theme=theme, district=district)
    db.session.flush()
    cells = {c.group: c.count for c in counts.by_district()}
    # Zuid (2) is hidden; alone it could be worked out from the total, so the next
    # smallest (Oost, 6) is hidden too.
    assert cells["zuid"] is None
    assert cells["oost"] is None
    assert cells["west"] == 7


def test_overview_shows_no_figure_for_a_small_group(client, app):
    theme = factories.create_theme()
    for district, number in (("west", 6), ("noordwest", 6), ("zuid", 1)):
        for _ in range(number):
            factories.create_signal(theme=theme, district=district)
    db.session.commit()
    html = client.get("/public/?lang=nl").get_data(as_text=True)
    row = html.split(">Zuid</th>")[1].split("</tr>")[0]
    assert "1" not in row
    assert "–" in row
