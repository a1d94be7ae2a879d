"""Themes that signals and questions are filed under."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem.core.db import IdMixin, db


class Theme(IdMixin, db.Model):
    """A theme such as "Z-route" or "Welkomhuis"; names per locale, managed by admins."""

    __tablename__ = "themes"

    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    # {"nl": "Huisvesting", "en": "Housing", ...}; Dutch is required, others fall back to it.
    names: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    reply_days: Mapped[int] = mapped_column(default=10)  # working days for a reply
    active: Mapped[bool] = mapped_column(default=True)

    def name(self, locale: str) -> str:
        """The theme's name in a language, or in Dutch when it has none."""
        return self.names.get(locale) or self.names.get("nl") or self.slug
