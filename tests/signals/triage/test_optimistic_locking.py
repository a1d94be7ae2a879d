"""Two staff on one signal: the second save based on an old version never overwrites."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from stem.core.db import db
from stem.signals.models import Signal, SignalReply
from stem.signals.triage import merge, replies
from stem.signals.triage import services as triage
from tests import factories
from tests.notify.conftest import committed_app  # noqa: F401 - the fixture
from tests.signals.triage_helpers import (
    commitment,
    events,
    page,
    reload,
    signal,
    text,
    version_on,
)

STALE = (
    "Iemand anders heeft dit signaal net gewijzigd. Je wijziging is niet opgeslagen. "
    "Bekijk hieronder hoe het signaal nu is en probeer het opnieuw."
)


@pytest.fixture
def staff():
    return factories.create_user("staff", display_name="Eva")


def _changed_behind_our_back(target: Signal) -> int:
    """A colleague's save commits a new version while this session still holds the old one."""
    db.session.commit()
    loaded = target.version
    db.session.execute(
        sa.text("UPDATE signals SET version = version + 1, priority = 'high' WHERE id = :id"),
        {"id": target.id},
    )
    db.session.commit()
    # The copy in memory is the one read before the colleague's commit.
    set_committed_value(target, "version", loaded)
    set_committed_value(target, "priority", "normal")
    return loaded


def test_a_form_from_an_older_version_changes_nothing(staff):
    s = signal()
    shown = s.version
    triage.change_status(staff, s, "triage", version=shown)
    assert reload(s).version == shown + 1
    with pytest.raises(triage.StaleSignal):
        triage.update_details(staff, reload(s), priority="low", version=shown)
    assert reload(s).priority == "normal"
    with pytest.raises(triage.StaleSignal):
        triage.change_status(staff, reload(s), "not_pursued", reason="x", version="not-a-number")
    assert reload(s).status == "triage"


def test_a_concurrent_commit_between_read_and_write_is_caught(staff):
    """The version in the UPDATE's WHERE clause catches what the up-front check cannot."""
    s = signal()
    loaded_version = _changed_behind_our_back(s)
    with pytest.raises(triage.StaleSignal):
        triage.update_details(staff, s, priority="low", version=loaded_version)
    db.session.rollback()
    s = reload(s)
    assert (s.priority, s.version) == ("high", loaded_version + 1)


def test_every_kind_of_change_raises_the_version(staff):
    s = signal()
    t40 = commitment("21/T40")
    seen = [s.version]
    for change in (
        lambda: triage.update_details(staff, s, priority="high"),
        lambda: triage.link_commitment(staff, s, t40),
        lambda: triage.unlink_commitment(staff, s, t40),
        lambda: replies.write_reply(staff, s, {"nl": "Dank je, we pakken het op."}),
    ):
        change()
        seen.append(reload(s).version)
    assert seen == sorted(set(seen)), "each save must raise the version"


def test_second_staff_member_gets_a_clear_message_and_the_current_state(app, client, login_as):
    first = factories.create_user("staff", display_name="Eerste")
    second = login_as("staff", display_name="Tweede")
    s = signal()
    db.session.commit()
    html = client.get(f"/staff/signals/{s.id}").get_data(as_text=True)
    shown = version_on(html)
    # Meanwhile the first colleague assigns it to themselves and raises the priority.
    triage.update_details(first, reload(s), assignee=first, priority="high")
    db.session.commit()
    response = client.post_form(
        f"/staff/signals/{s.id}/details",
        {
            "assignee": second.id,
            "theme": s.theme_id,
            "priority": "low",
            "district": "",
            "version": shown,
        },
    )
    assert response.status_code == 409
    html = page(response)
    assert text(STALE) in html
    assert "Eerste" in html  # the current assignee, as it is now
    s = reload(s)
    assert (s.assignee_id, s.priority) == (first.id, "high")
    # The form now carries the current version: saving again is a conscious choice.
    assert version_on(html) == s.version


def test_a_stale_reply_keeps_what_was_typed(client, login_as):
    colleague = factories.create_user("staff")
    login_as("staff")
    s = signal()
    db.session.commit()
    shown = version_on(client.get(f"/staff/signals/{s.id}").get_data(as_text=True))
    triage.change_status(colleague, reload(s), "triage")
    db.session.commit()
    typed = "Beste indiener, we hebben met de taalschool gesproken."
    response = client.post_form(
        f"/staff/signals/{s.id}/reply", {"text_nl": typed, "text_ar": "شكرا", "version": shown}
    )
    assert response.status_code == 409
    html = page(response)
    assert typed in html
    assert "شكرا" in html
    assert db.session.scalars(sa.select(SignalReply)).all() == []
    assert events(s, "reply") == []


