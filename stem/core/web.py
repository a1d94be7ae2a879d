"""Per-request hooks: one transaction per request, committed in one place."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, request, request_started

from stem.core.db import db, write_intent

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def writes(view):
    """Declare that a GET view writes to the database (an audit record, say)."""
    view.writes = True
    return view


log = logging.getLogger(__name__)

# Further reasons for a read request to write, known before its first query; each is a
# function of the request (and its cookie). accounts.sessions adds "the session row is due
# to move on". Registered explicitly by the feature's init function, never at import.
write_intent_checks: list[Callable[[], bool]] = []


def _declare_write_intent(app: Flask, **_extra) -> None:
    """Whether this request may write, decided before anything can query the database.

    Flask's `request_started` comes before every URL value preprocessor and before_request
    hook, and those may query already: loading the signed-in user, for one. Requests run
    one after another in the same context, so a value left from the previous request
    would otherwise open this one's transaction the wrong way.
    """
    view = app.view_functions.get(request.endpoint)
    write_intent.set(
        request.method not in READ_METHODS
        or getattr(view, "writes", False)
        or (request.endpoint != "static" and any(check() for check in write_intent_checks))
    )


def init_request_hooks(app: Flask) -> None:
    """Commit the request's transaction once, after the view; roll back on errors."""
    request_started.connect(_declare_write_intent, app)

    @app.teardown_request
    def _restore_write_intent(_exc):
        write_intent.set(True)  # work after the request (CLI, jobs, tests) locks up front again

    @app.after_request
    def _commit(response):
        if request.endpoint == "static" or not db.session.registry.has():
            return response  # nothing in this request touched the database
        orm = db.session()  # not `session`: Flask's cookie session has that name
        if response.status_code >= 500:
            orm.rollback()
            return response
        pending = orm.new or orm.dirty or orm.deleted
        if not pending and not orm.in_transaction():
            return response  # no transaction was begun: there is nothing to commit
        if pending and not write_intent.get():
            # A read transaction on SQLite may fail to upgrade to a write under load.
            message = f"{request.endpoint} writes during {request.method}: mark it @writes"
            if current_app.testing:
                raise RuntimeError(message)
            log.warning(message)
        orm.commit()
        return response
