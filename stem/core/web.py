"""Per-request hooks: one transaction per request, committed in one place."""

from __future__ import annotations

import logging

from flask import Flask, request

from stem.core.db import db

log = logging.getLogger(__name__)


def init_request_hooks(app: Flask) -> None:
    """Commit the request's transaction once, after the view; roll back on errors."""

    @app.after_request
    def _commit(response):
        if request.endpoint == "static":
            return response
        if response.status_code < 500:
            db.session.commit()
        else:
            db.session.rollback()
        return response
