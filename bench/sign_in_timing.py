"""Does the sign-in page take longer for an address that has an account?

    .venv/bin/python bench/sign_in_timing.py [--runs 400] [--write]

Before, the page looked the address up, made a token and queued a message only for a
real account, and answered measurably later (median 16.1 ms against 10.2 ms, as an
outside tester found). Now the page stores every request the same way and the sign-in
job does the rest. This asks for a link for a known and an unknown address, alternately,
in-process through Flask's test client on a migrated SQLite database (rate limits off:
one client asks many times), and reports the median and p95 server time of each, their
difference, and a Mann-Whitney U test's p-value (a small p would mean the two can be
told apart). With --write the figures go to bench/RESULTS.md (sign-in-timing section).
"""

from __future__ import annotations

import argparse
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def mann_whitney_p(a: list[float], b: list[float]) -> float:
    """Two-sided p-value of the Mann-Whitney U test, normal approximation (n >= 20 each)."""
    import math

    ranked = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    ranks = [0.0] * len(ranked)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    r_a = sum(r for r, (_v, g) in zip(ranks, ranked, strict=True) if g == 0)
    n_a, n_b = len(a), len(b)
    u = r_a - n_a * (n_a + 1) / 2
    mean = n_a * n_b / 2
    sd = math.sqrt(n_a * n_b * (n_a + n_b + 1) / 12)
    z = (u - mean) / sd
    return math.erfc(abs(z) / math.sqrt(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from stem import create_app
    from stem.core.db import db
    from tests import factories

    work = Path(tempfile.mkdtemp())
    app = create_app(
        {"STEM_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "LOG_LEVEL": "WARNING",
         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'timing.db'}", "RATELIMIT_ENABLED": False,
         "SESSION_COOKIE_SECURE": False},
        instance_path=str(work / "instance"),
    )
    with app.app_context():
        upgrade()
        factories.create_user("member", email="known@example.nl")
        db.session.commit()
    client = app.test_client()
    token = CSRF_RE.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(args.runs * 2 + 20):
        kind = "known" if n % 2 else "unknown"
        address = "known@example.nl" if kind == "known" else f"nobody{n}@example.nl"
        start = time.perf_counter()
        response = client.post("/sign-in", data={"csrf_token": token, "address": address})
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 303, response.status_code
        if n >= 20:  # warm-up
            times[kind].append(elapsed)
    rows = []
    for kind, values in times.items():
        values.sort()
        rows.append((kind, statistics.median(values), values[int(len(values) * 0.95)]))
    p_value = mann_whitney_p(times["known"], times["unknown"])
    difference = rows[0][1] - rows[1][1]
    for kind, median, p95 in rows:
        print(f"{kind:8} median {median:.2f} ms  p95 {p95:.2f} ms")
    print(f"difference of medians {difference:+.2f} ms; Mann-Whitney p = {p_value:.2f}")
    if args.write:
        from results import machine, table, write_section

        body = "\n".join([
            "## Sign-in page: known against unknown addresses",
            "",
            f"`bench/sign_in_timing.py` on {machine()}, SQLite, in-process, {args.runs} requests "
            "for each, alternating, after 20 warm-ups. Before: median 16.1 ms for a known "
            "address against 10.2 ms for an unknown one (outside test). Now the page stores every "
            "request alike and the sign-in job answers it.",
            "",
            table(["address", "median", "p95"],
                  [[kind, f"{median:.2f} ms", f"{p95:.2f} ms"] for kind, median, p95 in rows]),
            "",
            f"Difference of the medians: {difference:+.2f} ms; Mann-Whitney U, two-sided: "
            f"p = {p_value:.2f} "
            + ("(above 0.05: the two cannot be told apart)." if p_value > 0.05
               else "(below 0.05: the two can be told apart; look into it)."),
        ])
        write_section("sign-in-timing", body)


if __name__ == "__main__":
    main()
