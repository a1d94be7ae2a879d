"""What every template can use: languages, the CSP nonce, asset URLs, the theme."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from stem.core.i18n import LANGUAGES, language
from stem.core.security import csp_nonce


@lru_cache(maxsize=256)
def _file_hash(path: str, _mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


_asset_urls: dict[str, str] = {}


def asset_url(filename: str) -> str:
    """A static URL carrying the file's content hash, so it can be cached for a year.

    Outside development the files do not change while the process runs: the URL is
    worked out once per process.
    """
    cached = _asset_urls.get(filename)
    if cached is not None:
        return cached
    path = Path(current_app.static_folder) / filename
    try:
        version = _file_hash(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        version = "missing"
    url = url_for("static", filename=filename, v=version)
    if current_app.config["STEM_ENV"] == "production":
        _asset_urls[filename] = url
    return url


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only same-site paths may be redirect targets (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target


def page_url(number: int) -> str:
    """The current URL with another page number, keeping every filter."""
    args = request.args.to_dict()
    args["page"] = number
    return url_for(request.endpoint, **(request.view_args or {}), **args)


# Lazy strings: translated when shown, in the language of that request.
ROLE_NAMES = {
    "member": _l("Lid"),
    "partner": _l("Partner"),
    "staff": _l("Medewerker"),
    "admin": _l("Beheerder"),
    "translator": _l("Vertaler"),
}


def bound_gettext(translations) -> dict:
    """gettext and ngettext for one render, bound to the request's catalog.

    Flask-Babel's template callables look the catalog up again for every string (a
    page has dozens); these do it once per render. They behave as Jinja's "newstyle"
    gettext: variables by name, and the translation is safe markup when escaping is on.
    """

    @pass_eval_context
    def gettext(eval_ctx, string, **variables):
        rv = translations.ugettext(string)
        if eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 -- our own catalog; `%` escapes the variables
        return rv % variables

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, num, **variables):
        variables.setdefault("num", num)
        rv = translations.ungettext(singular, plural, num)
        if eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 -- our own catalog; `%` escapes the variables
        return rv % variables

    return {"gettext": gettext, "ngettext": ngettext}


# --- text in another language, and codes inside right-to-left text ----------------------

# FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE: plain text (e-mail, SMS) has no <bdi>.
FSI, PDI = "\u2068", "\u2069"
# Commitment codes (21/T40, 20/T580) and signal references (S-2026-00042): written
# left to right; in Arabic or Dari text, unisolated, "21/T40" reads as "T40/21".
# A code already between FSI and PDI is left as it is, so isolating twice changes nothing.
CODE = r"\d{1,4}/[A-Z]{1,4}\d{1,6}|[A-Z]{1,3}-\d{4}-\d{1,8}"
CODE_RE = re.compile(rf"(?<![\w/\u2068])(?:{CODE})(?![\w/\u2069])")
ISOLATED_CODE_RE = re.compile(rf"\u2068((?:{CODE}))\u2069")
# Tags that are not one language: several (mul) or not known (und), both valid BCP 47.
UNKNOWN_LANGS = ("mul", "und")


def isolate(value) -> str:
    """A code or reference for plain text, kept whole and left-to-right in any script."""
    text = str(value)
    return text if not text else f"{FSI}{text}{PDI}"


def isolate_codes(text) -> str:
    """Plain text with every commitment code and reference in it isolated."""
    return CODE_RE.sub(lambda m: isolate(m.group(0)), str(text or ""))


def sms_body(body: str, locale: str) -> str:
    """An SMS body: isolates only where right-to-left text needs them.

    FSI and PDI are outside the GSM alphabet; in a left-to-right SMS they would switch
    it to UCS-2 and halve its length, for nothing. Arabic and Dari are UCS-2 anyway.
    """
    if language(locale).direction == "rtl":
        return body
    return body.replace(FSI, "").replace(PDI, "")


def bdi(value) -> Markup:
    """A code or reference for HTML, isolated from the text around it."""
    return Markup('<bdi dir="ltr">%s</bdi>') % value


def bdi_codes(text) -> Markup:
    """Escaped text (staff's or a member's) with every code and reference in it in <bdi>."""
    # A code stored between isolates (typed in Arabic or Dari) gets the same <bdi>.
    plain = ISOLATED_CODE_RE.sub(lambda m: m.group(1), str(text or ""))
    escaped = Markup.escape(plain)
    # The codes hold no character that escaping changes, so they are found as they were.
    return Markup(CODE_RE.sub(lambda m: str(bdi(m.group(0))), str(escaped)))  # noqa: S704


def html_lang(code: str | None) -> str:
    """The BCP 47 tag of a stored language code (fa_AF -> fa-AF)."""
    if not code:
        return ""
    if code in UNKNOWN_LANGS:
        return code
    found = language(code)
    return found.html_lang if found.code == code else code.replace("_", "-")


def lang_attrs(text_lang: str | None) -> Markup:
    """` lang=".." dir="auto"` for a piece of user or staff text, to put in its element.

    The text's own language when it differs from the page's (WCAG 3.1.2); always
    dir="auto", so Dutch keeps left-to-right on an Arabic page and the other way round.
    """
    tag = html_lang(text_lang)
    if tag and tag != current_language().html_lang:
        return Markup(' lang="%s" dir="auto"') % tag
    return Markup(' dir="auto"')


def current_language():
    return language(str(get_locale()))


def init_templating(app: Flask) -> None:
    """Register template globals and the long cache for hashed static files."""
    from stem.core.dates import init_dates

    init_dates(app)  # after Flask-Babel's filters: English dates in day-month order
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 365 * 24 * 3600
    app.jinja_env.globals.update(
        asset_url=asset_url,
        csp_nonce=csp_nonce,
        page_url=page_url,
        LANGUAGES=LANGUAGES,
        language_names={lang.code: lang.native_name for lang in LANGUAGES},
        lang_attrs=lang_attrs,
    )
    app.jinja_env.filters.update(
        bdi=bdi, bdi_codes=bdi_codes, isolate=isolate, isolate_codes=isolate_codes
    )

    @app.context_processor
    def _context():
        lang = current_language()
        return {
            **bound_gettext(get_translations()),
            # The user itself rather than Flask-Login's proxy, which resolves on every use.
            "current_user": current_user._get_current_object(),
            "lang": lang,
            "role_names": ROLE_NAMES,
            "theme_css": app.config.get("THEME_CSS"),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
