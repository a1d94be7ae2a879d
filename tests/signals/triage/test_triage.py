"""Staff triage: workflow, assignment, theme and deadline, links, bulk actions, the inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.core.models import AuditEvent
from stem.signals.deadlines import reply_due
from stem.signals.models import Signal, SignalSubmitter
from stem.signals.triage import replies
from stem.signals.triage import services as triage
from tests import factories
from tests.signals.triage_helpers import (
    commitment,
    events,
    page,
    reload,
    signal,
    text,
    version_on,
)


@pytest.fixture
def staff():
    return factories.create_user("staff", display_name="Eva de Vries")


# --- workflow ------------------------------------------------------------------------------


def test_status_moves_along_the_workflow_and_writes_history(staff):
    s = signal()
    triage.change_status(staff, s, "triage", version=s.version)
    triage.change_status(staff, s, "in_progress", version=s.version)
    lines = events(s, "status")
    assert [(e.old, e.new, e.actor_id) for e in lines] == [
        ("new", "triage", staff.id),
        ("triage", "in_progress", staff.id),
    ]
    assert all(e.at is not None for e in lines)
    assert reload(s).status == "in_progress"


def test_answered_needs_a_reply(staff):
    s = signal(status="in_progress")
    with pytest.raises(triage.TriageError) as refused:
        triage.change_status(staff, s, "answered")
    assert refused.value.field == "status"
    assert reload(s).status == "in_progress"
    assert "answered" not in triage.allowed_statuses(s)
    replies.write_reply(staff, s, {"nl": "We gaan dit oplossen."})
    assert reload(s).status == "answered"
    assert reload(s).answered_at is not None


def test_not_pursued_needs_a_reason_and_keeps_it(staff):
    s = signal()
    with pytest.raises(triage.TriageError) as refused:
        triage.change_status(staff, s, "not_pursued", reason="   ")
    assert refused.value.field == "reason"
    triage.change_status(staff, s, "not_pursued", reason="Valt buiten de gemeente.")
    s = reload(s)
    assert s.status == "not_pursued"
    assert s.status_reason == "Valt buiten de gemeente."
    assert s.closed_at is not None
    assert [e.new for e in events(s, "reason")] == ["Valt buiten de gemeente."]


def test_closing_and_reopening(staff):
    s = signal(status="answered")
    triage.change_status(staff, s, "closed")
    assert reload(s).closed_at is not None
    triage.change_status(staff, s, "in_progress")
    assert reload(s).closed_at is None


@pytest.mark.parametrize(
    ("start", "target"), [("new", "closed"), ("new", "merged"), ("closed", "new")]
)
def test_impossible_transitions_are_refused(staff, start, target):
    s = signal(status=start)
    with pytest.raises(triage.TriageError):
        triage.change_status(staff, s, target)
    assert reload(s).status == start
    assert events(s, "status") == []


def test_only_staff_triage():
    member = factories.create_user("member")
    s = signal()
    with pytest.raises(PermissionError):
        triage.change_status(member, s, "triage")


# --- assignment, theme, priority, district ---------------------------------------------------


def test_assign_to_staff_only_with_readable_history(staff):
    s = signal()
    colleague = factories.create_user("admin", display_name="Jeroen Bakker")
    triage.update_details(staff, s, assignee=colleague)
    triage.update_details(staff, s, assignee=staff)
    triage.update_details(staff, s, assignee=None)
    assert [(e.old, e.new) for e in events(s, "assignee")] == [
        ("", "Jeroen Bakker"),
        ("Jeroen Bakker", "Eva de Vries"),
        ("Eva de Vries", ""),
    ]
    member = factories.create_user("member")
    with pytest.raises(triage.TriageError) as refused:
        triage.update_details(staff, s, assignee=member)
    assert refused.value.field == "assignee"
    assert reload(s).assignee_id is None


def test_theme_change_recomputes_the_deadline_from_the_day_it_came_in(staff):
    quick = factories.create_theme(reply_days=3)
    slow = factories.create_theme(reply_days=20)
    s = signal(theme=quick)
    created = s.created_at.astimezone(triage.AMSTERDAM).date()
    triage.update_details(staff, s, theme=slow)
    s = reload(s)
    assert s.due_on == reply_due(created, 20)
    assert [e.new for e in events(s, "theme")] == [slow.name("nl")]
    assert [e.new for e in events(s, "due")] == [s.due_on.isoformat()]
    # Priority alone leaves the deadline alone.
    triage.update_details(staff, s, priority="high")
    assert reload(s).due_on == reply_due(created, 20)


def test_priority_and_district_are_checked(staff):
    s = signal()
    changed = triage.update_details(staff, s, priority="high", district="overvecht")
    assert changed == ["priority", "district"]
    for bad in ({"priority": "urgent"}, {"district": "amsterdam"}):
        with pytest.raises(triage.TriageError):
            triage.update_details(staff, s, **bad)
    s = reload(s)
    assert (s.priority, s.district) == ("high", "overvecht")
    assert [(e.old, e.new) for e in events(s, "district")] == [("", "overvecht")]


def test_nothing_changed_writes_no_history(staff):
    s = signal()
    before = len(events(s))
    assert triage.update_details(staff, s, priority=s.priority, theme=s.theme, district=None) == []
    assert len(events(s)) == before


# --- commitments -----------------------------------------------------------------------------


def test_link_and_unlink_commitments(staff):
    s = signal()
    t40 = commitment("21/T40")
    assert triage.link_commitment(staff, s, t40)
    assert not triage.link_commitment(staff, s, t40)  # already linked
    assert [c.code for c in reload(s).commitments] == ["21/T40"]
    linked_by = db.session.execute(sa.text("SELECT linked_by_id FROM signal_commitments")).scalar()
    assert linked_by == staff.id
    assert triage.unlink_commitment(staff, s, t40)
    assert reload(s).commitments == []
    assert [(e.kind, e.old, e.new) for e in events(s) if e.kind in ("link", "unlink")] == [
        ("link", "", "21/T40"),
        ("unlink", "21/T40", ""),
    ]


# --- bulk ------------------------------------------------------------------------------------


def test_bulk_assign_theme_and_status(staff):
    signals = [signal() for _ in range(3)]
    versions = {s.id: s.version for s in signals}
    result = triage.bulk_update(staff, versions, "assign", assignee=staff)
    assert sorted(result.changed) == sorted(s.reference for s in signals)
    theme = factories.create_theme()
    versions = {s.id: reload(s).version for s in signals}
    triage.bulk_update(staff, versions, "theme", theme=theme)
    versions = {s.id: reload(s).version for s in signals}
    triage.bulk_update(staff, versions, "status", status="in_progress")
    for s in signals:
        s = reload(s)
        assert (s.assignee_id, s.theme_id, s.status) == (staff.id, theme.id, "in_progress")


def test_bulk_refuses_what_does_not_fit_and_reports_it(staff):
    fine, merged = signal(), signal(status="merged")
    result = triage.bulk_update(
        staff, {fine.id: fine.version, merged.id: merged.version}, "status", status="triage"
    )
    assert result.changed == [fine.reference]
    assert result.refused == [merged.reference]
    with pytest.raises(triage.TriageError):
        triage.bulk_update(staff, {fine.id: 2}, "status", status="not_pursued")  # no reason
    with pytest.raises(triage.TriageError):
        triage.bulk_update(staff, {}, "assign", assignee=staff)
    with pytest.raises(triage.TriageError):
        triage.bulk_update(staff, {fine.id: 2}, "assign", assignee=factories.create_user())


def test_bulk_route_keeps_the_filters(client, login_as):
    staff = login_as("staff")
    signals = [signal() for _ in range(2)]
    back = "/staff/signals?status=all&sort=oldest"
    response = client.post_form(
        "/staff/signals/bulk",
        {
            "ids": [f"{s.id}:{s.version}" for s in signals],
            "action": "assign",
            "bulk_assignee": str(staff.id),
            "next": back,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(back)
    assert all(reload(s).assignee_id == staff.id for s in signals)
    # A forged "next" goes back to the inbox, not elsewhere.
    response = client.post_form(
        "/staff/signals/bulk", {"ids": [], "action": "assign", "next": "https://evil.example/"}
    )
    assert response.headers["Location"].endswith("/staff/signals")


# --- the inbox ---------------------------------------------------------------------------------


def _inbox(client, query: str = "") -> str:
    response = client.get("/staff/signals" + query)
    assert response.status_code == 200
    return page(response)


def test_inbox_filters(client, login_as):
    staff = login_as("staff")
    theme, other_theme = factories.create_theme(), factories.create_theme()
    partner = factories.create_user("partner")
    commitment = factories.create_commitment()
    a = signal(theme=theme, body="Alpha: de bus naar het Welkomhuis rijdt niet.", district="west")
    b = signal(theme=other_theme, submitter=partner, body="Bravo: lessen vallen uit.")
    c = signal(theme=theme, body="Charlie: niemand belt terug.", status="closed")
    d = signal(theme=theme, body="Delta: te laat.", due_on=triage.today() - timedelta(days=2))
    triage.update_details(staff, a, assignee=staff)
    triage.link_commitment(staff, b, commitment)
    db.session.commit()

    def found(query):
        html = _inbox(client, query)
        return {s.reference for s in (a, b, c, d) if s.reference in html}

    assert found("") == {a.reference, b.reference, d.reference}  # open ones by default
    assert found("?status=all") == {a.reference, b.reference, c.reference, d.reference}
    assert found("?status=closed") == {c.reference}
    assert found(f"?theme={theme.id}") == {a.reference, d.reference}
    assert found("?source=partner") == {b.reference}
    assert found(f"?organisation={partner.organisation_id}") == {b.reference}
    assert found("?district=west") == {a.reference}
    assert found(f"?assignee={staff.id}") == {a.reference}
    assert found("?assignee=none") == {b.reference, d.reference}
    assert found(f"?commitment={commitment.id}") == {b.reference}
    assert found("?overdue=1") == {d.reference}
    assert found("?q=welkomhuis") == {a.reference}
    assert found(f"?q={b.reference.lower()}&status=all") == {b.reference}
    assert found("?q=100%25") == set()  # LIKE wildcards are plain text
    # Nonsense in the URL is ignored, never an error.
    assert found("?status=bogus&theme=x&assignee=-1&sort=evil&page=abc") == {
        a.reference,
        b.reference,
        d.reference,
    }


def test_inbox_sorts_and_pages(client, login_as):
    login_as("staff")
    made = [signal(body=f"Signaal nummer {n}") for n in range(30)]
    db.session.commit()
    html = _inbox(client, "?sort=oldest")
    assert made[0].reference in html
    assert made[29].reference not in html
    html = _inbox(client, "?sort=oldest&page=2")
    assert made[29].reference in html
    assert made[0].reference not in html
    assert "sort=oldest" in html  # the page links keep the filters
    html = _inbox(client)
    assert made[29].reference in html
    assert made[0].reference not in html


def test_inbox_counts_and_marks_overdue(client, login_as):
    login_as("staff")
    late = signal(due_on=triage.today() - timedelta(days=1))
    signal(due_on=triage.today() - timedelta(days=1), status="closed")  # closed: not late
    signal()
    db.session.commit()
    html = _inbox(client)
    assert "stem-inbox__row--overdue" in html
    assert html.count("stem-inbox__row--overdue") == 1
    assert "?overdue=1" in html
    assert late.reference in html


def test_htmx_gets_only_the_results(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    response = client.get(
        "/staff/signals?q=&status=all&theme=&district=&sort=newest", headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # The address bar gets the filters in use, not every empty field of the form.
    assert response.headers["HX-Push-Url"] == "/staff/signals?status=all"
    # The count (a live region swapped out of band, see inbox.html), then the results.
    assert html.lstrip().startswith('<div id="inbox-count"')
    assert '<div id="results"' in html
    assert s.reference in html
    assert "<html" not in html


def test_inbox_query_count_does_not_grow_with_rows(client, login_as, count_queries):
    login_as("staff")
    commitment = factories.create_commitment()
    partner = factories.create_user("partner")

    def add(n):
        for _ in range(n):
            s = signal(submitter=partner)
            s.assignee_id = None
            db.session.execute(
                sa.text(
                    "INSERT INTO signal_commitments (signal_id, commitment_id, linked_at) VALUES (:s, :c, :t)"
                ),
                {"s": s.id, "c": commitment.id, "t": utcnow().replace(tzinfo=None)},
            )
        db.session.commit()

    add(2)
    with count_queries() as few:
        _inbox(client)
    add(20)
    with count_queries() as many:
        _inbox(client)
    assert len(many) == len(few)
    assert len(many) <= 15


# --- the triage page ------------------------------------------------------------------------------


def test_triage_page_shows_the_signal_and_its_history(client, login_as):
    staff = login_as("staff", display_name="Eva")
    s = signal(body="De taalschool zegt steeds lessen af.")
    triage.change_status(staff, s, "triage")
    db.session.commit()
    html = page(client.get(f"/staff/signals/{s.id}"))
    assert "De taalschool zegt steeds lessen af." in html
    assert (
        text("Status gewijzigd van %(old)s naar %(new)s.", old=text("Ontvangen"), new=text("Wordt bekeken"))
        in html
    )
    assert version_on(html) == reload(s).version


def test_contact_details_only_with_consent_and_audited(client, login_as):
    login_as("staff")
    shy = factories.create_user("member", display_name="Verlegen Vera", email="vera@example.nl")
    open_ = factories.create_user("member", display_name="Open Omar", email="omar@example.nl")
    s = signal(submitter=shy)
    s.submitters.append(SignalSubmitter(user_id=open_.id, locale="ar", may_contact=True))
    db.session.commit()
    html = page(client.get(f"/staff/signals/{s.id}"))
    assert "Verlegen Vera" not in html
    assert "vera@example.nl" not in html
    assert "Open Omar" in html
    assert "omar@example.nl" in html
    logged = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "signal.contact_view")
    ).all()
    assert len(logged) == 1
    assert logged[0].object_id == str(s.id)


def test_no_audit_when_no_personal_data_is_shown(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    client.get(f"/staff/signals/{s.id}")
    assert not db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "signal.contact_view")
    ).all()


def test_status_form(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    url = f"/staff/signals/{s.id}/status"
    response = client.post_form(url, {"status": "triage", "version": s.version})
    assert response.status_code == 303
    assert reload(s).status == "triage"
    # Not pursued without a reason: the form says so, nothing changes.
    response = client.post_form(url, {"status": "not_pursued", "version": reload(s).version})
    assert response.status_code == 400
    assert text("Schrijf op waarom het signaal niet wordt opgepakt.") in page(response)
    assert reload(s).status == "triage"
    # A status that is not on offer is a form error, not a crash.
    response = client.post_form(url, {"status": "closed", "version": reload(s).version})
    assert response.status_code == 400
    assert reload(s).status == "triage"


def test_details_form(client, login_as):
    staff = login_as("staff")
    s = signal()
    theme = factories.create_theme()
    db.session.commit()
    data = {
        "assignee": staff.id,
        "theme": theme.id,
        "priority": "high",
        "district": "zuid",
        "version": s.version,
    }
    response = client.post_form(f"/staff/signals/{s.id}/details", data)
    assert response.status_code == 303
    s = reload(s)
    assert (s.assignee_id, s.theme_id, s.priority, s.district) == (
        staff.id,
        theme.id,
        "high",
        "zuid",
    )
    # Forged values: an unknown theme and district, a member as assignee.
    member = factories.create_user("member")
    db.session.commit()
    for forged in ({"theme": 999999}, {"district": "mars"}, {"assignee": member.id}):
        response = client.post_form(
            f"/staff/signals/{s.id}/details", {**data, "version": reload(s).version, **forged}
        )
        assert response.status_code == 400, forged
    s = reload(s)
    assert (s.assignee_id, s.theme_id, s.district) == (staff.id, theme.id, "zuid")


def test_link_form(client, login_as):
    login_as("staff")
    s = signal()
    t40 = commitment("21/T40")
    db.session.commit()
    response = client.post_form(
        f"/staff/signals/{s.id}/commitments", {"commitment": t40.id, "version": s.version}
    )
    assert response.status_code == 303
    assert [c.code for c in reload(s).commitments] == ["21/T40"]
    response = client.post_form(
        f"/staff/signals/{s.id}/commitments", {"commitment": 999999, "version": reload(s).version}
    )
    assert response.status_code == 400
    response = client.post_form(
        f"/staff/signals/{s.id}/commitments/{t40.id}/unlink", {"version": reload(s).version}
    )
    assert response.status_code == 303
    assert reload(s).commitments == []


def test_tampered_ids_are_not_found(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    assert client.get("/staff/signals/999999").status_code == 404
    assert client.post_form("/staff/signals/999999/status", {"status": "triage"}).status_code == 404
    response = client.post_form(f"/staff/signals/{s.id}/commitments/999999/unlink", {})
    assert response.status_code == 404
    huge = "9" * 25  # more than any database integer holds
    assert client.get(f"/staff/signals/{huge}").status_code == 404
    assert client.get(f"/staff/signals/{s.id}/merge?into={huge}").status_code == 400
    response = client.post_form(f"/staff/signals/{s.id}/merge?into_id={huge}", {"version": 1})
    assert response.status_code == 404
    response = client.post_form(
        "/staff/signals/bulk", {"ids": [f"{huge}:1", "x:y"], "action": "assign"}
    )
    assert response.status_code == 303


def test_members_and_partners_cannot_triage(client, login_as):
    s = signal()
    db.session.commit()
    for role in ("member", "partner"):
        login_as(role)
        assert client.get("/staff/signals").status_code == 403
        assert client.get(f"/staff/signals/{s.id}").status_code == 403
        response = client.post_form(f"/staff/signals/{s.id}/status", {"status": "triage"})
        assert response.status_code == 403
    assert reload(s).status == "new"


def test_merged_signal_page_has_no_forms(client, login_as):
    staff = login_as("staff")
    survivor, duplicate = signal(), signal()
    from stem.signals.triage.merge import merge

    merge(staff, duplicate, survivor)
    db.session.commit()
    html = page(client.get(f"/staff/signals/{duplicate.id}"))
    assert survivor.reference in html
    assert f"/staff/signals/{duplicate.id}/status" not in html
    assert f"/staff/signals/{duplicate.id}/reply" not in html
    assert db.session.get(Signal, duplicate.id).status == "merged"
