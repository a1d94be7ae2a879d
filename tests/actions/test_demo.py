"""The demo's follow-up actions: realistic, linked, partly overdue, and loaded once."""

from __future__ import annotations

import sqlalchemy as sa

from stem.actions import jobs, queries
from stem.actions.models import Action, ActionUpdate, ActionUpdateText
from stem.core.db import db
from stem.core.demo import load_demo


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_actions_are_realistic_and_load_once(app):
    load_demo()
    actions, updates = _count(Action), _count(ActionUpdate)
    load_demo()
    assert (_count(Action), _count(ActionUpdate)) == (actions, updates)
    assert actions >= 6
    everything = list(db.session.scalars(sa.select(Action)))
    by_title = {a.title_nl: a for a in everything}
    practice = by_title["Taal oefenen drie keer per week in het Welkomhuis"]
    assert [c.code for c in practice.commitments] == ["21/T40"]
    assert practice.signals
    assert practice.round_links
    assert practice.children
    assert 0 < practice.effective_progress() < 100  # rolled up from its sub-actions
    location = by_title["Zoeken naar een nieuwe locatie voor het Welkomhuis"]
    assert [c.code for c in location.commitments] == ["20/T581"]
    assert any(a.owner_organisation is not None for a in everything)
    assert queries.overdue_count() >= 2
    languages = set(db.session.scalars(sa.select(ActionUpdateText.locale).distinct()))
    assert {"nl", "ar", "en"} <= languages
    assert any(u.state == "submitted" for a in everything for u in a.updates)
    assert any(a.status == "stopped" and a.stopped_reason for a in everything)
    # Eva is responsible for overdue and soon-due actions: she gets this week's digest.
    assert jobs.queue_digests() == 1
