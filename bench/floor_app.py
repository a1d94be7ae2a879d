"""Stem's floor: what a Stem request costs before its page does any work of its own.

`create_app()` is Stem's own app (`stem.create_app()`, every extension and request hook)
with three routes added for the benchmark only, each answering with bare Flask's fixed
page (bench/bare_app.py) or a redirect, without a template or a query of its own:

- GET  /bench/floor            public: session, locale, rate-limit check, security headers,
                               the request's transaction;
- GET  /bench/floor/signed-in  the same, signed in: the session cookie is checked and the
                               user loaded, as on every signed-in page (session version,
                               idle and absolute timeouts);
- POST /bench/floor/form       the CSRF check of a form, then 303, as after every answer.

The difference from bare Flask is the price of Stem's request handling alone; no page
of Stem can be cheaper than its floor. These routes exist only in this module, never in
the app that `stem` serves.
"""

from __future__ import annotations

from bare_app import PAGE
from flask import Flask, redirect

FLOOR = "/bench/floor"
SIGNED_IN = "/bench/floor/signed-in"
FORM = "/bench/floor/form"


def create_app() -> Flask:
    """Stem with the floor routes: `gunicorn "floor_app:create_app()"` (bench on PYTHONPATH)."""
    from stem import create_app as create_stem
    from stem.core.security import public, require_login

    app = create_stem()

    @app.get(FLOOR)
    @public
    def bench_floor() -> str:
        return PAGE

    @app.get(SIGNED_IN)
    @require_login
    def bench_floor_signed_in() -> str:
        return PAGE

    @app.post(FORM)
    @public
    def bench_floor_form():
        return redirect(FLOOR, code=303)

    return app
