"""Every page parses, has a title, unique ids, the right language and direction."""

from html.parser import HTMLParser

import pytest

from stem.core.i18n import LANGUAGES


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.title, self.in_title, self.html_attrs = [], "", False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


PUBLIC_PAGES = ["/", "/sign-in", "/staff/sign-in"]
SIGNED_IN = {
    "member": ["/home", "/account", "/account/delete", "/account/my-data"],
    "partner": ["/home", "/account", "/account/my-data", "/my/signals"],
    "staff": ["/home", "/account"],
    "admin": ["/home", "/admin/users", "/admin/users/invite", "/admin/organisations"],
}


def check_page(html: str, lang) -> None:
    page = parse(html)
    assert page.title.strip(), "page has no title"
    assert len(page.ids) == len(set(page.ids)), f"duplicate ids: {page.ids}"
    assert page.html_attrs["lang"] == lang.html_lang
    assert page.html_attrs["dir"] == lang.direction


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_public_pages_in_every_language(client, lang):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang.html_lang
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        check_page(response.get_data(as_text=True), lang)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_signed_in_pages(client, login_as, role):
    user = login_as(role, locale="ar")
    assert user.locale == "ar"
    arabic = next(lang for lang in LANGUAGES if lang.code == "ar")
    for path in SIGNED_IN[role]:
        response = client.get(path)
        assert response.status_code == 200, path
        check_page(response.get_data(as_text=True), arabic)


def test_default_language_is_dutch(client):
    del client.environ_base["HTTP_ACCEPT_LANGUAGE"]
    html = client.get("/").get_data(as_text=True)
    assert parse(html).html_attrs["lang"] == "nl"


def test_language_switch_remembers_choice_for_visitors(client):
    response = client.post_form("/language", {"locale": "fa_AF", "next": "/sign-in"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/sign-in"
    page = parse(client.get("/sign-in").get_data(as_text=True))
    assert page.html_attrs["lang"] == "fa-AF"
    assert page.html_attrs["dir"] == "rtl"


def test_language_switch_is_saved_on_the_account(client, login_as):
    from stem.core.db import db

    user = login_as("member", locale="nl")
    client.post_form("/language", {"locale": "uk", "next": "/account"})
    db.session.refresh(user)
    assert user.locale == "uk"


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post_form("/language", {"locale": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    response = client.post_form("/language", {"locale": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    response = client.post_form("/language", {"locale": "xx", "next": "/sign-in"})
    assert response.status_code == 303
    assert "stem_lang" not in response.headers.get("Set-Cookie", "")
