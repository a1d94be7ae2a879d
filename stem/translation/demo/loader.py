"""Two demo translators (Arabic ⇄ Dutch, Tigrinya ⇄ Dutch) with items waiting in their queue."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stem.accounts import services as accounts
from stem.accounts.models import User
from stem.core.db import db
from stem.translation import services
from stem.translation.demo.glossary import load_glossary
from stem.translation.models import TranslationRequest

# (display name, e-mail, language)
TRANSLATORS = [
    ("Layla (tolk Arabisch)", "layla.tolk@demo.stem.example", "ar"),
    ("Senait (tolk Tigrinya)", "senait.tolk@demo.stem.example", "ti"),
]
USED_FOR = "Triage: medewerkers lezen het signaal in het Nederlands."


def load_translation_demo() -> list[tuple[str, str, str]]:
    """The glossary, the translators, and a Dutch request for each demo signal in their languages.

    Returns (name, e-mail address, language of the page) of each translator, for `stem demo`.
    """
    from stem.signals.models import Signal

    load_glossary()
    listed = []
    staff = db.session.scalar(sa.select(User).where(User.role == "staff").order_by(User.id))
    for name, email, locale in TRANSLATORS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = accounts.create_user(role="translator", email=email, display_name=name)
            services.set_languages(user, [locale])
        listed.append((name, email, user.locale))
        signals = db.session.scalars(
            sa.select(Signal).where(Signal.language == locale).order_by(Signal.id)
        )
        for signal in signals:
            asked = sa.select(TranslationRequest.id).where(
                TranslationRequest.source_kind == "signal",
                TranslationRequest.source_id == signal.id,
            )
            if db.session.scalar(asked.limit(1)) is None:
                services.request_translation(
                    "signal",
                    signal,
                    "body",
                    ["nl"],
                    needed_by=date.today() + timedelta(days=3),
                    used_for=USED_FOR,
                    actor=staff,
                )
    db.session.flush()
    return listed
