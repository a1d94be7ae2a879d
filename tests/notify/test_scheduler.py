"""The scheduler: jobs, heartbeat, `stem scheduler --once`, and one active scheduler at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.core.models import Heartbeat
from stem.notify import scheduler
from stem.notify.cli import scheduler_command
from stem.notify.models import OutboxMessage
from stem.notify.outbox import queue_message
from stem.notify.scheduler import SchedulerRunner, heartbeat, make_lock, register_job, run_once
from tests.conftest import make_app


def _wait_for(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_builtin_jobs_and_defaults():
    jobs = {job.id: job for job in scheduler.JOBS}
    assert jobs["deliver_outbox"].trigger_args == {"seconds": 15}
    assert jobs["heartbeat"].trigger_args == {"seconds": 30}
    assert scheduler.JOB_DEFAULTS == {"coalesce": True, "max_instances": 1,
                                      "misfire_grace_time": 3600}


def test_heartbeat_is_one_row_updated_in_place():
    heartbeat()
    first = db.session.get(Heartbeat, "scheduler")
    first_at = first.beat_at
    time.sleep(0.01)
    heartbeat()
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Heartbeat)).all()
    assert [row.name for row in rows] == ["scheduler"]
    assert rows[0].beat_at > first_at
    assert rows[0].pid == os.getpid()


def test_scheduler_once_beats_and_delivers(app, mail_outbox):
    queue_message(channel="email", recipient="amina@example.nl", kind="test", body="Hallo")
    db.session.commit()
    result = app.test_cli_runner().invoke(scheduler_command, ["--once"])
    assert result.exit_code == 0, result.output
    assert "deliver_outbox: ok" in result.output
    assert "heartbeat: ok" in result.output
    beat = db.session.get(Heartbeat, "scheduler")
    assert (utcnow() - beat.beat_at).total_seconds() < 60
    assert [mail.to for mail in mail_outbox] == [["amina@example.nl"]]


def test_scheduler_once_stands_aside_for_an_active_scheduler(app, mail_outbox):
    queue_message(channel="email", recipient="amina@example.nl", kind="test", body="Hallo")
    db.session.commit()
    active = make_lock(app)
    assert active.acquire()
    try:
        result = app.test_cli_runner().invoke(scheduler_command, ["--once"])
    finally:
        active.release()
    assert result.exit_code == 0
    assert "Another scheduler is active" in result.output
    assert db.session.get(Heartbeat, "scheduler") is None
    assert mail_outbox == []


def test_a_failing_job_does_not_stop_the_others(app, monkeypatch):
    monkeypatch.setattr(scheduler, "JOBS", list(scheduler.JOBS))

    def broken():
        db.session.add(Heartbeat(name="half-done"))
        db.session.flush()
        raise RuntimeError("boom")

    register_job("broken", broken, minutes=5)
    register_job("broken", broken, minutes=5)  # registering again replaces
    assert [job.id for job in scheduler.JOBS].count("broken") == 1
    results = run_once(app)
    # Feature jobs (rounds, signals, …) run too; only the broken one may fail.
    assert [job_id for job_id, ok in results.items() if not ok] == ["broken"]
    assert {"deliver_outbox", "heartbeat"} <= set(results)
    assert db.session.get(Heartbeat, "half-done") is None  # rolled back
    assert db.session.get(Heartbeat, "scheduler") is not None
    result = app.test_cli_runner().invoke(scheduler_command, ["--once"])
    assert result.exit_code == 1
    assert "broken: FAILED" in result.output


def test_second_lock_fails_while_the_first_is_held(app):
    first, second = make_lock(app), make_lock(app)
    assert first.acquire()
    try:
        assert second.acquire() is False
        assert first.is_held()
    finally:
        first.release()
    assert second.acquire()
    second.release()


@pytest.mark.no_db_rollback
def test_runner_runs_jobs_and_releases_the_lock_on_stop(committed_app, sms_outbox):
    app = committed_app
    with app.app_context():
        queue_message(channel="sms", recipient="+31612345678", kind="test", body="Hallo")
        db.session.commit()
    runner = SchedulerRunner(app, standby_seconds=0.2)
    thread = threading.Thread(target=runner.run)
    thread.start()
    try:
        assert _wait_for(lambda: sms_outbox == [("+31612345678", "Hallo")])
        assert _wait_for(lambda: _heartbeat_at(app) is not None)
    finally:
        runner.stop()
        thread.join(timeout=15)
    assert not thread.is_alive()
    lock = make_lock(app)
    assert lock.acquire()
    lock.release()


@pytest.mark.no_db_rollback
def test_second_scheduler_stands_by_until_the_first_is_gone(committed_app):
    app = committed_app
    first = make_lock(app)
    assert first.acquire()
    runner = SchedulerRunner(app, standby_seconds=0.2)
    thread = threading.Thread(target=runner.run)
    thread.start()
    try:
        time.sleep(1.0)
        assert _heartbeat_at(app) is None  # standing by: no jobs run
        first.release()
        assert _wait_for(lambda: _heartbeat_at(app) is not None)
    finally:
        runner.stop()
        thread.join(timeout=15)
    assert not thread.is_alive()


@pytest.mark.no_db_rollback
def test_sigterm_stops_the_scheduler_process_cleanly(committed_app, tmp_path):
    app = committed_app
    config = {
        "STEM_ENV": "testing",
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        "SMS_BACKEND": "memory",
        "MAIL_BACKEND": "locmem",
        "LOG_LEVEL": "INFO",
    }
    script = (
        "import json, sys\n"
        "from stem import create_app\n"
        "from stem.notify.scheduler import SchedulerRunner\n"
        "app = create_app(json.loads(sys.argv[1]), instance_path=sys.argv[2])\n"
        "SchedulerRunner(app).run()\n"
    )
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script, json.dumps(config), app.instance_path],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert _wait_for(lambda: _heartbeat_at(app) is not None, timeout=30)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert "scheduler: stopped" in output
    lock = make_lock(app)
    assert lock.acquire()  # released on the way out
    lock.release()


def _heartbeat_at(app):
    with app.app_context():
        try:
            return db.session.scalar(
                sa.select(Heartbeat.beat_at).where(Heartbeat.name == "scheduler"))
        finally:
            db.session.remove()


def test_outbox_model_is_untouched_by_heartbeat():
    heartbeat()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_two_installations_on_one_sqlite_database_share_one_lock(tmp_path):
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    first = make_app(database, tmp_path / "instance-a")
    second = make_app(database, tmp_path / "instance-b")
    lock_a, lock_b = make_lock(first), make_lock(second)
    assert lock_a.acquire()
    try:
        assert lock_b.acquire() is False  # the other instance folder does not matter
    finally:
        lock_a.release()
    other = make_lock(make_app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path / "instance-a"))
    assert other.acquire()  # another database is another installation
    other.release()
