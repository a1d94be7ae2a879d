"""The public pages: the overview, a commitment, an action. Signed out, for everyone."""

from __future__ import annotations

from flask import abort, g, render_template, request
from flask_babel import get_locale

from stem.core.i18n import normalise_locale
from stem.core.security import public
from stem.public import bp, counts, queries
from stem.public.caching import cacheable
from stem.public.records import (
    action_record,
    commitment_record,
    group_by_commitment,
    update_record,
)
from stem.signals.models import DISTRICTS

DATA_ENDPOINTS = ("public.data_file", "public.feed")


@bp.before_request
def _language():
    """?lang= chooses the language (a bookmarkable link); open data defaults to Dutch."""
    chosen = normalise_locale(request.args.get("lang"))
    if chosen:
        g.forced_locale = chosen
    elif request.endpoint in DATA_ENDPOINTS:
        g.forced_locale = "nl"


def _locale() -> str:
    return str(get_locale())


@bp.get("/")
@public
@cacheable
def index():
    """What was raised and what was done, per commitment and per theme, with filters."""
    locale = _locale()
    filters = queries.PublicFilters.from_args(request.args)
    actions = queries.public_actions(filters)
    grouped = group_by_commitment(actions)
    shown = [
        commitment_record(c, locale, grouped.get(c.id, []))
        for c in queries.commitments()
        if (not filters.commitment or c.id == filters.commitment)
        and (not filters.active or grouped.get(c.id))
    ]
    # A commitment shows its first few actions here; all of them on its own page.
    listed = {i for c in shown for i in c["actions"][: queries.ACTIONS_PER_COMMITMENT]}
    records = {a.id: action_record(a, locale) for a in actions if a.id in listed}
    updates = [
        update_record(u, locale)
        for u in queries.public_updates(
            action_ids=[a.id for a in actions], limit=queries.LATEST_UPDATES
        )
    ]
    themes = queries.themes()
    return render_template(
        "public/index.html",
        filters=filters,
        commitments=shown,
        actions=records,
        per_commitment=queries.ACTIONS_PER_COMMITMENT,
        updates=updates,
        themes=themes,
        all_commitments=queries.commitments(),
        districts=DISTRICTS,
        per_theme=counts.signals_per_theme(),
        total=counts.signals_total(),
        by_district=counts.by_district(),
        by_source=counts.by_source(),
        by_language=counts.by_language(),
        rounds=counts.rounds_held(),
        summaries=counts.published_summaries(locale),
    )


@bp.get("/commitments/<key>")
@public
@cacheable
def commitment(key: str):
    """One commitment: what was promised, its public actions, updates and next steps."""
    locale = _locale()
    found = queries.find_commitment(key)
    if found is None:
        abort(404)
    actions = [
        a for a in queries.public_actions() if any(c.id == found.id for c in a.commitments)
    ]
    by_id = {a.id: a for a in actions}
    updates = [
        update_record(u, locale, by_id[u.action_id])
        for u in queries.public_updates(action_ids=by_id)
    ]
    return render_template(
        "public/commitment.html",
        commitment=commitment_record(found, locale, actions),
        actions=[action_record(a, locale) for a in actions],
        updates=updates,
    )


@bp.get("/actions/<int:action_id>")
@public
@cacheable
def action(action_id: int):
    """One public action; an internal one does not exist here (404)."""
    locale = _locale()
    found = queries.public_action(action_id)
    if found is None:
        abort(404)
    return render_template(
        "public/action.html",
        action=action_record(found, locale),
        commitments=[
            commitment_record(c, locale, []) for c in found.commitments
        ],
        updates=[update_record(u, locale, found) for u in queries.public_updates(
            action_ids=[found.id]
        )],
    )
