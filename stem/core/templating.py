"""What every template can use: languages, the CSP nonce, asset URLs, the theme."""

from __future__ import annotations

import hashlib
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
