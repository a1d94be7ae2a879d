"""Operators' commands: `stem outbox list|send|retry` and `stem scheduler`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from stem.core.db import db
from stem.notify.delivery import deliver_due, retry, retry_failed_since
from stem.notify.models import STATUSES, OutboxMessage
from stem.notify.outbox import mask_recipient


@click.group("outbox")
def outbox_cli() -> None:
    """Look at and deliver the message outbox."""


@outbox_cli.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only messages with this status.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@with_appcontext
def list_command(status: str | None, limit: int) -> None:
    """Show the newest messages (never their contents)."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    rows = db.session.scalars(query).all()
    if not rows:
        click.echo("No messages.")
        return
    header = f"{'id':>7}  {'created (UTC)':16}  {'channel':7}  {'kind':20}  {'status':7}  " \
             f"{'tries':>5}  recipient"
    click.echo(header)
    for row in rows:
        click.echo(
            f"{row.id:>7}  {row.created_at:%Y-%m-%d %H:%M}  {row.channel:7}  {row.kind[:20]:20}  "
            f"{row.status:7}  {row.attempts:>5}  {mask_recipient(row.recipient)}"
        )
        if row.status == "failed" and row.last_error:
            click.echo(f"{'':9}last error: {row.last_error}")


@outbox_cli.command("send")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1))
@with_appcontext
def send_command(limit: int) -> None:
    """Deliver the messages that are due now."""
    report = deliver_due(limit=limit)
    click.echo(
        f"sent {report.sent}, retrying later {report.retried}, failed {report.failed}, "
        f"interrupted earlier {report.interrupted}"
    )


@outbox_cli.command("retry")
@click.argument("message_id", type=int)
@with_appcontext
def retry_command(message_id: int) -> None:
    """Put a failed message back in the queue."""
    try:
        message = retry(message_id)
    except (LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Message {message.id} is queued again; `stem outbox send` delivers it now.")


@outbox_cli.command("retry-failed")
@click.option("--since", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Retry failed messages queued on or after this day (YYYY-MM-DD), e.g. an outage's start.")
@with_appcontext
def retry_failed_command(since) -> None:
    """Put every failed message since a day back in the queue (rebuilt where needed)."""
    from stem.core.i18n import AMSTERDAM

    report = retry_failed_since(since.replace(tzinfo=AMSTERDAM))
    click.echo(f"queued again {report.retried}, could not be sent again {report.skipped} "
               "(expired sign-in links, or no longer needed)")


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run every job once and exit (for cron and tests).")
@with_appcontext
def scheduler_command(once: bool) -> None:
    """Run the scheduler: outbox delivery, heartbeat and the feature jobs."""
    from stem.notify.scheduler import SchedulerRunner, make_lock, run_once

    app = current_app._get_current_object()
    if not once:
        SchedulerRunner(app).run()
        return
    lock = make_lock(app)
    if not lock.acquire():
        click.echo("Another scheduler is active; it runs the jobs. Nothing done.")
        return
    try:
        results = run_once(app)
    finally:
        lock.release()
    for job_id, ok in results.items():
        click.echo(f"{job_id}: {'ok' if ok else 'FAILED (see log)'}")
    if not all(results.values()):
        raise click.exceptions.Exit(1)
