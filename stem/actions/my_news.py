"""What happened with what you said: a member's or partner's signals and their public actions.

A member sees the signals they raised (by the reference they know, also after a merge); a
partner also those their organisation raised. For each, the linked public actions, their
progress and the latest approved public update, in the reader's language or in Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem.actions import wording
from stem.actions.models import Action, ActionUpdate, action_signals
from stem.core.db import db
from stem.signals.models import Signal, SignalSubmitter

MAX_SIGNALS = 10


@dataclass
class ActionNews:
    action: Action
    title_locale: str
    title: str
    progress: int
    status: str
    update: ActionUpdate | None
    update_text: object | None  # ActionUpdateText in the reader's language or Dutch


@dataclass
class SignalNews:
    reference: str
    actions: list[ActionNews] = field(default_factory=list)


def latest_public_update(action: Action) -> ActionUpdate | None:
    """The newest approved public update (updates are ordered newest first)."""
    return next((u for u in action.updates if u.public and u.state == "approved"), None)


def _submitters(user) -> list[SignalSubmitter]:
    own = SignalSubmitter.user_id == user.id
    if user.role == "partner" and user.organisation_id:
        own = sa.or_(own, SignalSubmitter.organisation_id == user.organisation_id)
    return list(
        db.session.scalars(
            sa.select(SignalSubmitter)
            .where(own, SignalSubmitter.anonymised_at.is_(None))
            .options(selectinload(SignalSubmitter.origin_signal), selectinload(SignalSubmitter.signal))
            .order_by(SignalSubmitter.id.desc())
        )
    )


def news_for(user, locale: str) -> list[SignalNews]:
    """The reader's signals that have public actions, newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if user.role not in ("member", "partner"):
        return []
    submitters = _submitters(user)
    signal_ids = {s.signal_id for s in submitters}
    if not signal_ids:
        return []
    links = db.session.execute(
        sa.select(action_signals.c.signal_id, Action)
        .join(Action, Action.id == action_signals.c.action_id)
        .where(action_signals.c.signal_id.in_(signal_ids), Action.public.is_(True))
        .options(selectinload(Action.texts), selectinload(Action.updates))
        .order_by(Action.id)
    ).all()
    by_signal: dict[int, list[Action]] = {}
    for signal_id, action in links:
        by_signal.setdefault(signal_id, []).append(action)
    result: list[SignalNews] = []
    seen: set[str] = set()
    for submitter in submitters:
        known: Signal = submitter.known_signal
        actions = by_signal.get(submitter.signal_id)
        if not actions or known.reference in seen:
            continue
        seen.add(known.reference)
        item = SignalNews(known.reference)
        for action in actions:
            title_locale, title = wording.title(action, locale)
            update = latest_public_update(action)
            item.actions.append(
                ActionNews(
                    action, title_locale, title, action.effective_progress(),
                    wording.status_label(action.status), update,
                    wording.update_text(update, locale) if update else None,
                )
            )
        result.append(item)
        if len(result) >= MAX_SIGNALS:
            break
    return result
