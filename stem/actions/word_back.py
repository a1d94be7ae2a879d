"""Word back: the people who raised a signal hear what became of it.

When an action linked to a signal gets an approved public update, changes status or is
done, a row of news is written for every person who raised that signal (after merges: all
of them), in the same transaction as the change. The word-back job
(stem.actions.word_back_job) bundles each person's news into one message a day.

Only public actions and approved public updates make news: an internal update, a
partner's update that staff have not approved, or an internal action never does. News
whose texts lack the person's language waits; staff see which translations hold it back
on the action's page, or choose to send the Dutch and English texts (recorded in the
history).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from stem.actions.models import (
    Action,
    ActionEvent,
    ActionText,
    ActionUpdate,
    ActionUpdateText,
    WordBackEvent,
)
from stem.core.db import db
from stem.core.i18n import Language, language
from stem.signals.models import SignalSubmitter
from stem.signals.triage.replies import recipients


def public_action_url(action) -> str:
    """The path of an action's public page (stem.public builds the page itself)."""
    action_id = action if isinstance(action, int) else action.id
    return f"/public/actions/{action_id}"


def record_news(action: Action, kind: str, *, update: ActionUpdate | None = None) -> int:
    """Write news for everyone who raised a signal linked to `action`; how many rows."""
    if not action.public:
        return 0
    if update is not None and (not update.public or update.state != "approved"):
        return 0
    db.session.flush()
    count = 0
    for signal in action.signals:
        survivor = signal.merged_into or signal  # a link should be to the survivor already
        for submitter in survivor.submitters:
            if not recipients([submitter]):
                continue  # anonymised, account deleted, no address, or no channel
            db.session.add(
                WordBackEvent(
                    action_id=action.id,
                    signal_id=survivor.id,
                    submitter_id=submitter.id,
                    update_id=update.id if update is not None else None,
                    kind=kind,
                    status=action.status,
                )
            )
            count += 1
    return count


@dataclass(frozen=True)
class Texts:
    """Which languages an action's and its updates' reviewed texts are written in."""

    titles: dict[int, set[str]]
    updates: dict[int, set[str]]

    def ready(self, action_id: int, update_id: int | None, locale: str) -> bool:
        """Is everything this news says written (and reviewed) in `locale`?"""
        if locale == "nl":
            return True
        if locale not in self.titles.get(action_id, set()):
            return False
        return update_id is None or locale in self.updates.get(update_id, set())


def reviewed_texts(action_ids, update_ids) -> Texts:
    titles: dict[int, set[str]] = defaultdict(set)
    updates: dict[int, set[str]] = defaultdict(set)
    ids = sorted(set(action_ids))
    for start in range(0, len(ids), 500):
        for action_id, locale in db.session.execute(
            sa.select(ActionText.action_id, ActionText.locale).where(
                ActionText.action_id.in_(ids[start : start + 500]), ActionText.reviewed.is_(True)
            )
        ):
            titles[action_id].add(locale)
    ids = sorted({u for u in update_ids if u is not None})
    for start in range(0, len(ids), 500):
        for update_id, locale in db.session.execute(
            sa.select(ActionUpdateText.update_id, ActionUpdateText.locale).where(
                ActionUpdateText.update_id.in_(ids[start : start + 500]),
                ActionUpdateText.reviewed.is_(True),
            )
        ):
            updates[update_id].add(locale)
    return Texts(dict(titles), dict(updates))


def _waiting(action: Action) -> list[tuple[WordBackEvent, str]]:
    """The action's pending news that waits for a translation, with the person's language."""
    rows = db.session.execute(
        sa.select(WordBackEvent, SignalSubmitter)
        .join(SignalSubmitter, SignalSubmitter.id == WordBackEvent.submitter_id)
        .where(
            WordBackEvent.action_id == action.id,
            WordBackEvent.sent_at.is_(None),
            WordBackEvent.released.is_(False),
        )
    ).all()
    texts = reviewed_texts([action.id], [event.update_id for event, _s in rows])
    waiting = []
    for event, submitter in rows:
        locale = language(submitter.user.locale if submitter.user else submitter.locale).code
        if not texts.ready(action.id, event.update_id, locale):
            waiting.append((event, locale))
    return waiting


def held_back(action: Action) -> list[tuple[Language, int]]:
    """Per language whose translation is missing: how many people wait for news."""
    people: dict[str, set[int]] = defaultdict(set)
    for event, locale in _waiting(action):
        people[locale].add(event.submitter_id)
    return [(language(code), len(ids)) for code, ids in sorted(people.items())]


def release_waiting(actor, action: Action) -> int:
    """Send the waiting news in Dutch and English; how many rows were released."""
    waiting = _waiting(action)
    for event, _locale in waiting:
        event.released = True
    if waiting:
        locales = sorted({locale for _e, locale in waiting})
        action.events.append(
            ActionEvent(actor_id=actor.id, kind="word_back", old="", new=", ".join(locales))
        )
        db.session.flush()
    return len(waiting)

