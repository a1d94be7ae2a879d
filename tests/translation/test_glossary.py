"""The glossary pages: staff keep the terms, translators read them."""

from __future__ import annotations

import sqlalchemy as sa

from stem.core.db import db
from stem.translation.demo.glossary import TERMS, load_glossary
from stem.translation.glossary import all_terms
from stem.translation.models import GlossaryTerm
from tests.translation.desk_helpers import translator


def test_staff_add_a_term_and_a_translator_reads_it(client, login_as):
    login_as("staff")
    response = client.post_form(
        "/translation/glossary/new",
        {
            "term": "Welkomhuis",
            "note": "Een naam.",
            "keep_ar": "y",
            "translation_en": "Welcome House",
        },
    )
    assert response.status_code == 303
    term = db.session.scalar(sa.select(GlossaryTerm))
    assert term.rendering("ar").keep_dutch
    assert term.rendering("en").translation == "Welcome House"
    assert term.rendering("ti") is None
    login_as(translator("ar"))
    page = client.get("/translation/glossary")
    assert "Welkomhuis" in page.text
    assert "Welcome House" in page.text
    assert "keep the Dutch word" in page.text
    assert client.get("/translation/glossary/new").status_code == 403
    assert client.get(f"/translation/glossary/{term.id}").status_code == 403


def test_a_term_cannot_be_added_twice(client, login_as):
    login_as("staff")
    client.post_form("/translation/glossary/new", {"term": "B1-route"})
    again = client.post_form("/translation/glossary/new", {"term": "b1-route"})
    assert again.status_code == 422
    assert "already in the glossary" in again.text
    empty = client.post_form("/translation/glossary/new", {"term": "  "})
    assert empty.status_code == 422
    assert "Fill in the Dutch term." in empty.text


def test_the_demo_glossary_holds_the_agreed_terms(app):
    load_glossary()
    load_glossary()  # twice: nothing doubles
    terms = {t.term: t for t in all_terms()}
    assert set(terms) == set(TERMS)
    assert {"Welkomhuis", "brede intake", "B1-route", "inburgeraar", "Utrecht"} <= set(terms)
    assert terms["Utrecht"].rendering("ti").translation == "ኡትረኽት"
    assert terms["brede intake"].rendering("so").keep_dutch
