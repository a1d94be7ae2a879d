"""The public content as plain records: what the pages show and the open data serves.

One shape for the HTML pages, JSON, CSV and the Atom feed, so that they can never show
different things. A record holds only what may be public (see queries.py and texts.py).
"""

from __future__ import annotations

from collections import defaultdict

from flask import url_for

from stem.actions.models import Action, ActionUpdate
from stem.commitments.models import Commitment
from stem.public.queries import code_slug
from stem.public.texts import action_text, commitment_text, update_text


def _date(value) -> str:
    return value.isoformat() if value else ""


def action_url(action: Action, external: bool = False) -> str:
    return url_for("public.action", action_id=action.id, _external=external)


def commitment_url(commitment: Commitment, external: bool = False) -> str:
    return url_for("public.commitment", key=code_slug(commitment.code), _external=external)


def action_record(action: Action, locale: str) -> dict:
    """A public action: its text in `locale` (or Dutch), status, dates and progress."""
    text = action_text(action, locale)
    owner = action.owner_organisation.name if action.owner_organisation else action.owner_department
    return {
        "id": action.id,
        "url": action_url(action, external=True),
        "title": text.title,
        "description": text.description,
        "language": text.locale,
        "translated": not text.fallback,
        "status": action.status,
        "stopped_reason": action.stopped_reason if action.status == "stopped" else "",
        "progress": action.effective_progress(),
        "starts_on": _date(action.starts_on),
        "due_on": _date(action.due_on),
        "owner": owner,
        "commitments": [c.code for c in action.commitments],
    }


def update_record(update: ActionUpdate, locale: str, action: Action | None = None) -> dict:
    """A public, approved update: what happened, what comes next, and when."""
    text = update_text(update, locale)
    action = action or update.action
    return {
        "id": update.id,
        "action_id": update.action_id,
        "action_url": action_url(action, external=True),
        "action_title": action_text(action, locale).title,
        "happened_on": _date(update.happened_on),
        "happened": text.title,
        "next_steps": text.description,
        "next_on": _date(update.next_on),
        "language": text.locale,
        "translated": not text.fallback,
        "approved_at": update.approved_at.isoformat() if update.approved_at else "",
    }


def overall_progress(actions: list[Action]) -> int | None:
    """A commitment's progress: the mean of its public actions that were not stopped."""
    counted = [a.effective_progress() for a in actions if a.status != "stopped"]
    return round(sum(counted) / len(counted)) if counted else None


def commitment_record(commitment: Commitment, locale: str, actions: list[Action]) -> dict:
    """A commitment as the public sees it, with its public actions' ids and progress."""
    text = commitment_text(commitment, locale)
    next_dates = sorted(a.due_on for a in actions if a.due_on and a.status not in ("done", "stopped"))
    return {
        "id": commitment.id,
        "code": commitment.code,
        "url": commitment_url(commitment, external=True),
        "title": text.title,
        "description": text.description,
        "language": text.locale,
        "translated": not text.fallback,
        "status": commitment.status,
        "made_on": _date(commitment.made_on),
        "due_on": _date(commitment.due_on),
        "fulfilled_on": _date(commitment.fulfilled_on),
        "fulfilled_by": commitment.fulfilled_by,
        "progress": overall_progress(actions),
        "next_due_on": _date(next_dates[0]) if next_dates else "",
        "actions": [a.id for a in actions],
    }


def group_by_commitment(actions: list[Action]) -> dict[int, list[Action]]:
    """Actions per commitment id (an action linked to two commitments is in both)."""
    grouped: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        for commitment in action.commitments:
            grouped[commitment.id].append(action)
    return grouped
