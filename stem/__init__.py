"""Stem: the feedback and co-creation platform of De Stem, Utrecht."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """templates/, static/ or migrations/: inside the package when installed, else at the top."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def create_app(config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build a Stem application; `config` overrides settings read from the environment."""
    from dotenv import load_dotenv

    load_dotenv(override=False)

    from stem.config import load_config

    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    from stem.core.request import StemRequest

    app.request_class = StemRequest
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    from stem.core import log_filters

    log_filters.install()

    from stem.core.converters import init_converters

    init_converters(app)
    from stem.core.session_cookie import SignedCookieSessions

    app.session_interface = SignedCookieSessions()
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    _init_extensions(app)
    _register_blueprints(app)

    from stem.core import errors, security, templating, web

    security.init_security_headers(app)
    errors.init_error_handlers(app)
    templating.init_templating(app)
    web.init_request_hooks(app)
    return app


def _init_extensions(app: Flask) -> None:
    from stem.core.db import init_engine_events
    from stem.core.i18n import select_locale
    from stem.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    init_engine_events(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    from stem.accounts.sessions import init_login

    init_login(app, login_manager)
    mail.init_app(app)
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from stem import (
        accounts,
        actions,
        commitments,
        core,
        notify,
        public,
        reports,
        sessions,
        signals,
        surveys,
        translation,
    )

    # Route modules attach their views to the blueprints when imported.
    from stem.accounts import admin_routes, routes, staff_routes  # noqa: F401
    from stem.actions import link_routes, template_globals, update_routes  # noqa: F401
    from stem.actions import routes as action_routes  # noqa: F401
    from stem.commitments import export_routes  # noqa: F401
    from stem.commitments import routes as commitment_routes  # noqa: F401
    from stem.commitments import template_globals as commitment_globals  # noqa: F401
    from stem.core import health  # noqa: F401
    from stem.core import routes as core_routes  # noqa: F401
    from stem.notify import routes as notify_routes  # noqa: F401
    from stem.public import data_routes, wording  # noqa: F401
    from stem.public import routes as public_routes  # noqa: F401
    from stem.signals.intake import routes as intake_routes  # noqa: F401
    from stem.signals.themes import routes as theme_routes  # noqa: F401
    from stem.signals.triage import inbox_routes, merge_routes  # noqa: F401
    from stem.signals.triage import routes as triage_routes  # noqa: F401
    from stem.surveys.answering import preview_routes  # noqa: F401
    from stem.surveys.answering import routes as answer_routes  # noqa: F401
    from stem.surveys.builder import question_routes, text_routes  # noqa: F401
    from stem.surveys.builder import routes as builder_routes  # noqa: F401
    from stem.surveys.results import routes as results_routes  # noqa: F401
    from stem.surveys.results import summary_routes  # noqa: F401
    from stem.surveys.rounds import contact_routes  # noqa: F401
    from stem.surveys.rounds import routes as rounds_routes  # noqa: F401
    from stem.translation import access, glossary_routes  # noqa: F401
    from stem.translation import routes as translation_routes  # noqa: F401
    from stem.translation import template_globals as translation_globals  # noqa: F401

    for module in (
        core, accounts, notify, surveys, signals, commitments, actions, sessions, reports,
        public, translation,
    ):
        app.register_blueprint(module.bp)
