"""Objects for the translation desk's tests: translators, a signal in Arabic, a request."""

from __future__ import annotations

from stem.core.db import db
from stem.translation import services
from stem.translation.glossary import save_term
from tests import factories

ARABIC_TEXT = "السقف في مركز الترحيب يتسرب منذ أسبوعين."


def translator(*locales: str, **fields):
    fields.setdefault("locale", "en")
    user = factories.create_user("translator", **fields)
    services.set_languages(user, list(locales))
    return user


def arabic_signal(**fields):
    submitter = factories.create_user("member", locale="ar")
    fields.setdefault("body", ARABIC_TEXT)
    return factories.create_signal(submitter=submitter, language="ar", **fields)


def request_dutch(signal, actor=None):
    (item,) = services.request_translation(
        "signal", signal, "body", ["nl"], used_for="Triage", actor=actor
    )
    db.session.flush()
    return item


def welkomhuis_term():
    return save_term(
        None,
        "Welkomhuis",
        "",
        {"ar": ("", True), "ti": ("", True), "en": ("Welcome House", False)},
    )
