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
        _l("Er ging iets mis met je verzoek"),
        _l("Ga terug, controleer wat je hebt ingevuld en probeer het opnieuw."),
    ),
    403: (
        _l("Je mag deze pagina niet openen"),
        _l("Log in met een account dat toegang heeft, of ga terug naar de startpagina."),
    ),
    404: (
        _l("Pagina niet gevonden"),
        _l("Controleer het webadres, of ga terug naar de startpagina."),
    ),
    405: (
        _l("Dit kan hier niet"),
        _l("Ga terug naar de vorige pagina en gebruik de knoppen op die pagina."),
    ),
    413: (_l("Het bestand of de tekst is te groot"), _l("Ga terug en verstuur iets kleiners.")),
    429: (_l("Te vaak geprobeerd"), _l("Wacht een paar minuten en probeer het opnieuw.")),
    500: (
        _l("Er ging bij ons iets mis"),
        _l("Dit komt niet door jou. Probeer het over een paar minuten opnieuw."),
    ),
}
# Where a phone sends photos, say what happened to what the person typed. Browsers keep
# a form's text when you go back to it; the body was refused before anything was read.
ENDPOINT_MESSAGES = {
    (413, "signals.new"): (
        _l("Je bestanden zijn te groot"),
        _l(
            "Er is niets verstuurd. Ga terug met de terugknop: meestal staat je tekst er dan nog. Kies dan kleinere of minder bestanden."
        ),
    ),
}
CSRF_MESSAGE = (
    _l("Deze pagina stond te lang open"),
    _l(
        "Voor je veiligheid is het formulier verlopen. Ga terug, laad de pagina opnieuw en verstuur het nog een keer."
    ),
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
        title, message = ENDPOINT_MESSAGES.get((status, request.endpoint), MESSAGES[status])
        return _render(status, title, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        from stem.extensions import db

        db.session.rollback()
        return _render(500, *MESSAGES[500])

    app.register_error_handler(InternalServerError, lambda e: _render(500, *MESSAGES[500]))
