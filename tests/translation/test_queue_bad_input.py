"""Bad input in the editor: empty or unchanged text, a stale save, glossary warnings."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from stem.core.db import db
from stem.translation.models import TranslationRequest
from tests.translation.desk_helpers import arabic_signal, request_dutch, translator, welkomhuis_term


@pytest.fixture
def item(app):
    made = request_dutch(arabic_signal(body="مركز Welkomhuis في أوتريخت مغلق يوم الإثنين."))
    db.session.commit()
    return made


def _post(client, item, text, version=None, action="save"):
    return client.post(
        f"/translation/{item.id}",
        data={
            "csrf_token": client.csrf_token(),
            "text": text,
            "version": str(version or item.version),
            "action": action,
        },
    )


def test_an_empty_translation_is_refused_with_a_message(client, login_as, item):
    login_as(translator("ar"))
    response = _post(client, item, "   ")
    assert response.status_code == 422
    assert "Fill in the translation." in response.text
    db.session.refresh(item)
    assert item.status == "requested"


def test_an_unchanged_translation_is_refused(client, login_as, item):
    login_as(translator("ar"))
    response = _post(client, item, item.source_text)
    assert response.status_code == 422
    assert "The translation is the same as the source text." in response.text


def test_a_stale_save_shows_both_texts_and_keeps_the_first(client, login_as, item):
    login_as(translator("ar"))
    opened = item.version
    assert _post(client, item, "Het Welkomhuis is dicht.", opened).status_code == 303
    late = _post(client, item, "Mijn latere tekst, op een oude kopie.", opened)
    assert late.status_code == 409
    assert "Het Welkomhuis is dicht." in late.text
    assert "Mijn latere tekst, op een oude kopie." in late.text
    db.session.refresh(item)
    assert item.draft_text == "Het Welkomhuis is dicht."


def test_a_translation_into_the_source_language_cannot_be_stored(app):
    signal = arabic_signal()
    db.session.add(
        TranslationRequest(
            source_kind="signal",
            source_id=signal.id,
            source_text="x",
            source_locale="ar",
            target_locale="ar",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(TranslationRequest.id))) == 0


def test_the_glossary_flags_a_term_not_kept_but_saves_anyway(client, login_as, item):
    welkomhuis_term()
    db.session.commit()
    login_as(translator("ar"))
    page = client.get(f"/translation/{item.id}")
    assert "Welkomhuis" in page.text
    assert _post(client, item, "Het opvanghuis in Utrecht is maandag dicht.").status_code == 303
    warned = client.get(f"/translation/{item.id}")
    assert 'id="glossary-missing"' in warned.text
    assert _post(client, item, "Het Welkomhuis in Utrecht is maandag dicht.").status_code == 303
    assert 'id="glossary-missing"' not in client.get(f"/translation/{item.id}").text
