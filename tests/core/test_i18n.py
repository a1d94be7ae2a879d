"""Every string the code shows is translated in all eight catalogs."""

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from stem.core.i18n import LOCALE_CODES

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def extracted_messages() -> set[str]:
    """Run the same extraction as `make extract-messages`, from pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["babel"]["mappings"]
    method_map = [(m["pattern"], m["method"]) for m in config]
    options_map = {
        m["pattern"]: {k: v for k, v in m.items() if k not in ("pattern", "method")} for m in config
    }
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


@pytest.fixture(scope="module")
def messages():
    found = extracted_messages()
    assert len(found) > 100, "extraction found too little; is the mapping right?"
    return found


@pytest.mark.parametrize("locale", LOCALE_CODES)
def test_catalog_translates_every_string(messages, locale):
    path = ROOT / "stem" / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    # Plural entries are keyed by their singular, as extraction reports them; every form
    # the language's Plural-Forms asks for must be filled in.
    translated = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if forms and all(forms):
            translated[m.id[0] if isinstance(m.id, tuple) else m.id] = forms
    missing = sorted(messages - translated.keys())
    assert missing == [], f"{locale} lacks {len(missing)} translations, e.g. {missing[:3]}"
    for msgid in messages:
        for form in translated[msgid]:
            assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(msgid)), (
                f"{locale}: placeholders differ in {msgid!r}"
            )


def test_dutch_is_the_source_language(messages):
    dutch_words = {"je", "de", "het", "een", "en", "van", "op", "met"}
    english_words = {"the", "your", "you", "and", "with", "this"}
    words = [w.lower() for m in messages for w in re.findall(r"[A-Za-z]+", m)]
    assert sum(w in dutch_words for w in words) > sum(w in english_words for w in words)


def test_templates_use_whole_sentences():
    """No text glued from pieces: gettext never gets an f-string or a concatenation."""
    offenders = []
    for path in (ROOT / "stem").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\b_l?\(\s*f[\"']", line) or re.search(r"\b_l?\([^)]*[\"']\s*\+", line):
                offenders.append(f"{path.name}:{number}")
    assert offenders == []
