"""The open theme sets every design token the linked component CSS reads without a fallback.

A `var(--x)` with no fallback and no definition makes the whole declaration invalid: the
property silently falls back to its initial value. That is how every select lost its arrow
(`--utrecht-select-background-image`) and looked like a text field.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
LINKED_CSS = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
DEFINITION = re.compile(r"(--[\w-]+)\s*:")


def var_calls(css: str):
    """(name, fallback or None) of every outermost var() call in `css`."""
    start = 0
    while (start := css.find("var(", start)) >= 0:
        depth, comma, end = 0, None, start + 3
        while True:
            char = css[end]
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    break
            elif char == "," and depth == 1 and comma is None:
                comma = end
            end += 1
        name = css[start + 4 : comma if comma else end].strip()
        yield name, (css[comma + 1 : end].strip() if comma else None)
        start = end + 1


def unresolved(css: str, defined: set[str]) -> set[str]:
    """Names read by a var() whose chain ends neither in a defined token nor a fallback."""

    def resolves(name: str, fallback: str | None) -> bool:
        if name in defined:
            return True
        if fallback is None:
            return False
        return all(resolves(n, f) for n, f in var_calls(fallback))

    return {name for name, fallback in var_calls(css) if not resolves(name, fallback)}


def test_the_parser_follows_fallback_chains():
    css = ".a{color:var(--a,var(--b));margin:var(--c,0);padding:calc(var(--d)*2);x:var(--e,var(--f,1px))}"
    assert unresolved(css, {"--b"}) == {"--d"}
    assert unresolved(css, set()) == {"--a", "--d"}


def _linked_stylesheets(client) -> dict[str, str]:
    html = client.get("/sign-in").get_data(as_text=True)
    sheets = {}
    for href in LINKED_CSS.findall(html):
        path = urlsplit(href).path.removeprefix("/static/")
        sheets[path] = (STATIC / path).read_text(encoding="utf-8")
    return sheets


def test_the_theme_defines_every_token_the_component_css_needs(client):
    sheets = _linked_stylesheets(client)
    vendored = {path: css for path, css in sheets.items() if path.startswith("vendor/")}
    assert vendored, "the page links no vendored component CSS"
    theme = sheets["css/theme.css"]
    for path, css in vendored.items():
        # The component CSS may set its own private properties (--_utrecht-…, --utrecht-space-around).
        defined = set(DEFINITION.findall(theme)) | set(DEFINITION.findall(css))
        missing = unresolved(css, defined)
        assert not missing, f"{path} reads tokens the theme leaves undefined: {sorted(missing)}"


@pytest.mark.parametrize("token", ["--utrecht-select-background-image"])
def test_the_select_arrow_is_a_token_of_the_theme(token):
    theme = (STATIC / "css" / "theme.css").read_text(encoding="utf-8")
    assert re.search(rf"{token}\s*:\s*url\(", theme)
