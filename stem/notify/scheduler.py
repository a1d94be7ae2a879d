"""The scheduler process: periodic jobs, one active scheduler, a heartbeat for /healthz.

`stem scheduler` runs this in its own process, never inside web workers. Jobs are
idempotent reconcilers, so a crash, a restart or a day of downtime does no harm;
the lock makes sure that only one scheduler is active at a time all the same.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app, has_app_context
from sqlalchemy.dialects import postgresql, sqlite

from stem.core.db import db, utcnow
from stem.core.models import Heartbeat
from stem.notify.delivery import deliver_due

log = logging.getLogger(__name__)

HEARTBEAT_NAME = "scheduler"
# pg_try_advisory_lock key: "Stem" in ASCII. Any constant works if nothing else uses it.
ADVISORY_LOCK_KEY = 0x5374656D
LOCK_FILE_NAME = "scheduler.lock"
STANDBY_SECONDS = 30
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}


@dataclass(frozen=True)
class Job:
    """A periodic job: an id, a function run inside an app context, APScheduler trigger."""

    id: str
    func: Callable[[], Any]
    trigger: str = "interval"
    trigger_args: dict[str, Any] = field(default_factory=dict)


JOBS: list[Job] = []

# Modules that register their jobs with register_job() when imported. A feature
# with scheduled work adds its module here, e.g. "stem.surveys.rounds.jobs".
JOB_MODULES: tuple[str, ...] = (
    "stem.accounts.jobs",
    "stem.surveys.rounds.jobs",
    "stem.signals.jobs",
    "stem.actions.jobs",
)


def register_job(job_id: str, func: Callable[[], Any], trigger: str = "interval",
                 **trigger_args: Any) -> Job:
    """Add a job to the schedule (or replace the one with this id), e.g. trigger="cron", day=1."""
    job = Job(job_id, func, trigger, trigger_args)
    JOBS[:] = [j for j in JOBS if j.id != job_id] + [job]
    return job


def load_jobs() -> list[Job]:
    """Import the feature job modules, then return every registered job."""
    for name in JOB_MODULES:
        importlib.import_module(name)
    return list(JOBS)


# --- the built-in jobs -------------------------------------------------------


DELIVERY_RUN_SECONDS = 12  # keep taking batches for this long, within the 15 s interval


def deliver_outbox() -> None:
    """Deliver due outbox messages, batch after batch while there are any (a round's backlog)."""
    started = time.monotonic()
    while True:
        report = deliver_due()
        if report.total:
            log.info("outbox run: %s", report)
        if report.total == 0 or time.monotonic() - started > DELIVERY_RUN_SECONDS:
            return


def heartbeat(name: str = HEARTBEAT_NAME) -> None:
    """Record that this process is alive (upsert of the heartbeat row)."""
    values = {"name": name, "beat_at": utcnow(), "host": socket.gethostname()[:255],
              "pid": os.getpid()}
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Heartbeat).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Heartbeat.name],
        set_={key: stmt.excluded[key] for key in ("beat_at", "host", "pid")},
    )
    db.session.execute(stmt)
    db.session.commit()


register_job("deliver_outbox", deliver_outbox, seconds=15)
register_job("heartbeat", heartbeat, seconds=30)


def run_job(app: Flask, job: Job) -> bool:
    """Run one job inside an app context; log and roll back on error. True if it succeeded."""
    if has_app_context() and current_app._get_current_object() is app:
        return _run_logged(job, own_context=False)  # the CLI's context: keep its session
    with app.app_context():
        return _run_logged(job, own_context=True)


def _run_logged(job: Job, own_context: bool) -> bool:
    try:
        job.func()
    except Exception:
        log.exception("scheduler: job %s failed", job.id)
        db.session.rollback()
        return False
    finally:
        if own_context:
            db.session.remove()
    return True


def run_once(app: Flask) -> dict[str, bool]:
    """Run every job once, in order (for cron and tests); map job id to success."""
    return {job.id: run_job(app, job) for job in load_jobs()}


# --- only one active scheduler -------------------------------------------------