def test_a_double_submit_does_not_crash_or_repeat(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    data = {"status": "triage", "version": s.version}
    assert client.post_form(f"/staff/signals/{s.id}/status", data).status_code == 303
    assert client.post_form(f"/staff/signals/{s.id}/status", data).status_code == 409
    assert len(events(s, "status")) == 1


def test_bulk_skips_signals_changed_since_the_list_was_shown(client, login_as):
    colleague = factories.create_user("staff")
    staff = login_as("staff")
    fresh, changed = signal(), signal()
    shown = {fresh.id: fresh.version, changed.id: changed.version}
    db.session.commit()
    triage.update_details(colleague, reload(changed), assignee=colleague)
    db.session.commit()
    response = client.post_form(
        "/staff/signals/bulk",
        {
            "ids": [f"{i}:{v}" for i, v in shown.items()],
            "action": "assign",
            "bulk_assignee": staff.id,
        },
    )
    assert response.status_code == 303
    assert reload(fresh).assignee_id == staff.id
    assert reload(changed).assignee_id == colleague.id


def test_a_stale_merge_is_refused(client, login_as, staff):
    login_as("staff")
    duplicate, survivor = signal(), signal()
    db.session.commit()
    html = client.get(f"/staff/signals/{duplicate.id}/merge?into={survivor.reference}").get_data(
        as_text=True
    )
    assert survivor.reference in html
    versions = [int(v) for v in re.findall(r'name="(?:into_)?version"[^>]*value="(\d+)"', html)]
    assert len(versions) == 2
    triage.change_status(staff, reload(survivor), "triage")  # someone works on the survivor
    db.session.commit()
    response = client.post_form(
        f"/staff/signals/{duplicate.id}/merge?into_id={survivor.id}",
        {"version": versions[0], "into_version": versions[1]},
    )
    assert response.status_code == 409
    assert text(STALE) in page(response)
    assert reload(duplicate).status == "new"
    with pytest.raises(triage.StaleSignal):
        merge.merge(staff, reload(duplicate), reload(survivor), survivor_version=versions[1])


def test_a_save_without_its_version_is_refused_not_applied(client, login_as):
    login_as("staff", display_name="Tweede")
    s = signal()
    db.session.commit()
    response = client.post_form(
        f"/staff/signals/{s.id}/details",
        {"theme": s.theme_id, "priority": "low", "district": ""},  # no version field
    )
    assert response.status_code == 409
    assert text(STALE) in page(response)
    assert reload(s).priority == "normal"


@pytest.mark.no_db_rollback
def test_two_staff_saving_at_the_same_moment_get_a_save_and_a_conflict(committed_app):  # noqa: F811
    """On PostgreSQL both read the same version and both update; the second UPDATE waits for
    the first and then finds no row at its version. That must be the conflict page, not a 500."""
    import threading

    from tests.conftest import StemClient, sign_in_session

    app = committed_app
    with app.app_context():
        theme = factories.create_theme()
        target = factories.create_signal(theme=theme)
        clients = []
        for name in ("Eerste", "Tweede"):
            staff = factories.create_user("staff", display_name=name, locale="en")
            app.test_client_class = StemClient
            test_client = app.test_client()
            with test_client.session_transaction() as sess:
                sign_in_session(sess, staff)
            clients.append(test_client)
        db.session.commit()
        signal_id, version, theme_id = target.id, target.version, theme.id
    tokens = [c.csrf_token() for c in clients]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def save(test_client, token, priority):
        barrier.wait()
        response = test_client.post(
            f"/staff/signals/{signal_id}/details",
            data={"csrf_token": token, "theme": theme_id, "priority": priority,
                  "district": "", "version": version},
        )
        statuses.append(response.status_code)

    for _pair in range(5):
        statuses.clear()
        with app.app_context():
            current = db.session.get(Signal, signal_id)
            version = current.version
            # Each sets a priority the signal does not have yet: both are real changes.
            wanted = [p for p in ("low", "normal", "high") if p != current.priority]
            db.session.remove()
        threads = [threading.Thread(target=save, args=(c, t, p))
                   for c, t, p in zip(clients, tokens, wanted, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(statuses) == [303, 409]
