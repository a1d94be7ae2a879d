"""The baseline: a bare Flask app with one route, served the same way as Stem.

GET / returns a fixed HTML5 document of exactly PAGE_BYTES bytes (UTF-8), about the size
of Stem's start page, built once at import: no template rendering, no database, no
extensions, no cookies. Flask sends it as text/html; charset=utf-8 with a Content-Length.
"""

from __future__ import annotations

from flask import Flask

PAGE_BYTES = 4000

_HEAD = (
    '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>Bare Flask</title>\n</head>\n<body>\n<main>\n<h1>Bare Flask</h1>\n"
)
_TAIL = "</main>\n</body>\n</html>\n"
_PARAGRAPH = "<p>Een korte alinea tekst, zoals een pagina met uitleg die heeft.</p>\n"


def _page() -> str:
    room = PAGE_BYTES - len(_HEAD) - len(_TAIL)
    body = _PARAGRAPH * (room // len(_PARAGRAPH))
    body += "<!--" + " " * (room - len(body) - 8) + "-->\n"  # pad to the exact size
    page = _HEAD + body + _TAIL
    assert len(page.encode()) == PAGE_BYTES
    return page


PAGE = _page()


def create_app() -> Flask:
    """The bare app: `gunicorn -w 4 "bare_app:create_app()"`."""
    app = Flask(__name__)

    @app.get("/")
    def index() -> str:
        return PAGE

    return app
