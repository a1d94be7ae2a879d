"""The eight languages of Stem, and how the language of a request is chosen."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context, request
from flask_login import current_user

# Utrecht's clock: dates people type and read are days in Amsterdam.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Language:
    code: str  # Babel locale code, as used for the catalogs
    native_name: str  # the language's name in its own script
    html_lang: str  # BCP 47 tag for <html lang>
    direction: str  # "ltr" or "rtl"


LANGUAGES: tuple[Language, ...] = (
    Language("nl", "Nederlands", "nl", "ltr"),
    Language("en", "English", "en", "ltr"),
    Language("ar", "العربية", "ar", "rtl"),
    Language("fa_AF", "دری", "fa-AF", "rtl"),
    Language("ti", "ትግርኛ", "ti", "ltr"),
    Language("tr", "Türkçe", "tr", "ltr"),
    Language("uk", "Українська", "uk", "ltr"),
    Language("so", "Soomaali", "so", "ltr"),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
LOCALE_CODES = tuple(BY_CODE)
DEFAULT_LOCALE = "nl"
LANGUAGE_COOKIE = "stem_lang"

# Accept-Language tags that should land on one of our catalogs.
_ACCEPT_ALIASES = {"fa": "fa_AF", "fa-af": "fa_AF", "fa_af": "fa_AF", "prs": "fa_AF"}


def language(code: str | None) -> Language:
    """The Language for a code, falling back to Dutch for unknown codes."""
    return BY_CODE.get(code or "", BY_CODE[DEFAULT_LOCALE])


def normalise_locale(value: str | None) -> str | None:
    """Map a user-supplied code to one of ours, or None."""
    if not value:
        return None
    value = value.strip()
    if value in BY_CODE:
        return value
    return _ACCEPT_ALIASES.get(value.lower())


def _from_accept_language() -> str | None:
    for tag, _quality in request.accept_languages:
        code = normalise_locale(tag) or normalise_locale(tag.split("-")[0])
        if code:
            return code
    return None


def select_locale() -> str:
    """Account setting, then the visitor's cookie, then Accept-Language, then Dutch.

    A page may set `g.page_locale`: the language it belongs in (a member's round link
    opens in that member's language), or `g.page_locale_lookup`, a function that finds it
    when it is first needed. The visitor's own choice in the language switch (the cookie)
    still wins over it; the account and Accept-Language do not.
    """
    if not has_request_context():
        return DEFAULT_LOCALE
    forced = g.get("forced_locale")
    if forced:
        return forced
    page_locale = g.get("page_locale")
    lookup = g.get("page_locale_lookup")
    if not page_locale and lookup is not None:
        page_locale = g.page_locale = lookup()
    if page_locale:
        return normalise_locale(request.cookies.get(LANGUAGE_COOKIE)) or page_locale
    if current_user and current_user.is_authenticated and current_user.locale in BY_CODE:
        return current_user.locale
    cookie = normalise_locale(request.cookies.get(LANGUAGE_COOKIE))
    if cookie:
        return cookie
    return _from_accept_language() or current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")


def remember_language(response, code: str) -> None:
    """Keep a chosen language: on the signed-in account, and in a cookie for the visitor."""
    from stem.core.db import db

    if current_user and current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        db.session.flush()
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
