"""Staff see who asked to be contacted, with the consented address; each view is audited."""

from __future__ import annotations

import sqlalchemy as sa

from stem.core.db import db
from stem.core.models import AuditEvent
from stem.surveys.models import ContactRequest
from tests import factories


def _request(round_, member, note=""):
    question = round_.survey.questions[-1]
    question.ask_contact = True
    follow_up = ContactRequest(
        round_id=round_.id, question_id=question.id, user_id=member.id, note=note
    )
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


def test_staff_see_the_member_and_address_and_the_view_is_audited(client, login_as):
    round_ = factories.create_round(anonymous=False)
    member = factories.create_user("member", display_name="Hodan Ali", email="hodan@example.nl")
    _request(round_, member, note="De taalles stopt te vaak.")
    staff = login_as("staff", locale="nl")
    html = client.get(f"/staff/rounds/{round_.id}/contact-requests").get_data(as_text=True)
    assert "Hodan Ali" in html
    assert "hodan@example.nl" in html
    assert "De taalles stopt te vaak." in html
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "contact_requests.view")
    )
    assert event.actor_id == staff.id
    assert event.object_id == str(round_.id)


def test_anonymous_rounds_say_why_the_answer_is_missing(client, login_as):
    round_ = factories.create_round(anonymous=True)
    _request(round_, factories.create_user("member", display_name="Yonas"))
    login_as("staff", locale="nl")
    html = client.get(f"/staff/rounds/{round_.id}/contact-requests").get_data(as_text=True)
    assert "Yonas" in html
    assert "Dit is een anonieme ronde." in html


def test_marking_handled_is_idempotent_and_scoped_to_the_round(client, login_as):
    round_, other = factories.create_round(), factories.create_round()
    follow_up = _request(round_, factories.create_user("member"))
    login_as("staff", locale="nl")
    wrong = client.post_form(f"/staff/rounds/{other.id}/contact-requests/{follow_up.id}/handled", {})
    assert wrong.status_code == 404
    for _ in range(2):
        response = client.post_form(
            f"/staff/rounds/{round_.id}/contact-requests/{follow_up.id}/handled", {}
        )
        assert response.status_code == 303
    db.session.refresh(follow_up)
    assert follow_up.handled_at is not None
    handled = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "contact_request.handled")
    ).all()
    assert len(handled) == 1


def test_members_and_partners_cannot_see_contact_requests(client, login_as):
    round_ = factories.create_round()
    _request(round_, factories.create_user("member", display_name="Amal"))
    for role in ("member", "partner"):
        login_as(role)
        response = client.get(f"/staff/rounds/{round_.id}/contact-requests")
        assert response.status_code in (403, 404)
        assert "Amal" not in response.get_data(as_text=True)
