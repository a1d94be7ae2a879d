"""Actions as objects: progress rollup, status defaults, history and optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from stem.actions import links, services
from stem.actions.models import Action, ActionEvent
from stem.core.db import db
from tests import factories
from tests.actions.helpers import action_input, create_action


def test_a_status_gives_a_default_progress(app):
    staff = factories.create_user("staff")
    action = create_action(staff, status="done")
    assert action.progress == 100
    services.update_action(staff, action, action_input(staff, status="planned"), version=action.version)
    assert action.progress == 0
    # A value staff type in the same save wins over the status's default.
    services.update_action(
        staff, action, action_input(staff, status="in_progress", progress=40), version=action.version
    )
    assert action.progress == 40
    services.update_action(
        staff, action, action_input(staff, status="done", progress=40), version=action.version
    )
    assert action.progress == 100  # unchanged value: the status decides


def test_progress_rolls_up_from_sub_actions_by_weight(app):
    staff = factories.create_user("staff")
    parent = create_action(staff, progress_mode="rollup", progress=5)
    assert parent.effective_progress() == 5  # no sub-actions yet: its own value
    create_action(staff, parent=parent, weight=3, progress=100, status="in_progress")
    create_action(staff, parent=parent, weight=1, progress=20, status="in_progress")
    create_action(staff, parent=parent, weight=5, progress=0, status="stopped",
                  stopped_reason="Geen budget")
    db.session.refresh(parent)
    assert parent.effective_progress() == 80  # (3*100 + 1*20) / 4; stopped does not count


def test_nested_rollup_and_no_cycles(app):
    staff = factories.create_user("staff")
    top = create_action(staff, progress_mode="rollup")
    middle = create_action(staff, parent=top, progress_mode="rollup")
    create_action(staff, parent=middle, progress=50)
    db.session.refresh(top)
    db.session.refresh(middle)
    assert top.effective_progress() == 50
    with pytest.raises(services.ActionError):
        services.update_action(
            staff, top, action_input(staff, parent=middle, progress_mode="rollup"), version=top.version
        )


def test_every_change_is_in_the_history(app):
    staff = factories.create_user("staff", display_name="Eva")
    other = factories.create_user("staff")
    action = create_action(staff, due_on=date(2027, 3, 1))
    services.update_action(
        staff,
        action,
        action_input(other, title="Nieuwe titel", status="in_progress", due_on=date(2027, 4, 1),
                     public=True),
        version=action.version,
    )
    db.session.flush()
    kinds = {(e.kind, e.old, e.new) for e in action.events}
    assert ("created", "", "Taalcafé in het Welkomhuis") in kinds
    assert ("status", "planned", "in_progress") in kinds
    assert ("due", "2027-03-01", "2027-04-01") in kinds
    assert ("title", "Taalcafé in het Welkomhuis", "Nieuwe titel") in kinds
    assert ("public", "0", "1") in kinds
    assert all(e.actor_id == staff.id for e in action.events)


def test_bad_values_are_refused_and_nothing_is_stored(app):
    staff = factories.create_user("staff")
    for fields, wrong in (
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"starts_on": date(2027, 2, 1), "due_on": date(2027, 1, 1)}, "due_on"),
        ({"status": "stopped"}, "stopped_reason"),
        ({"owner_department": ""}, "owner_department"),
        ({"weight": 0}, "weight"),
    ):
        with pytest.raises(services.ActionError) as caught:
            create_action(staff, **fields)
        assert caught.value.field == wrong
    member = factories.create_user("member")
    with pytest.raises(services.ActionError):
        services.create_action(staff, action_input(member))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 0


def test_a_stale_version_is_refused(app):
    staff = factories.create_user("staff")
    action = create_action(staff)
    db.session.commit()
    with pytest.raises(services.StaleAction):
        services.update_action(staff, action, action_input(staff, title="Oud"), version=action.version - 1)
    # A colleague's save that reached the database in between: the version column decides.
    db.session.execute(
        sa.update(Action)
        .where(Action.id == action.id)
        .values(version=Action.version + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(services.StaleAction):
        services.update_action(staff, action, action_input(staff, title="Mijn titel"), version=action.version)
    db.session.rollback()


def test_a_text_change_alone_raises_the_version(app):
    staff = factories.create_user("staff")
    action = create_action(staff)
    before = action.version
    services.update_action(staff, action, action_input(staff, title="Alleen de titel"), version=before)
    assert action.version == before + 1


def test_a_merged_signal_links_its_survivor(app):
    staff = factories.create_user("staff")
    survivor = factories.create_signal()
    merged = factories.create_signal(status="merged", merged_into_id=survivor.id)
    db.session.refresh(merged)
    action = create_action(staff)
    assert links.link_signal(staff, action, merged) is survivor
    links.link_signal(staff, action, survivor)  # twice: still one link
    assert action.signals == [survivor]
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(ActionEvent).where(ActionEvent.kind == "link")
    ) == 1


def test_a_question_of_another_round_is_refused(app):
    staff = factories.create_user("staff")
    round_, other = factories.create_round(), factories.create_round()
    action = create_action(staff)
    with pytest.raises(services.ActionError):
        links.link_round(staff, action, round_, other.survey.questions[0])
    links.link_round(staff, action, round_, round_.survey.questions[0])
    links.link_round(staff, action, round_)
    assert len(action.round_links) == 2


def test_changing_the_dutch_text_marks_unchanged_translations_unreviewed(app):
    staff = factories.create_user("staff")
    texts = {
        "nl": services.TextInput("Taalcafé"),
        "ar": services.TextInput("مقهى اللغة", reviewed=True),
        "en": services.TextInput("Language café", reviewed=True),
    }
    action = create_action(staff, texts=texts)
    assert action.text("ar").reviewed
    assert action.text("en").reviewed
    changed = {
        "nl": services.TextInput("Taalcafé op dinsdag"),
        "ar": services.TextInput("مقهى اللغة", reviewed=True),  # as it was: now out of date
        "en": services.TextInput("Language café on Tuesday", reviewed=True),  # translated again
    }
    services.update_action(staff, action, action_input(staff, texts=changed), version=action.version)
    assert action.text("ar").reviewed is False
    assert action.text("en").reviewed is True
    assert action.text("nl").reviewed is True
