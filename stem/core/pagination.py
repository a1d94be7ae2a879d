"""Paging through query results."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stem.core.db import db

PER_PAGE = 25


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paginate(query: sa.Select, page: object, per_page: int = PER_PAGE) -> Page:
    """One page of a select; a page number that is not a positive number means page 1."""
    try:
        number = max(1, int(str(page)))
    except ValueError:
        number = 1
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    number = min(number, max(1, -(-total // per_page)))
    items = list(db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total)
