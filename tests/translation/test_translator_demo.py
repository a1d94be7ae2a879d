"""The demo's translators: Arabic ⇄ Dutch and Tigrinya ⇄ Dutch, each with work waiting."""

from __future__ import annotations

import sqlalchemy as sa

from stem.accounts.models import User
from stem.core.db import db
from stem.core.demo import load_demo
from stem.translation import services
from stem.translation.models import TranslationRequest


def test_demo_translators_have_items_waiting_and_load_once(app):
    accounts = load_demo()
    count = db.session.scalar(sa.select(sa.func.count(TranslationRequest.id)))
    load_demo()
    assert db.session.scalar(sa.select(sa.func.count(TranslationRequest.id))) == count
    translators = {a.address: a for a in accounts if a.role == "translator"}
    assert len(translators) == 2
    for email, locale in (
        ("layla.tolk@demo.stem.example", "ar"),
        ("senait.tolk@demo.stem.example", "ti"),
    ):
        assert email in translators
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user.role == "translator"
        assert services.languages_of(user) == {locale}
        waiting = services.queue(user, status="requested")
        assert waiting
        assert {i.source_locale for i in waiting} == {locale}
        assert {i.target_locale for i in waiting} == {"nl"}
