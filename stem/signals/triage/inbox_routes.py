"""Staff triage: the inbox of signals, filtered from the URL, and bulk actions on a page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from stem.accounts.models import Organisation, User
from stem.commitments.models import Commitment
from stem.core.converters import parse_id
from stem.core.db import db
from stem.core.htmx import is_htmx, render_page
from stem.core.pagination import paginate
from stem.core.templating import safe_next
from stem.signals import bp
from stem.signals.models import DISTRICTS, SIGNAL_SOURCES, SIGNAL_STATUSES, Theme
from stem.signals.triage import history, queries
from stem.signals.triage import services as triage
from stem.signals.triage.forms import BulkForm
from stem.signals.triage.staff_pages import (
    active_staff,
    actor,
    current_locale,
    get_by_id,
    ordered_themes,
    staff_only,
    theme_choices,
)

PER_PAGE = 25


@bp.get("/staff/signals", endpoint="inbox")
@staff_only
def inbox_view():
    """Every signal, filtered, searched and sorted from the URL; bulk actions on a page."""
    filters = queries.InboxFilters.from_args(request.args)
    page = paginate(queries.inbox_query(filters), request.args.get("page", 1), PER_PAGE)
    # The address to show and to come back to: the filters in use, without empty ones.
    here = url_for(
        "signals.inbox", **filters.args(), **({"page": page.number} if page.number > 1 else {})
    )
    bulk_form = BulkForm(formdata=None, next=here)
    headers = {"HX-Push-Url": here} if is_htmx() else {}
    return _render_inbox(filters, page, bulk_form), headers


def _render_inbox(filters, page, bulk_form):
    themes, staff = ordered_themes(), active_staff()
    locale = current_locale()
    bulk_form.bulk_assignee.choices = [(0, _l("Niemand"))] + [
        (u.id, triage.user_label(u)) for u in staff
    ]
    bulk_form.bulk_theme.choices = theme_choices(themes, locale)
    bulk_form.bulk_status.choices = [
        (s, history.STATUS_LABELS[s]) for s in SIGNAL_STATUSES if s != "merged"
    ]
    return render_page(
        "signals/triage/inbox.html",
        block="results",
        filters=filters,
        page=page,
        themes=themes,
        staff=staff,
        organisations=list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name))),
        commitments=list(db.session.scalars(sa.select(Commitment).order_by(Commitment.code))),
        districts=DISTRICTS,
        sources=SIGNAL_SOURCES,
        statuses=SIGNAL_STATUSES,
        overdue_total=queries.overdue_count(),
        bulk_form=bulk_form,
        labels=history,
        is_overdue=triage.is_overdue,
        locale=locale,
        page_url=lambda number: url_for("signals.inbox", **filters.args(), page=number),
    )


@bp.post("/staff/signals/bulk")
@staff_only
def bulk():
    """Assign, set the theme or the status of the ticked signals at once."""
    form = BulkForm()
    themes, staff = ordered_themes(), active_staff()
    form.bulk_assignee.choices = [(0, "")] + [(u.id, "") for u in staff]
    form.bulk_theme.choices = [(t.id, "") for t in themes if t.active]
    form.bulk_status.choices = [(s, "") for s in SIGNAL_STATUSES if s != "merged"]
    back = safe_next(form.next.data, url_for("signals.inbox"))
    if not form.validate_on_submit():
        flash(
            _("Dat ging niet. Kies de signalen en wat ermee moet, en probeer het opnieuw."), "error"
        )
        return redirect(back, code=303)
    versions = {}
    for value in request.form.getlist("ids")[: triage.BULK_MAX + 1]:
        signal_id, _sep, version = value.partition(":")
        parsed = parse_id(signal_id)
        if parsed is not None:
            versions[parsed] = version
    action = request.form.get("action", "")
    try:
        result = triage.bulk_update(
            actor(),
            versions,
            action,
            assignee=get_by_id(User, form.bulk_assignee.data),
            theme=get_by_id(Theme, form.bulk_theme.data),
            status=form.bulk_status.data or "",
            reason=form.bulk_reason.data or "",
        )
    except triage.TriageError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back, code=303)
    if result.changed:
        flash(
            ngettext(
                "%(num)d signaal is gewijzigd.",
                "%(num)d signalen zijn gewijzigd.",
                len(result.changed),
            ),
            "ok",
        )
    elif not (result.stale or result.refused):
        flash(_("Er was niets te wijzigen."), "info")
    if result.stale:
        flash(
            _(
                "Deze signalen zijn niet gewijzigd, want iemand anders wijzigde ze net: %(references)s. Bekijk ze opnieuw.",
                references=", ".join(result.stale),
            ),
            "warning",
        )
    if result.refused:
        flash(
            _(
                "Bij deze signalen kan dat niet: %(references)s.",
                references=", ".join(result.refused),
            ),
            "warning",
        )
    return redirect(back, code=303)
