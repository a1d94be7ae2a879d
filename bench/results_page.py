"""Server time of a round's results page at 1,000, 10,000 and 100,000 responses.

    .venv/bin/python bench/results_page.py [--sizes 1000 10000 100000] [--runs 15] [--write]

Builds a fresh SQLite database in bench/.work/ (the migrations, like production), a survey
of seven questions (two smiley scales, single and multiple choice, yes/no, short and long
text), eleven earlier rounds of 500 responses each for the trends, and then a round of N
responses, written in bulk and counted in a result step (`responses.step`), whose figures
the rounds job then freezes (stem.surveys.rounds.participation.take_steps), as it does in
production; the time that takes is printed as "figures frozen in". It then asks for
/staff/rounds/<id>/results as a signed-in staff member through Flask's test client,
in-process: the figure is the server's own time for the request (routing, session,
queries, template, SVG), without network or HTTP parsing. Median and p95 of `--runs`
requests after two warm-up requests, and the median CPU time of the process per request
(the least disturbed by other work on a shared machine); the number of SQL statements per
request is counted too. Target: flat, <= 50 ms at 10,000 and at 100,000 responses.
With --write the figures go to bench/RESULTS.md between the results-page markers
(results-page-postgresql for PostgreSQL).
Set STEM_BENCH_DATABASE_URL to measure on PostgreSQL instead (a database of your own).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

HISTORY_ROUNDS = 11
HISTORY_RESPONSES = 500
KINDS = ("smiley5", "smiley3", "single", "multiple", "yesno", "short_text", "long_text")
WORDS = (
    "taalles",
    "Welkomhuis",
    "buurtteam",
    "werk",
    "huis",
    "DUO",
    "school",
    "kinderen",
    "wachten",
    "brief",
    "gemeente",
    "hulp",
    "les",
    "avond",
    "bus",
    "geld",
)


def make_app(url: str):
    from stem import create_app

    return create_app(
        {
            "STEM_ENV": "testing",
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": url,
            "BASE_URL": "http://localhost",
            "MAIL_BACKEND": "locmem",
            "SMS_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        },
        instance_path=str(BENCH_DIR / ".work" / "instance"),
    )


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def add_responses(round_, survey, n: int, rng: random.Random) -> None:
    """N submitted responses with answers to every question, inserted in bulk."""
    from stem.core.db import db
    from stem.surveys.models import Answer, AnswerChoice, Response

    def next_id(model) -> int:
        return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1

    response_id, answer_id = next_id(Response), next_id(Answer)
    locales = ["nl"] * 5 + ["ar", "ar", "ti", "uk", "fa_AF", "so", "tr", "en"]
    for start in range(0, n, 5000):
        responses, answers, choices = [], [], []
        for _ in range(min(5000, n - start)):
            responses.append(
                {
                    "id": response_id,
                    "round_id": round_.id,
                    "status": "submitted",
                    "locale": rng.choice(locales),
                    "started_on": date.today(),
                    "submitted_on": date.today(),
                    "step": 1,  # counted in the round's first result step
                }
            )
            for q in survey.questions:
                options = q.options
                if q.kind in ("short_text", "long_text"):
                    if rng.random() < (0.5 if q.kind == "short_text" else 0.3):
                        words = 3 if q.kind == "short_text" else rng.randint(8, 40)
                        answers.append(
                            {
                                "id": answer_id,
                                "response_id": response_id,
                                "question_id": q.id,
                                "text": _text(rng, words),
                            }
                        )
                        answer_id += 1
                    continue
                answers.append(
                    {"id": answer_id, "response_id": response_id, "question_id": q.id, "text": None}
                )
                picked = (
                    rng.sample(options, rng.randint(1, 2))
                    if q.kind == "multiple"
                    else [rng.choices(options, weights=range(1, len(options) + 1))[0]]
                )
                choices += [{"answer_id": answer_id, "option_id": o.id} for o in picked]
                answer_id += 1
            response_id += 1
        db.session.execute(sa.insert(Response), responses)
        db.session.execute(sa.insert(Answer), answers)
        db.session.execute(sa.insert(AnswerChoice), choices)
        db.session.commit()


def freeze() -> float:
    """The rounds job's part: freeze the figures of every counted round; its seconds."""
    from stem.surveys.rounds.participation import take_steps

    started = time.perf_counter()
    take_steps()
    return time.perf_counter() - started


