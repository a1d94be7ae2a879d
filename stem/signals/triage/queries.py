"""The staff inbox: filters read from the URL, and the query they make.

Built to stay fast at 100,000 signals: equality filters that match the indexes on
(status, theme_id, created_at) and (status, due_on), "newest" as id order, one query
per related table for a page (selectinload), never one per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from stem.core.db import db
from stem.signals.models import (
    DISTRICT_NAMES,
    OPEN_STATUSES,
    PRIORITIES,
    SIGNAL_SOURCES,
    SIGNAL_STATUSES,
    Signal,
    signal_commitments,
)
from stem.signals.triage.history import SORT_LABELS
from stem.signals.triage.services import today

STATUS_FILTERS = ("open", "all", *SIGNAL_STATUSES)
SEARCH_MAX = 100


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class InboxFilters:
    """What the staff member asked for; unknown values are ignored, never an error."""

    status: str = "open"
    theme: int | None = None
    source: str = ""
    organisation: int | None = None
    district: str = ""
    assignee: str = ""  # a user id, "none" or ""
    commitment: int | None = None
    overdue: bool = False
    q: str = ""
    sort: str = "newest"

    @classmethod
    def from_args(cls, args: MultiDict) -> InboxFilters:
        status = args.get("status", "open")
        assignee = args.get("assignee", "")
        if assignee != "none":
            assignee = str(_int(assignee) or "")
        sort = args.get("sort", "newest")
        return cls(
            status=status if status in STATUS_FILTERS else "open",
            theme=_int(args.get("theme")),
            source=args.get("source", "") if args.get("source") in SIGNAL_SOURCES else "",
            organisation=_int(args.get("organisation")),
            district=args.get("district", "") if args.get("district") in DISTRICT_NAMES else "",
            assignee=assignee,
            commitment=_int(args.get("commitment")),
            overdue=args.get("overdue") == "1",
            q=" ".join(args.get("q", "").split())[:SEARCH_MAX],
            sort=sort if sort in SORT_LABELS else "newest",
        )

    def args(self) -> dict[str, str]:
        """The filters as URL arguments, leaving out the defaults."""
        values = {
            "status": self.status if self.status != "open" else "",
            "theme": self.theme or "",
            "source": self.source,
            "organisation": self.organisation or "",
            "district": self.district,
            "assignee": self.assignee,
            "commitment": self.commitment or "",
            "overdue": "1" if self.overdue else "",
            "q": self.q,
            "sort": self.sort if self.sort != "newest" else "",
        }
        return {key: str(value) for key, value in values.items() if value}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def overdue_clause():
    return sa.and_(Signal.status.in_(OPEN_STATUSES), Signal.due_on < today())


def inbox_query(filters: InboxFilters) -> sa.Select:
    """select(Signal) for these filters, sorted, with what a row shows loaded per page."""
    query = sa.select(Signal)
    if filters.status == "open":
        query = query.where(Signal.status.in_(OPEN_STATUSES))
    elif filters.status != "all":
        query = query.where(Signal.status == filters.status)
    if filters.theme:
        query = query.where(Signal.theme_id == filters.theme)
    if filters.source:
        query = query.where(Signal.source == filters.source)
    if filters.organisation:
        query = query.where(Signal.organisation_id == filters.organisation)
    if filters.district:
        query = query.where(Signal.district == filters.district)
    if filters.assignee == "none":
        query = query.where(Signal.assignee_id.is_(None))
    elif filters.assignee:
        query = query.where(Signal.assignee_id == int(filters.assignee))
    if filters.commitment:
        linked = sa.select(signal_commitments.c.signal_id).where(
            signal_commitments.c.commitment_id == filters.commitment
        )
        query = query.where(Signal.id.in_(linked))
    if filters.overdue:
        query = query.where(overdue_clause())
    if filters.q:
        like = f"%{_escape_like(filters.q.lower())}%"
        query = query.where(
            sa.or_(
                Signal.reference == filters.q.upper(),
                sa.func.lower(Signal.body).like(like, escape="\\"),
            )
        )
    if filters.sort == "oldest":
        query = query.order_by(Signal.id)
    elif filters.sort == "due":
        query = query.order_by(Signal.due_on.is_(None), Signal.due_on, Signal.id)
    elif filters.sort == "priority":
        rank = sa.case({p: i for i, p in enumerate(reversed(PRIORITIES))}, value=Signal.priority)
        query = query.order_by(rank, Signal.id.desc())
    else:
        query = query.order_by(Signal.id.desc())
    return query.options(
        sa.orm.selectinload(Signal.theme),
        sa.orm.selectinload(Signal.assignee),
        sa.orm.selectinload(Signal.organisation),
        sa.orm.selectinload(Signal.commitments),
    )


def overdue_count() -> int:
    """How many open signals are past their reply date, whatever the filters."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signal).where(overdue_clause()))
