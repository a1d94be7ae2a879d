"""Page weight: the bytes a phone downloads for a page on its first visit (empty cache).

The page and every stylesheet, script and image it references (and the fonts and images
those stylesheets reference with url()) are fetched once. Text responses are gzipped at
level 6, as a production reverse proxy (nginx `gzip_comp_level 6`) would send them;
formats that are compressed already (images, woff2) count as they are. HTTP headers are
not counted.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from lib import BenchError, request

GZIP_LEVEL = 6
_PRECOMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".ico")
_CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass
class Asset:
    path: str
    kind: str
    raw: int
    compressed: int


@dataclass
class PageWeight:
    path: str
    assets: list[Asset]

    @property
    def raw(self) -> int:
        return sum(a.raw for a in self.assets)

    @property
    def compressed(self) -> int:
        return sum(a.compressed for a in self.assets)


class _References(HTMLParser):
    """Collects <link rel=stylesheet href>, <script src> and <img src> (and srcset's first)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.found.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "img" and a.get("src"):
            self.found.append(("img", a["src"]))


def _compressed_size(path: str, body: bytes) -> int:
    if urlsplit(path).path.lower().endswith(_PRECOMPRESSED):
        return len(body)
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL))


def _same_site(base: str, ref: str) -> str | None:
    """The local path of a reference, or None for data: URLs and other sites."""
    if ref.startswith("data:"):
        return None
    parts = urlsplit(urljoin(base, ref))
    if parts.netloc and parts.hostname not in ("127.0.0.1", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_weight(port: int, path: str, headers: dict[str, str] | None = None) -> PageWeight:
    """Fetch `path` and everything it references once; sizes raw and gzipped."""
    page = request(port, "GET", path, headers=headers)
    if page.status != 200:
        raise BenchError(f"GET {path} answered {page.status}, expected 200")
    assets = [Asset(path, "html", len(page.body), _compressed_size(path, page.body))]
    parser = _References()
    parser.feed(page.text)
    queue = [(kind, _same_site(path, ref)) for kind, ref in parser.found]
    seen = {path}
    while queue:
        kind, ref = queue.pop(0)
        if ref is None or ref in seen:
            continue
        seen.add(ref)
        resp = request(port, "GET", ref)
        if resp.status != 200:
            raise BenchError(f"GET {ref} (referenced by {path}) answered {resp.status}")
        assets.append(Asset(ref, kind, len(resp.body), _compressed_size(ref, resp.body)))
        if kind == "css":
            for match in _CSS_URL_RE.finditer(resp.text):
                nested = match.group(1) or match.group(2)
                nested_kind = "css" if match.group(2) else "css url()"
                queue.append((nested_kind, _same_site(ref, nested)))
    return PageWeight(path, assets)
