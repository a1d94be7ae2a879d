"""Partners report on their organisation's actions; overdue counts, filters and the digest."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from stem.actions import jobs, queries
from stem.actions.models import ActionUpdate
from stem.core.db import db
from stem.notify.models import OutboxMessage
from tests import factories
from tests.actions.helpers import create_action, update_data


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def world(app):
    org, other_org = factories.create_organisation(), factories.create_organisation()
    staff = factories.create_user("staff", locale="nl")
    ours = create_action(staff, owner_organisation=org, title="Actie van onze partner")
    theirs = create_action(staff, owner_organisation=other_org, title="Actie van een ander")
    internal = create_action(staff, title="Actie van de gemeente")
    db.session.commit()
    return {"org": org, "other_org": other_org, "staff": staff, "ours": ours, "theirs": theirs,
            "internal": internal}


# Who gets what: (role, which action) -> status of GET /actions/<id>
MATRIX = {
    ("member", "ours"): 403, ("member", "theirs"): 403,
    ("partner", "ours"): 200, ("partner", "theirs"): 404, ("partner", "internal"): 404,
    ("staff", "ours"): 200, ("staff", "theirs"): 200, ("staff", "internal"): 200,
    ("admin", "internal"): 200,
}


@pytest.mark.parametrize(("role", "which"), list(MATRIX))
def test_access_matrix(client, login_as, world, role, which):
    fields = {"organisation": world["org"]} if role == "partner" else {}
    login_as(role, **fields)
    action = world[which]
    assert client.get(f"/actions/{action.id}").status_code == MATRIX[role, which]
    edit = client.get(f"/actions/{action.id}/edit").status_code
    assert edit == (200 if role in ("staff", "admin") else 403 if role in ("member", "partner") else 404)
    overview = client.get("/actions")
    assert overview.status_code == (403 if role == "member" else 200)
    if role == "partner":
        page = _text(overview)
        assert "Actie van onze partner" in page
        assert "Actie van een ander" not in page
        assert "Actie van de gemeente" not in page


def test_visitors_are_sent_to_sign_in(client, world):
    for path in ("/actions", f"/actions/{world['ours'].id}", "/actions/new"):
        assert client.get(path).status_code == 302


def test_a_partner_posts_an_update_and_staff_approve_it(client, login_as, world):
    partner = login_as("partner", organisation=world["org"], locale="nl")
    action = world["ours"]
    data = update_data(client.csrf_token(), public="y", happened_ar="بدأت مجموعة التدريب الأولى.",
                       reviewed_ar="y")
    assert client.post(f"/actions/{action.id}/updates", data=data).status_code == 303
    update = db.session.scalars(sa.select(ActionUpdate)).one()
    assert (update.state, update.public, update.author_id) == ("submitted", True, partner.id)
    assert update.text("ar").reviewed is False  # a partner cannot mark a translation reviewed
    assert client.post(f"/actions/{action.id}/updates/{update.id}/approve",
                       data={"csrf_token": client.csrf_token()}).status_code == 403
    staff = login_as(world["staff"])
    page = _text(client.get(f"/actions/{action.id}"))
    assert "Wacht op goedkeuring" in page
    response = client.post(f"/actions/{action.id}/updates/{update.id}/approve",
                           data={"csrf_token": client.csrf_token()})
    assert response.status_code == 303
    db.session.expire_all()
    update = db.session.get(ActionUpdate, update.id)
    assert (update.state, update.approved_by_id) == ("approved", staff.id)


def test_a_partner_cannot_update_another_organisations_action(client, login_as, world):
    login_as("partner", organisation=world["org"])
    for action in (world["theirs"], world["internal"]):
        response = client.post(f"/actions/{action.id}/updates", data=update_data(client.csrf_token()))
        assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionUpdate)) == 0


def test_staff_updates_are_approved_at_once(client, login_as, world):
    login_as(world["staff"])
    client.post(f"/actions/{world['internal'].id}/updates", data=update_data(client.csrf_token()))
    assert db.session.scalars(sa.select(ActionUpdate)).one().state == "approved"


def test_no_update_on_a_stopped_action(client, login_as, world):
    staff = world["staff"]
    stopped = create_action(staff, status="stopped", stopped_reason="Geen budget meer")
    db.session.commit()
    login_as(staff)
    response = client.post(f"/actions/{stopped.id}/updates", data=update_data(client.csrf_token()))
    assert response.status_code == 400
    assert "Bij een gestopte actie kun je geen voortgang melden." in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionUpdate)) == 0


def test_an_update_without_dutch_text_or_with_a_bad_date_is_refused(client, login_as, world):
    login_as(world["staff"])
    url = f"/actions/{world['internal'].id}/updates"
    assert client.post(url, data=update_data(client.csrf_token(), happened_nl="")).status_code == 400
    early = update_data(client.csrf_token(), next_on="2026-01-01")
    response = client.post(url, data=early)
    assert response.status_code == 400
    assert "De datum van de volgende stap ligt voor de datum van deze melding." in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionUpdate)) == 0


def test_overdue_actions_and_commitments_are_counted_and_highlighted(client, login_as):
    staff = factories.create_user("staff", locale="nl")
    past = queries.today() - timedelta(days=3)
    create_action(staff, title="Te late actie", starts_on=past - timedelta(days=30), due_on=past)
    create_action(staff, title="Klare actie", due_on=past, status="done")
    create_action(staff, title="Toekomstige actie", due_on=queries.today() + timedelta(days=30))
    factories.create_commitment(due_on=past, status="open")
    factories.create_commitment(due_on=past, status="fulfilled")
    db.session.commit()
    assert queries.overdue_count() == 1
    assert queries.overdue_commitments_count() == 1
    login_as(staff)
    home = _text(client.get("/home"))
    assert "vervolgacties te laat" in home
    assert "/actions?status=overdue" in home
    overview = _text(client.get("/actions?status=overdue"))
    assert "Te late actie" in overview
    assert "stem-inbox__row--overdue" in overview
    assert "Klare actie" not in overview
    assert "Toekomstige actie" not in overview
    assert "1 toezegging is over de afgesproken datum." in overview


def test_overview_filters_by_owner_commitment_theme_and_status(client, login_as):
    staff = factories.create_user("staff", locale="nl")
    org = factories.create_organisation()
    theme = factories.create_theme()
    commitment = factories.create_commitment()
    themed_signal = factories.create_signal(theme=theme)
    commitment_signal = factories.create_signal(theme=theme)
    commitment.signals.append(commitment_signal)
    create_action(staff, owner_organisation=org, title="Van de partner")
    by_signal = create_action(staff, title="Via signaal", status="in_progress")
    by_signal.signals.append(themed_signal)
    by_commitment = create_action(staff, title="Via toezegging", owner_department="Wonen")
    by_commitment.commitments.append(commitment)
    db.session.commit()
    login_as(staff)

    def titles(query: str) -> set[str]:
        page = _text(client.get(f"/actions?{query}"))
        return {t for t in ("Van de partner", "Via signaal", "Via toezegging") if t in page}

    assert titles(f"owner=o{org.id}") == {"Van de partner"}
    assert titles("owner=dWonen") == {"Via toezegging"}
    assert titles(f"commitment={commitment.id}") == {"Via toezegging"}
    assert titles(f"theme={theme.id}") == {"Via signaal", "Via toezegging"}
    assert titles("status=in_progress") == {"Via signaal"}
    assert titles("status=nonsense&owner=x&theme=abc") == {"Van de partner", "Via signaal", "Via toezegging"}
    # htmx asks for the results block only, and learns the address to show.
    partial = client.get(f"/actions?owner=o{org.id}", headers={"HX-Request": "true"})
    assert partial.headers["HX-Push-Url"] == f"/actions?owner=o{org.id}"
    assert "<html" not in partial.get_data(as_text=True)
    assert 'id="results"' in partial.get_data(as_text=True)


def test_the_weekly_digest_is_sent_once_per_person_and_week(app):
    today = date(2027, 3, 10)
    eva = factories.create_user("staff", locale="ar")
    jan = factories.create_user("staff", locale="nl")
    create_action(eva, title="Te laat", due_on=today - timedelta(days=2))
    create_action(eva, title="Binnenkort", due_on=today + timedelta(days=5))
    create_action(eva, title="Later", due_on=today + timedelta(days=40))
    create_action(jan, title="Klaar", due_on=today - timedelta(days=2), status="done")
    db.session.commit()
    assert jobs.queue_digests(today) == 1
    db.session.commit()
    assert jobs.queue_digests(today) == 0
    assert jobs.queue_digests(today + timedelta(days=2)) == 0  # same ISO week
    db.session.commit()
    messages = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "action_digest")).all()
    assert len(messages) == 1
    message = messages[0]
    assert (message.user_id, message.locale) == (eva.id, "ar")
    assert "Te laat" in message.body
    assert "Binnenkort" in message.body
    assert "Later" not in message.body
    # In Eva's language: Arabic words around the (Dutch) titles.
    assert "إجراءات المتابعة هذه متأخرة:" in message.body
    assert message.subject.startswith("إجراءات المتابعة")
    assert jobs.queue_digests(today + timedelta(days=7)) == 1  # the next week


def test_the_digest_job_runs_from_the_scheduler(app):
    from stem.notify.scheduler import load_jobs

    assert "action_digest" in {job.id for job in load_jobs()}


def test_a_partners_updates_are_counted_in_her_data_export(client, login_as, world):
    import json

    login_as("partner", organisation=world["org"])
    client.post(f"/actions/{world['ours'].id}/updates", data=update_data(client.csrf_token()))
    work = json.loads(client.get("/account/my-data.json").get_data(as_text=True))["work"]
    assert work["progress_updates_written"] == 1