class PostgresLock:
    """A session-level advisory lock on a connection kept for the process lifetime."""

    def __init__(self, engine: sa.Engine, key: int = ADVISORY_LOCK_KEY):
        self.engine = engine
        self.key = key
        self.conn: sa.Connection | None = None

    def acquire(self) -> bool:
        """Try to take the lock without waiting."""
        conn = self.engine.connect()
        try:
            query = sa.text("SELECT pg_try_advisory_lock(:key)")
            got = conn.execute(query, {"key": self.key}).scalar()
            conn.commit()  # the lock outlives the transaction; don't sit idle in one
        except BaseException:
            conn.invalidate()
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self.conn = conn
        return True

    def is_held(self) -> bool:
        """False once the connection (and so the lock) is gone, e.g. after a database restart."""
        if self.conn is None:
            return False
        try:
            self.conn.execute(sa.text("SELECT 1"))
            self.conn.commit()
        except sa.exc.DBAPIError:
            return False
        return True

    def release(self) -> None:
        """Give the lock back and close the connection for good (not back into the pool)."""
        if self.conn is None:
            return
        try:
            self.conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            self.conn.commit()
        except sa.exc.DBAPIError:
            pass  # the connection is gone, and with it the lock
        finally:
            self.conn.invalidate()
            self.conn.close()
            self.conn = None


class FileLock:
    """An exclusive flock on a file: for SQLite, where all processes share one machine."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.handle = None

    def acquire(self) -> bool:
        """Try to take the lock without waiting."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{socket.gethostname()} {os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return True

    def is_held(self) -> bool:
        """True while we hold the file open and locked."""
        return self.handle is not None

    def release(self) -> None:
        """Unlock and close the file."""
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def make_lock(app: Flask) -> PostgresLock | FileLock:
    """The scheduler lock that fits the app's database."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        return PostgresLock(engine)
    return FileLock(sqlite_lock_path(engine.url.database, app.instance_path))


def sqlite_lock_path(database: str | None, instance_path: str) -> Path:
    """The lock file beside the SQLite database itself.

    Two installations (instance folders) on one database must share one lock, or both
    run the jobs; an in-memory database belongs to one process, so the instance folder will do.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return Path(instance_path) / LOCK_FILE_NAME
    path = Path(database).resolve()
    return path.with_name(f"{path.name}.{LOCK_FILE_NAME}")


# --- the long-running process ---------------------------------------------------


class SchedulerRunner:
    """Holds the lock and runs the jobs; stands by while another scheduler is active."""

    def __init__(self, app: Flask, standby_seconds: float = STANDBY_SECONDS):
        self.app = app
        self.standby_seconds = standby_seconds
        self.stop_event = threading.Event()
        self.lock = make_lock(app)
        self.scheduler: BlockingScheduler | None = None

    def stop(self, *_args: Any) -> None:
        """Ask the scheduler to finish running jobs and stop (also the signal handler)."""
        self.stop_event.set()
        scheduler = self.scheduler
        if scheduler is not None and scheduler.running:
            with contextlib.suppress(SchedulerNotRunningError):
                scheduler.shutdown(wait=True)

    def run(self) -> None:
        """Run until stopped: active while holding the lock, on standby otherwise."""
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = {}
        if in_main_thread:
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, self.stop)
        try:
            while not self.stop_event.is_set():
                try:
                    acquired = self.lock.acquire()
                except sa.exc.SQLAlchemyError as exc:
                    log.error("scheduler: cannot reach the database for the lock (%s); "
                              "trying again in %ss", type(exc).__name__, self.standby_seconds)
                    self.stop_event.wait(self.standby_seconds)
                    continue
                if not acquired:
                    log.warning("scheduler: another scheduler is active; standing by, "
                                "trying again in %ss", self.standby_seconds)
                    self.stop_event.wait(self.standby_seconds)
                    continue
                try:
                    self._run_active()
                finally:
                    self.lock.release()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        log.info("scheduler: stopped")

    def _run_active(self) -> None:
        log.info("scheduler: active on %s pid %s", socket.gethostname(), os.getpid())
        scheduler = BlockingScheduler(
            job_defaults=JOB_DEFAULTS, timezone=self.app.config["BABEL_DEFAULT_TIMEZONE"]
        )
        for job in load_jobs():
            options = dict(job.trigger_args)
            if job.trigger == "interval":
                options.setdefault("next_run_time", utcnow())  # beat and deliver right away
            scheduler.add_job(run_job, job.trigger, args=(self.app, job), id=job.id,
                              name=job.id, replace_existing=True, **options)
        scheduler.add_job(self._check_lock, "interval", seconds=STANDBY_SECONDS,
                          id="_scheduler_lock", name="_scheduler_lock")
        self.scheduler = scheduler
        try:
            if not self.stop_event.is_set():
                scheduler.start()  # blocks until shutdown
        finally:
            self.scheduler = None

    def _check_lock(self) -> None:
        if self.lock.is_held():
            return
        log.error("scheduler: lost the scheduler lock; pausing to take it again")
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
