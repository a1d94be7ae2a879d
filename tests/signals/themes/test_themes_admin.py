"""Admins manage the list of themes: add, rename per language, reorder, deactivate, delete."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from stem.core.db import db
from stem.core.models import AuditEvent
from stem.signals.models import Theme
from tests.factories import create_signal, create_survey, create_theme
from tests.texts import in_language

THEMES = "/admin/themes"
NEW = "/admin/themes/new"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _theme(slug: str) -> Theme | None:
    return db.session.scalar(sa.select(Theme).where(Theme.slug == slug))


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Theme))


def _form(**fields) -> dict:
    data = {
        "slug": "vrijwilligerswerk",
        "name_nl": "Vrijwilligerswerk",
        "name_en": "Volunteering",
        "name_ar": "العمل التطوعي",
        "name_fa_AF": "",
        "name_ti": "",
        "name_tr": "",
        "name_uk": "",
        "name_so": "",
        "position": "20",
        "reply_days": "15",
        "active": "y",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def _edit(theme: Theme) -> str:
    return f"/admin/themes/{theme.id}/edit"


def test_the_list_shows_every_seeded_theme_in_the_readers_language(app, client, login_as):
    login_as("admin", locale="ar")
    create_signal(theme=_theme("huisvesting"))
    db.session.commit()
    response = client.get(THEMES)
    assert response.status_code == 200
    page = _text(response)
    assert "السكن" in page  # "Huisvesting" in Arabic
    assert "huisvesting" in page
    all_eight = in_language(app, "ar", "%(done)d van %(total)d", done=8, total=8)
    assert page.count(all_eight) >= 15  # every seeded theme is named in all eight languages
    row = page[page.index(f"/admin/themes/{_theme('huisvesting').id}/edit") :].split("</tr>")[0]
    assert ">1</td>" in row  # one signal


def test_admin_adds_a_theme(client, login_as):
    admin = login_as("admin")
    response = client.post_form(NEW, _form(slug=" Vrijwilligerswerk ", name_uk="  "))
    assert response.status_code == 303
    theme = _theme("vrijwilligerswerk")
    assert theme.names == {"nl": "Vrijwilligerswerk", "en": "Volunteering", "ar": "العمل التطوعي"}
    assert (theme.position, theme.reply_days, theme.active) == (20, 15, True)
    assert theme.name("so") == "Vrijwilligerswerk"  # no Somali name: the Dutch one
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "theme.create"))
    assert event.actor_id == admin.id
    assert event.details == {"slug": "vrijwilligerswerk"}


def test_a_new_theme_goes_last_unless_told_otherwise(client, login_as):
    login_as("admin")
    highest = db.session.scalar(sa.select(sa.func.max(Theme.position)))
    page = _text(client.get(NEW))
    position = re.search(r'<input[^>]*name="position"[^>]*>', page).group(0)
    assert f'value="{highest + 1}"' in position


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"slug": ""}, "Vul een korte naam in, zoals huisvesting."),
        ({"slug": "werk en inkomen"}, "Gebruik alleen kleine letters, cijfers en streepjes"),
        ({"slug": "-werk"}, "Gebruik alleen kleine letters, cijfers en streepjes"),
        ({"slug": "huisvesting"}, "Er is al een thema met deze korte naam."),
        ({"name_nl": "  "}, "Vul de Nederlandse naam van het thema in."),
        ({"name_en": "x" * 101}, "Gebruik maximaal 100 tekens."),
        ({"reply_days": "0"}, "Vul een aantal werkdagen in van 1 tot en met 60."),
        ({"reply_days": "61"}, "Vul een aantal werkdagen in van 1 tot en met 60."),
        ({"reply_days": "tien"}, "Vul een heel getal in, zoals 10."),
        ({"reply_days": ""}, "Vul in binnen hoeveel werkdagen een signaal antwoord krijgt."),
        ({"position": "-1"}, "Vul een getal in van 0 tot en met 9999."),
    ],
)
def test_bad_input_is_a_clear_form_error(client, login_as, fields, message):
    login_as("admin", locale="nl")
    before = _count()
    response = client.post_form(NEW, _form(**fields))
    assert response.status_code == 200
    page = _text(response)
    assert "Er is een probleem" in page
    assert message in page
    assert _count() == before


def test_admin_renames_reorders_and_deactivates_a_theme(client, login_as):
    admin = login_as("admin")
    theme = _theme("overig")
    response = client.post_form(
        _edit(theme),
        _form(
            slug="iets-anders",  # the short name cannot change: ignored
            name_nl="Overige onderwerpen",
            name_en="Other topics",
            name_ar="",
            position="99",
            reply_days="20",
            active=None,  # an unticked box is not sent
        ),
    )
    assert response.status_code == 303
    db.session.refresh(theme)
    assert theme.slug == "overig"
    assert theme.names == {"nl": "Overige onderwerpen", "en": "Other topics"}
    assert (theme.position, theme.reply_days, theme.active) == (99, 20, False)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "theme.update"))
    assert event.actor_id == admin.id
    assert event.details == {
        "slug": "overig",
        "changed": ["active", "names", "position", "reply_days"],
    }


def test_the_edit_form_holds_every_language(client, login_as):
    login_as("admin")
    theme = _theme("welkomhuis")
    page = _text(client.get(_edit(theme)))
    for name in theme.names.values():
        assert f'value="{name}"' in page
    assert 'lang="ar" dir="rtl"' in page or 'dir="rtl" lang="ar"' in page


def test_an_unused_theme_can_be_deleted(client, login_as):
    admin = login_as("admin", locale="nl")
    theme = create_theme("ongebruikt")
    db.session.commit()
    assert "Thema verwijderen" in _text(client.get(_edit(theme)))
    response = client.post_form(f"/admin/themes/{theme.id}/delete")
    assert response.status_code == 303
    assert _theme("ongebruikt") is None
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "theme.delete"))
    assert event.actor_id == admin.id


@pytest.mark.parametrize("used_by", ["signal", "question"])
def test_a_theme_in_use_cannot_be_deleted(client, login_as, used_by):
    login_as("admin", locale="nl")
    theme = create_theme("in-gebruik")
    if used_by == "signal":
        create_signal(theme=theme)
    else:
        create_survey().questions[0].theme_id = theme.id
    db.session.commit()
    page = _text(client.get(_edit(theme)))
    assert "Dit thema wordt gebruikt en kan niet worden verwijderd." in page
    assert f"/admin/themes/{theme.id}/delete" not in page
    response = client.post_form(f"/admin/themes/{theme.id}/delete", follow_redirects=True)
    assert "Zet het thema op niet actief" in _text(response)
    assert _theme("in-gebruik") is not None


@pytest.mark.parametrize("role", ["member", "partner", "staff"])
def test_only_admins_manage_themes(client, login_as, role):
    login_as(role)
    theme = _theme("huisvesting")
    for path in (THEMES, NEW, _edit(theme)):
        assert client.get(path).status_code == 403, path
    assert client.post_form(NEW, _form()).status_code == 403
    assert client.post_form(_edit(theme), _form(name_nl="Gehackt")).status_code == 403
    assert client.post_form(f"/admin/themes/{theme.id}/delete").status_code == 403
    db.session.refresh(theme)
    assert theme.names["nl"] == "Huisvesting"
    assert _theme("vrijwilligerswerk") is None


def test_unknown_themes_are_not_found(client, login_as):
    login_as("admin")
    assert client.get("/admin/themes/999999/edit").status_code == 404
    assert client.post_form("/admin/themes/999999/edit", _form()).status_code == 404
    assert client.post_form("/admin/themes/999999/delete").status_code == 404
