"""Staff pages for rounds: list and plan, one round, open / remind / close with confirmation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.core.models import AuditEvent
from stem.notify.models import OutboxMessage
from stem.surveys.models import Invitation, Round
from stem.surveys.rounds.invitations import queue_invitations
from stem.surveys.rounds.schedule import add_months, period_of
from stem.surveys.rounds.services import open_round, plan_round
from tests.core.test_pages import check_page
from tests.factories import create_survey, create_user

DUTCH = next(lang for lang in __import__("stem.core.i18n", fromlist=["LANGUAGES"]).LANGUAGES
             if lang.code == "nl")


@pytest.fixture
def staff(login_as):
    # Dutch is the source language: these texts do not change when catalogs are translated.
    return login_as("staff", locale="nl")


def _this_month() -> str:
    return period_of(utcnow())


def _round(period: str) -> Round | None:
    return db.session.scalar(
        sa.select(Round).where(Round.period == period).execution_options(populate_existing=True)
    )


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_only_staff_see_the_round_pages(client, login_as):
    assert client.get("/staff/rounds").status_code == 302
    login_as("member")
    assert client.get("/staff/rounds").status_code == 403
    round_ = open_round("2031-05", utcnow(), survey=create_survey())
    assert client.get(f"/staff/rounds/{round_.id}").status_code == 403
    assert client.post(f"/staff/rounds/{round_.id}/close").status_code in (400, 403)


def test_list_shows_rounds_with_figures_and_plan_forms(client, staff):
    members = [create_user("member") for _ in range(4)]
    survey = create_survey(name="Wonen en werk")
    round_ = open_round("2026-01", utcnow() - timedelta(days=400), survey=survey)
    queue_invitations(round_, now=utcnow() - timedelta(days=400))
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.round_id == round_.id, Invitation.user_id == members[0].id)
        .values(responded=True)
    )
    invited = _count(Invitation, Invitation.round_id == round_.id)
    db.session.commit()

    response = client.get("/staff/rounds")
    assert response.status_code == 200
    html = _text(response)
    check_page(response.get_data(as_text=True), DUTCH)
    assert "januari 2026" in html
    assert "Wonen en werk" in html
    assert f'href="/staff/rounds/{round_.id}"' in html
    assert f">{invited}<" in html.replace(" <", "<").replace("> ", ">")
    this_month = _this_month()
    for offset in range(3):
        assert f'name="plan-{add_months(this_month, offset)}-survey"' in html
    assert "/staff/rounds/open?period=" + this_month in html


def _plan(client, period: str, survey_id) -> object:
    token = client.csrf_token()
    return client.post(
        "/staff/rounds",
        data={f"plan-{period}-csrf_token": token, f"plan-{period}-survey": str(survey_id)},
    )


def test_plan_a_survey_change_it_and_go_back_to_automatic(client, staff):
    period = add_months(_this_month(), 1)
    one, two = create_survey(name="Een"), create_survey(name="Twee")
    db.session.commit()
    response = _plan(client, period, one.id)
    assert response.status_code == 303
    assert (_round(period).status, _round(period).survey_id) == ("planned", one.id)
    follow = _text(client.get(response.location))
    assert "De vragenlijst voor" in follow
    assert _plan(client, period, two.id).status_code == 303
    assert _round(period).survey_id == two.id
    assert _plan(client, period, 0).status_code == 303
    assert _round(period) is None
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert {"round.plan", "round.unplan"} <= set(actions)


@pytest.mark.parametrize("value", ["abc", "999999", "-3", ""])
def test_a_tampered_survey_choice_is_a_form_error(client, staff, value):
    period = add_months(_this_month(), 1)
    create_survey(status="draft", name="Concept")
    db.session.commit()
    response = _plan(client, period, value)
    assert response.status_code == 200
    html = _text(response)
    assert "Kies een vragenlijst uit de lijst." in html
    assert "Fout:" in html
    assert _round(period) is None


def test_a_draft_survey_cannot_be_planned_even_by_id(client, staff):
    period = add_months(_this_month(), 1)
    draft = create_survey(status="draft")
    db.session.commit()
    response = _plan(client, period, draft.id)
    assert response.status_code == 200  # not among the choices
    assert _round(period) is None


def test_planning_a_month_that_cannot_be_planned_is_refused_kindly(client, staff):
    response = _plan(client, "1999-01", create_survey().id)
    assert response.status_code == 303
    assert "Deze maand kun je niet meer plannen" in _text(client.get(response.location))
    assert _round("1999-01") is None


def test_open_this_month_with_confirmation_and_a_double_submit(client, staff):
    members = [create_user("member") for _ in range(3)]
    period = _this_month()
    survey = create_survey(name="Deze maand", anonymous=True)
    plan_round(period, survey, staff)
    db.session.commit()

    confirm = client.get(f"/staff/rounds/open?period={period}")
    assert confirm.status_code == 200
    html = _text(confirm)
    check_page(confirm.get_data(as_text=True), DUTCH)
    assert "Deze maand (versie 1)" in html
    assert "De antwoorden zijn anoniem." in html
    assert "Ja, open de ronde nu" in html
    assert _round(period).status == "planned"  # a GET changes nothing

    token = client.csrf_token()
    first = client.post("/staff/rounds/open", data={"csrf_token": token, "period": period})
    assert first.status_code == 303
    round_ = _round(period)
    assert round_.status == "open"
    assert first.location.endswith(f"/staff/rounds/{round_.id}")
    invited = _count(Invitation, Invitation.round_id == round_.id)
    assert invited >= len(members)
    assert "De ronde is geopend." in _text(client.get(first.location))

    second = client.post("/staff/rounds/open", data={"csrf_token": token, "period": period})
    assert second.status_code == 303
    assert _count(Invitation, Invitation.round_id == round_.id) == invited
    assert _count(OutboxMessage, OutboxMessage.kind == "round_invitation") == invited
    assert "Deze ronde is al geopend." in _text(client.get(second.location))


def test_open_without_a_survey_explains_what_to_do(client, staff):
    response = client.get("/staff/rounds/open")
    assert response.status_code == 200
    assert "Er is geen vragenlijst voor deze ronde." in _text(response)
    token = client.csrf_token()
    post = client.post("/staff/rounds/open", data={"csrf_token": token, "period": _this_month()})
    assert post.status_code == 303
    assert _round(_this_month()) is None


@pytest.mark.parametrize("period", ["2031-13", "x", "1999-01", "2099-01"])
def test_open_refuses_tampered_or_unplanned_periods(client, staff, period):
    create_survey()
    db.session.commit()
    assert client.get(f"/staff/rounds/open?period={period}").status_code == 404
    token = client.csrf_token()
    response = client.post("/staff/rounds/open", data={"csrf_token": token, "period": period})
    assert response.status_code == 404
    assert _round(period) is None


def test_round_page_remind_and_close(client, staff):
    member = create_user("member")
    opened = utcnow() - timedelta(days=3)
    round_ = open_round("2031-06", opened, survey=create_survey())
    queue_invitations(round_, now=opened)
    db.session.commit()

    page = client.get(f"/staff/rounds/{round_.id}")
    assert page.status_code == 200
    html = _text(page)
    check_page(page.get_data(as_text=True), DUTCH)
    assert "Ronde van juni 2031" in html
    assert f"/staff/rounds/{round_.id}/remind" in html
    assert f"/staff/rounds/{round_.id}/close" in html

    confirm = client.get(f"/staff/rounds/{round_.id}/remind")
    assert confirm.status_code == 200
    assert "krijgen nu een herinnering" in _text(confirm) or "krijgt nu een herinnering" in _text(
        confirm)
    token = client.csrf_token()
    for _ in range(2):  # a double submit sends nothing extra
        response = client.post(f"/staff/rounds/{round_.id}/remind", data={"csrf_token": token})
        assert response.status_code == 303
    reminders = db.session.scalars(
        sa.select(OutboxMessage).where(
            OutboxMessage.kind == "round_reminder", OutboxMessage.user_id == member.id
        )
    ).all()
    assert len(reminders) == 1
    assert "round.remind" in db.session.scalars(sa.select(AuditEvent.action)).all()

    confirm = client.get(f"/staff/rounds/{round_.id}/close")
    assert "Ja, sluit de ronde nu" in _text(confirm)
    for _ in range(2):
        response = client.post(f"/staff/rounds/{round_.id}/close", data={"csrf_token": token})
        assert response.status_code == 303
    assert _round("2031-06").status == "closed"
    html = _text(client.get(f"/staff/rounds/{round_.id}"))
    assert "Gesloten op" in html
    assert f"/staff/rounds/{round_.id}/close" not in html
    response = client.post(f"/staff/rounds/{round_.id}/remind", data={"csrf_token": token})
    assert response.status_code == 303  # nothing to remind in a closed round; no error page


def test_planned_round_page_offers_opening(client, staff):
    round_ = plan_round(add_months(_this_month(), 2), create_survey(), staff)
    db.session.commit()
    html = _text(client.get(f"/staff/rounds/{round_.id}"))
    assert f"/staff/rounds/open?period={round_.period}" in html
    assert "Begint op" in html
    assert client.get(f"/staff/rounds/open?period={round_.period}").status_code == 200


def test_unknown_rounds_are_not_found(client, staff):
    for path in ("/staff/rounds/999999", "/staff/rounds/999999/remind",
                 "/staff/rounds/999999/close"):
        assert client.get(path).status_code == 404


def test_a_post_without_csrf_token_changes_nothing(client, staff):
    round_ = open_round("2031-07", utcnow(), survey=create_survey())
    db.session.commit()
    response = client.post(f"/staff/rounds/{round_.id}/close", data={})
    assert response.status_code == 400
    assert _round("2031-07").status == "open"


def test_results_link_when_that_page_exists(client, staff, app):
    round_ = open_round("2031-08", utcnow(), survey=create_survey())
    db.session.commit()
    html = _text(client.get(f"/staff/rounds/{round_.id}"))
    if "surveys.results" in app.view_functions:
        from flask import url_for

        with app.test_request_context():
            assert url_for("surveys.results", round_id=round_.id) in html
    else:
        assert "Resultaten bekijken" not in html
