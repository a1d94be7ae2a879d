"""`stem rounds open|remind|close|status [--period YYYY-MM]`: run monthly rounds by hand.

The scheduler does all of this on its own (see stem.surveys.rounds.services.reconcile); these
commands are for doing it now, and safe to run while the scheduler runs.
"""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from stem.core.db import db, utcnow
from stem.surveys.rounds.invitations import (
    MANUAL_REMINDER_GAP,
    queue_invitations,
    send_reminders,
)
from stem.surveys.rounds.schedule import PeriodError, check_period, period_of, schedule
from stem.surveys.rounds.services import (
    NoSurveyError,
    RoundError,
    get_round,
    open_round_once,
    round_figures,
    round_status,
)
from stem.surveys.rounds.services import close_round as close_service


def _period(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_period(value)
    except PeriodError:
        raise click.BadParameter(
            f"{value!r} is not a month; use YYYY-MM, for example 2026-12"
        ) from None


period_option = click.option(
    "--period",
    callback=_period,
    metavar="YYYY-MM",
    help="The month of the round (default: this month, Amsterdam time).",
)


def _local(moment: datetime | None) -> str:
    if moment is None:
        return "–"
    return moment.astimezone(schedule().tz).strftime("%Y-%m-%d %H:%M")


def _echo_figures(round_) -> None:
    figures = round_figures(round_)
    rate = f"{figures.rate:.0%}" if figures.rate is not None else "–"
    click.echo(f"  invited {figures.invited}, responded {figures.responded} ({rate}), "
               f"reminders {figures.reminders} to {figures.reminded} members")
    if round_.status == "open" and figures.not_invited:
        click.echo(f"  active members not invited yet: {figures.not_invited}")


def _existing(period: str):
    round_ = get_round(period)
    if round_ is None:
        raise click.ClickException(f"there is no round for {period}")
    return round_


@click.group("rounds")
def rounds_cli() -> None:
    """Monthly feedback rounds: open, remind, close, status."""


@rounds_cli.command("open")
@period_option
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Invitations per transaction.")
@with_appcontext
def open_command(period: str | None, batch_size: int) -> None:
    """Open the round now and queue an invitation for every active member."""
    now = utcnow()
    period = period or period_of(now)
    try:
        round_, opened = open_round_once(period, now)
    except NoSurveyError:
        raise click.ClickException(
            f"no survey for {period}: plan one on /staff/rounds (no earlier round to follow)"
        ) from None
    except RoundError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    if round_.status == "closed":
        click.echo(f"Round {period} was closed on {_local(round_.closed_at)}; nothing to do.")
        _echo_figures(round_)
        return
    if opened:
        click.echo(f"Round {period} is open (survey {round_.survey_id}, "
                   f"{'anonymous' if round_.anonymous else 'named'}); "
                   f"it closes {_local(round_.closes_at)}.")
    else:
        click.echo(f"Round {period} was already open since {_local(round_.opened_at)}.")
    invited = queue_invitations(round_, now=now, batch_size=batch_size)
    click.echo(f"Invitations queued now: {invited}.")
    _echo_figures(round_)


@rounds_cli.command("remind")
@period_option
@with_appcontext
def remind_command(period: str | None) -> None:
    """Remind members who have not answered (not those we wrote to in the last day)."""
    now = utcnow()
    period = period or period_of(now)
    round_ = _existing(period)
    if round_.status != "open":
        raise click.ClickException(f"round {period} is {round_.status}, not open")
    count = send_reminders(round_, now, min_gap=MANUAL_REMINDER_GAP)
    db.session.commit()
    limit = schedule().max_reminders
    click.echo(f"Reminders queued: {count} (round {period}, at most {limit} per member).")
    _echo_figures(round_)


@rounds_cli.command("close")
@period_option
@with_appcontext
def close_command(period: str | None) -> None:
    """Close the round now: its links stop working, unsent messages are cancelled."""
    now = utcnow()
    period = period or period_of(now)
    round_ = _existing(period)
    try:
        closed = close_service(round_, now)
    except RoundError:
        raise click.ClickException(f"round {period} has not opened yet") from None
    db.session.commit()
    if closed:
        click.echo(f"Round {period} is closed.")
    else:
        click.echo(f"Round {period} was already closed on {_local(round_.closed_at)}.")
    _echo_figures(round_)


@rounds_cli.command("status")
@period_option
@with_appcontext
def status_command(period: str | None) -> None:
    """Show a round's state and figures."""
    now = utcnow()
    status = round_status(period or period_of(now), now)
    round_ = status.round
    if round_ is None or round_.status == "planned":
        planned = f" (planned: survey {round_.survey_id})" if round_ else ""
        click.echo(f"Round {status.period} has not opened{planned}; "
                   f"it opens {_local(status.opens_at)} (Amsterdam time).")
        return
    click.echo(f"Round {status.period}: {round_.status}, survey {round_.survey_id}, "
               f"{'anonymous' if round_.anonymous else 'named'}")
    click.echo(f"  opened {_local(round_.opened_at)}, closes {_local(round_.closes_at)}"
               + (f", closed {_local(round_.closed_at)}" if round_.closed_at else ""))
    click.echo(f"  invitations done: {_local(round_.invitations_done_at)}")
    _echo_figures(round_)
