"""The UI catalogs agree with the glossary.

For every catalog entry whose Dutch msgid holds a glossary term (as a word, or its plural),
the translation must contain the agreed rendering: the Dutch word itself where the glossary
keeps it, else the agreed translation. Written when Tigrinya spelled Utrecht three ways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from stem.translation.demo.glossary import KEEP, TERMS

CATALOGS = Path(__file__).resolve().parents[2] / "stem" / "translations"
LOCALES = ("en", "ar", "fa_AF", "ti", "tr", "uk", "so")


URL = re.compile(r"https?://\S+")


def contradictions(catalog: Catalog, locale: str) -> list[tuple[str, str, str]]:
    found = []
    for term, (_note, renderings) in TERMS.items():
        agreed = renderings.get(locale)
        if agreed is None:
            continue
        expected = term if agreed is KEEP else agreed
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?:s|en)?(?!\w)", re.IGNORECASE)
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            msgid = URL.sub("", msgid)  # utrecht.bestuurlijkeinformatie.nl is an address
            strings = [message.string] if isinstance(message.string, str) else message.string
            if not pattern.search(msgid):
                continue
            if any(expected.casefold() not in s.casefold() for s in strings if s):
                found.append((term, msgid, " | ".join(strings)))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_entries_use_the_glossary(locale):
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert contradictions(catalog, locale) == []


def test_the_check_finds_contradictions():
    catalog = Catalog(locale="ti")
    catalog.add("Kom naar het Welkomhuis.", "ናብ ቤት ምቕባል ንዑ።")  # the kept word is replaced
    catalog.add("De Stem, gemeente Utrecht", "De Stem፣ ምምሕዳር ከተማ ኡትሬኽት")  # another spelling
    catalog.add("De gemeenteraad", "ቤት ምኽሪ ከተማ")  # another word: not checked
    catalog.add("Zie https://utrecht.nl/stem.", "ርአ https://utrecht.nl/stem።")  # an address
    found = {(term, msgid) for term, msgid, _text in contradictions(catalog, "ti")}
    assert found == {
        ("Welkomhuis", "Kom naar het Welkomhuis."),
        ("Utrecht", "De Stem, gemeente Utrecht"),
    }