def build(app, n: int, period: str, survey=None, history: bool = False):
    """A survey (once), the history rounds (once) and a round of `n` responses, with their
    figures frozen; also the seconds the freezing took."""
    from stem.core.db import db
    from tests import factories

    rng = random.Random(n)
    with app.app_context():
        if survey is None:
            survey = factories.create_survey(kinds=KINDS)
            db.session.commit()
        survey = db.session.merge(survey)
        if history:
            for month in range(1, HISTORY_ROUNDS + 1):
                past = factories.create_round(survey, period=f"2020-{month:02d}", status="closed")
                db.session.commit()
                add_responses(past, survey, HISTORY_RESPONSES, rng)
        round_ = factories.create_round(survey, period=period, status="closed")
        db.session.commit()
        add_responses(round_, survey, n, rng)
        db.session.commit()
        frozen = freeze()
        # Fresh statistics (and on PostgreSQL the visibility map), as autovacuum or
        # `PRAGMA optimize` would leave them after a while.
        postgres = db.engine.dialect.name == "postgresql"
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("VACUUM ANALYZE" if postgres else "ANALYZE")
        return survey, round_.id, frozen


def measure(app, client, round_id: int, runs: int) -> dict:
    from stem.core.db import db

    statements = []

    def count(*_args):
        statements.append(1)

    url = f"/staff/rounds/{round_id}/results"
    for _ in range(2):
        assert client.get(url).status_code == 200
    times, cpu = [], []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(runs):
            statements.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    times.sort()
    return {
        "median": statistics.median(times),
        "cpu": statistics.median(cpu),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "queries": len(statements),
        "bytes": len(response.get_data()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from stem.core.db import db
    from tests import factories
    from tests.conftest import StemClient, sign_in_session

    work = BENCH_DIR / ".work"
    work.mkdir(exist_ok=True)
    path = work / "results.db"
    path.unlink(missing_ok=True)
    url = os.environ.get("STEM_BENCH_DATABASE_URL") or f"sqlite:///{path}"
    app = make_app(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        upgrade()
        staff = factories.create_user("staff", locale="nl")
        db.session.commit()
        app.test_client_class = StemClient
        client = app.test_client()
        with client.session_transaction() as sess:
            sign_in_session(sess, staff)  # a session of its own, as signing in makes
        db.session.commit()

    rows = []
    survey = None
    for index, n in enumerate(args.sizes):
        started = time.perf_counter()
        survey, round_id, frozen = build(
            app, n, f"2021-{index + 1:02d}", survey, history=index == 0
        )
        built = time.perf_counter() - started
        figures = measure(app, client, round_id, args.runs)
        figures["frozen"] = frozen
        rows.append((n, figures))
        print(
            f"{n:>7,} responses: median {figures['median']:.1f} ms, p95 {figures['p95']:.1f} ms,"
            f" CPU {figures['cpu']:.1f} ms,"
            f" {figures['queries']} queries, {figures['bytes'] / 1024:.0f} KB"
            f" (data built in {built:.0f} s, figures frozen in {frozen:.1f} s)",
            flush=True,
        )

    if args.write:
        from results import machine, table, write_section

        postgres = url.startswith("postgresql")
        body = "\n".join(
            [
                f"## Results page (staff): server time, {db_name(url)}",
                "",
                f"`bench/results_page.py` on {machine()}, {db_name(url)}. A survey of seven "
                f"questions, {HISTORY_ROUNDS} earlier rounds of {HISTORY_RESPONSES} responses for "
                f"the trends; every round counted in a result step whose figures the rounds job "
                f"froze, as in production; in-process requests as a signed-in staff member, "
                f"{args.runs} runs after two warm-ups. Target: flat, **<= 50 ms** at 10,000 and "
                "at 100,000 responses. *Frozen in*: the rounds job's time to freeze the round's "
                "figures (once per step, not per view)."
                + (
                    " CPU is the web process only; the database server's work is in the median "
                    "(after VACUUM ANALYZE, as autovacuum leaves it)."
                    if postgres
                    else ""
                ),
                "",
                table(
                    [
                        "responses",
                        "median",
                        "p95",
                        "CPU (median)",
                        "SQL statements",
                        "page",
                        "frozen in",
                    ],
                    [
                        [
                            f"{n:,}",
                            f"{f['median']:.0f} ms",
                            f"{f['p95']:.0f} ms",
                            f"{f['cpu']:.0f} ms",
                            str(f["queries"]),
                            f"{f['bytes'] / 1024:.0f} KB",
                            f"{f['frozen']:.1f} s",
                        ]
                        for n, f in rows
                    ],
                ),
            ]
        )
        write_section("results-page-postgresql" if postgres else "results-page", body)


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


if __name__ == "__main__":
    main()
