"""Small groups stay hidden: no figure under five, also not by working it out from the rest.

The attacker here knows the rule (stem/surveys/results/suppression.py) completely: from what a
table shows, it tries every set of numbers that adds up to the total, keeps those that
would have been shown exactly the same way, and looks for a small cell, or a group of
small cells together under five, that has only one possible value.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
from html import unescape

import pytest

from stem.surveys.results.suppression import (
    HIDDEN,
    MIN_GROUP,
    SHOWN,
    SMALL,
    Cell,
    derivable,
    is_small,
    protect,
)
from tests import factories
from tests.surveys.results_helpers import fill, invite, question, spread

SMALL_TEXT, HIDDEN_TEXT = "< 5", "verborgen"


def display(counts):
    """What a reader sees of a breakdown: per cell its state, and the count if shown."""
    cells = protect(counts)
    if cells is None:
        return None
    return tuple((c.state, c.count if c.shown else None) for c in cells)


def compositions(total: int, bounds: list[tuple[int, int]]):
    """Every way to split `total` into cells within (low, high) bounds."""
    if not bounds:
        if total == 0:
            yield ()
        return
    low, high = bounds[0]
    for first in range(low, min(high, total) + 1):
        for rest in compositions(total - first, bounds[1:]):
            yield (first, *rest)


def attack(shown: tuple, total: int) -> list[str]:
    """Every small cell or group of small cells under five that `shown` gives away."""
    concealed = [i for i, (state, _count) in enumerate(shown) if state != SHOWN]
    if not concealed:
        return []
    rest = total - sum(count for state, count in shown if state == SHOWN)
    assert rest >= 0
    # A cell shown as small holds 1-4 people, a hidden one at least 5 (any other value
    # would have been shown differently); display() below checks everything else.
    bounds = [(1, MIN_GROUP - 1) if shown[i][0] == SMALL else (MIN_GROUP, rest) for i in concealed]
    candidates = []
    for values in compositions(rest, bounds):
        counts = [count or 0 for _state, count in shown]
        for i, value in zip(concealed, values, strict=True):
            counts[i] = value
        if display(counts) == shown:
            candidates.append(values)
    assert candidates, "what is shown must be possible"
    leaks = []
    small = [j for j, i in enumerate(concealed) if shown[i][0] == SMALL]
    for size in range(1, len(small) + 1):
        for group in itertools.combinations(small, size):
            sums = {sum(c[j] for j in group) for c in candidates}
            if len(sums) == 1 and 0 < min(sums) < MIN_GROUP:
                leaks.append(f"cells {[concealed[j] for j in group]} = {sums.pop()}")
    return leaks


def test_the_attacker_catches_a_rule_without_hidden_cells(monkeypatch):
    """Without the secondary hidden cell, the total minus the rest gives the small cell."""
    naive = lambda counts: [Cell(c, SMALL if is_small(c) else SHOWN) for c in counts]  # noqa: E731
    monkeypatch.setitem(globals(), "protect", naive)
    assert attack(display([3, 12, 20]), 35) == ["cells [0] = 3"]
    assert attack(display([1, 2, 12, 20]), 35) == ["cells [0, 1] = 3"]


# --- the rule ------------------------------------------------------------------------------


def test_small_cells_show_as_small_and_a_neighbour_is_hidden():
    assert display([10, 3, 12, 20]) == ((HIDDEN, None), (SMALL, None), (SHOWN, 12), (SHOWN, 20))
    assert display([20, 12, 3, 10]) == (
        (SHOWN, 20),
        (HIDDEN, None),
        (SMALL, None),
        (SHOWN, 10),
    )  # nearest; earlier on a tie


def test_no_small_cell_no_hiding_and_zero_is_shown():
    assert display([0, 5, 7]) == ((SHOWN, 0), (SHOWN, 5), (SHOWN, 7))


def test_the_hidden_cell_does_not_depend_on_the_sizes_of_others():
    # Which cell is hidden follows from which cells are small or zero, not from their sizes:
    # otherwise "the smallest other cell was hidden" would tell the reader something.
    assert display([2, 30, 6])[1][0] == HIDDEN
    assert display([2, 6, 30])[1][0] == HIDDEN


def test_a_breakdown_that_would_give_a_small_cell_away_is_withheld():
    # 1 + 5 = 6: the hidden cell is at least 5, so the small one can only be 1.
    assert protect([1, 5, 40]) is None
    assert not derivable([2, 5, 40], {0}, {1})
    assert protect([2, 5, 40]) is not None


def test_small_cells_together_under_five_are_not_derivable():
    assert display([2, 2, 20])[2][0] == HIDDEN  # 2 + 2 = 4 would follow from the total
    assert not attack(display([2, 2, 20]), 24)


@pytest.mark.parametrize("size", [2, 3])
def test_no_breakdown_gives_a_small_cell_away(size):
    """Every breakdown of `size` cells with counts up to 11: the attacker finds nothing."""
    checked = 0
    for counts in itertools.product(range(12), repeat=size):
        if sum(counts) < MIN_GROUP:
            continue
        shown = display(counts)
        if shown is None:
            continue
        assert not attack(shown, sum(counts)), counts
        checked += 1
    assert checked > 100


def test_no_larger_breakdown_gives_a_small_cell_away():
    rng = random.Random(20261125)
    for _ in range(300):
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 11]) for _ in range(rng.choice([4, 5]))]
        shown = display(counts)
        if sum(counts) >= MIN_GROUP and shown is not None:
            assert not attack(shown, sum(counts)), counts


# --- the pages and exports -----------------------------------------------------------------


def _read(text: str) -> tuple[str, int | None]:
    text = text.strip()
    if text == SMALL_TEXT:
        return SMALL, None
    if text == HIDDEN_TEXT:
        return HIDDEN, None
    return SHOWN, int(text.replace(".", ""))


def _tables(html: str) -> dict[str, list[tuple[str, int | None]]]:
    tables = {}
    for caption, body in re.findall(
        r"<caption[^>]*>(.*?)</caption>.*?<tbody[^>]*>(.*?)</tbody>", html, re.S
    ):
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            cells = [
                unescape(re.sub(r"<[^>]+>", "", c))
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            rows.append(cells)
        tables[unescape(caption)] = rows
    return tables


@pytest.fixture
def small_group_round():
    """A round of 23 where one face, one language and one option have a small group."""
    survey = factories.create_survey(kinds=("smiley5", "multiple", "yesno"))
    round_ = factories.create_round(survey)
    invite(round_, {"nl": 16, "ar": 8, "ti": 3})
    fill(
        round_,
        {
            question(survey, "smiley5"): spread({"1": 2, "2": 6, "3": 5, "4": 6, "5": 4}),
            question(survey, "multiple"): [["a"]] * 20 + [["a", "c"]] * 3,
            question(survey, "yesno"): spread({"yes": 21, "no": 2}),
        },
        locales=["nl"] * 14 + ["ar"] * 6 + ["ti"] * 3,
    )
    return round_


def test_results_page_gives_no_small_group_away(client, login_as, small_group_round):
    login_as("staff", locale="nl")
    html = client.get(f"/staff/rounds/{small_group_round.id}/results").get_data(as_text=True)
    tables = _tables(html)
    total = 23

    smiley = [_read(cells[1]) for cells in tables["Antwoorden op vraag 1"]]
    assert [state for state, _ in smiley].count(SMALL) == 2
    assert not attack(tuple(smiley), total)
    yesno = [_read(cells[1]) for cells in tables["Antwoorden op vraag 3"]]
    assert yesno[1] == (SMALL, None)
    assert yesno[0] == (HIDDEN, None)
    assert not attack(tuple(yesno), total)
    # Multiple choice: each option against the rest of the total.
    multiple = [_read(cells[1]) for cells in tables["Antwoorden op vraag 2"]]
    assert multiple[0] == (SHOWN, 23)
    assert multiple[2] == (SMALL, None)
    assert not attack((multiple[2], (HIDDEN, None)), total)

    languages = tables["Deelname per taal"]
    for column, column_total in ((1, 27), (2, 23)):
        shown = tuple(_read(cells[column]) for cells in languages)
        assert not attack(shown, column_total)
    assert [cells[0] for cells in languages] == ["Nederlands", "العربية", "ትግርኛ"]
    assert languages[2][1:] == [SMALL_TEXT, SMALL_TEXT, "–"]
    # No percentage, and no bar in a chart, for a concealed cell.
    for cells in tables["Antwoorden op vraag 1"]:
        if cells[1] in (SMALL_TEXT, HIDDEN_TEXT):
            assert cells[2] == "–"
    svg = re.search(r'<svg[^>]*id="chart-\d+".*?</svg>', html, re.S).group(0)
    assert svg.count("stem-chart__bar") == 2  # faces 3 and 4; face 2 is hidden next to face 1


def test_export_gives_no_small_group_away(client, login_as, small_group_round):
    login_as("staff", locale="nl")
    response = client.get(f"/staff/rounds/{small_group_round.id}/results/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    smiley_key = question(small_group_round.survey, "smiley5").key
    smiley = [_read(row[5]) for row in rows if row[1] == smiley_key]
    assert len(smiley) == 6
    assert not attack(tuple(smiley), 23)
    for row in rows[1:]:
        for cell in row[4:6]:
            if cell.isdigit():
                assert int(cell) == 0 or int(cell) >= MIN_GROUP, row
