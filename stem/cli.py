"""The `stem` command: Flask's CLI with Stem's app factory and commands."""

from __future__ import annotations

import os

import click
from flask.cli import FlaskGroup


def _create_app():
    from stem import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """Stem: feedback and co-creation for De Stem, Utrecht."""


def _register_commands() -> None:
    from stem.accounts.cli import users_cli
    from stem.core.cli import demo_command, dev_command
    from stem.notify.cli import outbox_cli, scheduler_command
    from stem.surveys.rounds.cli import rounds_cli
    from stem.translation.cli import translation_cli

    cli.add_command(users_cli)
    cli.add_command(outbox_cli)
    cli.add_command(scheduler_command)
    cli.add_command(rounds_cli)
    cli.add_command(translation_cli)
    cli.add_command(demo_command)
    cli.add_command(dev_command)


_register_commands()


def main() -> None:
    """Entry point of the `stem` console script."""
    os.environ.setdefault("FLASK_RUN_PORT", "5000")
    cli(prog_name="stem")
