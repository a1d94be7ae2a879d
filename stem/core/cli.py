"""`stem demo` and `stem dev`: the quick start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from stem.core.db import db

# Where `stem dev` (and so `make run`) serves Stem unless told otherwise.
DEV_HOST = "127.0.0.1"
DEV_PORT = 5000


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Bring the database up to date and load demo data (safe to run again)."""
    from stem.core.demo import DEMO_PASSWORD, load_demo

    upgrade()
    accounts = load_demo()
    db.session.commit()
    # The address `stem dev` serves, whatever STEM_BASE_URL (links in messages) says.
    base = f"http://{DEV_HOST}:{DEV_PORT}"
    click.echo(f"\nStem demo data is ready. Start it with `stem dev` (`make run`) and open {base}")
    if current_app.config["BASE_URL"] != base:
        click.echo(f"Links in e-mail and SMS point to {current_app.config['BASE_URL']} (STEM_BASE_URL).")
    click.echo("")
    click.echo("Members and partners: sign in at " + base + "/sign-in with one of these:")
    for a in accounts:
        if a.role in ("member", "partner"):
            click.echo(f"  {a.role:<8} {a.name:<28} {a.address:<40} ({a.locale})")
    click.echo(
        "  The link and 6-digit code arrive in the scheduler's output (console mail/SMS)"
        " within 15 seconds; `stem outbox send` delivers at once.\n"
    )
    click.echo("Translators: sign in like members, with link and code, at " + base + "/sign-in:")
    for a in accounts:
        if a.role == "translator":
            click.echo(f"  {a.role:<10} {a.name:<28} {a.address}")
    click.echo("  They see only the translation queue of their language pair and the glossary.\n")
    click.echo(f"Staff and admin: sign in at {base}/staff/sign-in, password '{DEMO_PASSWORD}':")
    for a in accounts:
        if a.role in ("staff", "admin"):
            click.echo(f"  {a.role:<8} {a.name:<28} {a.address}")
            click.echo(f"           TOTP secret {a.totp_secret} (add it to an authenticator app,")
            snippet = f"import pyotp; print(pyotp.TOTP('{a.totp_secret}').now())"
            click.echo(f'           or print a code: python -c "{snippet}")')
    click.echo("")


@click.command("dev")
@click.option("--host", default=DEV_HOST)
@click.option("--port", default=DEV_PORT, type=int)
def dev_command(host: str, port: int) -> None:
    """Serve Stem for development, with one scheduler process beside it."""
    from werkzeug.serving import run_simple

    from stem import create_app

    os.environ.setdefault("STEM_BASE_URL", f"http://{host}:{port}")
    scheduler = subprocess.Popen([sys.executable, "-m", "stem", "scheduler"])  # noqa: S603
    try:
        app = create_app()
        click.echo(f"Stem runs on http://{host}:{port} (stop with Ctrl+C)")
        # Flask's app.run() refuses to start from inside the flask CLI; werkzeug serves directly.
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        try:
            scheduler.wait(timeout=10)
        except subprocess.TimeoutExpired:
            scheduler.kill()
