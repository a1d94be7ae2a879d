"""Error pages in the user's language; never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from stem.core.htmx import is_htmx, render_block

log = logging.getLogger(__name__)

# Title and a sentence that says what to do, per status.
MESSAGES = {
    400: (
        _l("Something went wrong with this request"),
        _l("Go back, check what you filled in and try again."),
    ),
    403: (
        _l("You may not open this page"),
        _l("Sign in with an account that has access, or go back to the start page."),
    ),
    404: (_l("Page not found"), _l("Check the address, or go back to the start page.")),
    405: (
        _l("This action is not possible here"),
        _l("Go back to the previous page and use the buttons on the page."),
    ),
    413: (_l("The file or text is too large"), _l("Go back and send something smaller.")),
    429: (_l("Too many attempts"), _l("Wait a few minutes and try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you did caused this. Try again in a few minutes."),
    ),
}
CSRF_MESSAGE = (
    _l("This page was open too long"),
    _l("For your safety the form has expired. Go back, reload the page and send it again."),
)


def _render(status: int, title, message):
    context = {"status": status, "error_title": title, "error_message": message}
    if is_htmx():
        body = render_block("errors/error.html", "content", **context)
        return body, status, {"HX-Retarget": "#main", "HX-Reswap": "innerHTML"}
    return render_template("errors/error.html", **context), status


def init_error_handlers(app: Flask) -> None:
    """Register the handlers for client and server errors."""

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return _render(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        status = error.code if error.code in MESSAGES else (500 if error.code >= 500 else 400)
        return _render(status, *MESSAGES[status])

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        from stem.extensions import db

        db.session.rollback()
        return _render(500, *MESSAGES[500])

    app.register_error_handler(InternalServerError, lambda e: _render(500, *MESSAGES[500]))
