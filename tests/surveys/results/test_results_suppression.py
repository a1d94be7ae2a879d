"""Small groups of people stay hidden: not shown, not worked out from the rest, not seen
between two moments.

The attacker here knows the rule (stem/surveys/results/suppression.py) completely: from what
a breakdown shows (the groups shown, which groups are hidden, the whole-round total), it
tries every set of sizes for the hidden groups that adds up to the total, keeps those that
would have been shown exactly the same way, and looks for a hidden group, or a set of
hidden groups together, that holds fewer than five people and has only one possible size.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
from html import unescape

import pytest

from stem.surveys.results import suppression
from stem.surveys.results.suppression import MIN_GROUP, hidden_groups
from stem.surveys.rounds.participation import take_step
from tests import factories
from tests.surveys.results_helpers import fill, invite, question, respond, spread

HIDDEN_TEXT = "verborgen"


def display(counts: dict[str, int]) -> dict[str, int | None] | None:
    """What a reader sees of a breakdown: each group's count, or None when hidden; None
    for the whole breakdown when every group is hidden."""
    hidden = suppression.hidden_groups(counts)
    if hidden >= set(counts):
        return None
    return {group: None if group in hidden else count for group, count in counts.items()}


def compositions(total: int, parts: int):
    """Every way to split `total` into `parts` counts of 0 or more."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def attack(shown: dict[str, int | None], total: int) -> list[str]:
    """Every hidden group, or set of hidden groups, under five that `shown` gives away."""
    hidden = [group for group, count in shown.items() if count is None]
    if not hidden:
        return []
    rest = total - sum(count for count in shown.values() if count is not None)
    candidates = [
        values
        for values in compositions(rest, len(hidden))
        if display({**shown, **dict(zip(hidden, values, strict=True))}) == shown
    ]
    assert candidates, "what is shown must be possible"
    leaks = []
    for size in range(1, len(hidden) + 1):
        for group in itertools.combinations(range(len(hidden)), size):
            sums = {sum(c[i] for i in group) for c in candidates}
            if len(sums) == 1 and min(sums) < MIN_GROUP:
                leaks.append(f"{[hidden[i] for i in group]} = {sums.pop()}")
    return leaks


def test_the_attacker_catches_a_rule_without_complementary_suppression(monkeypatch):
    """Hiding only the small group: the total minus the groups shown gives it."""
    naive = lambda counts: {g for g, c in counts.items() if c < MIN_GROUP}  # noqa: E731
    monkeypatch.setattr(suppression, "hidden_groups", naive)
    assert attack(display({"nl": 20, "ar": 12, "other": 3}), 35) == ["['other'] = 3"]


def test_the_attacker_catches_a_rule_that_only_pairs_a_lone_group(monkeypatch):
    """Hiding one more group only beside a lone small group is not enough."""
    monkeypatch.setattr(suppression, "_needs_more", lambda hidden: len(hidden) == 1)
    # Two small groups: their sum, 3 people, is the total minus the groups shown.
    assert attack(display({"nl": 20, "ar": 1, "other": 2}), 23) == ["['ar', 'other'] = 3"]
    # Two groups of 4 beside a shown 5: a 5 or more would have been shown, so both are 4.
    assert "['ar'] = 4" in attack(display({"nl": 5, "ar": 4, "other": 4}), 13)


# --- the rule ------------------------------------------------------------------------------


def test_a_small_group_is_hidden_with_the_next_smallest():
    assert hidden_groups({"nl": 20, "ar": 6, "uk": 9, "other": 3}) == {"ar", "other"}


def test_nothing_small_nothing_hidden():
    assert hidden_groups({"nl": 5, "ar": 7}) == set()


def test_a_group_of_nobody_is_hidden_too():
    assert hidden_groups({"nl": 20, "ar": 7, "so": 0}) == {"ar", "so"}


def test_groups_of_the_same_size_are_hidden_together():
    # Never one of two equal groups by its place in a list: that would say which is which.
    assert hidden_groups({"nl": 20, "ar": 6, "uk": 6, "other": 2}) == {"ar", "uk", "other"}


def test_hidden_groups_together_hold_five_or_more():
    # 1 + 2 = 3: the total minus the groups shown would give those three people.
    assert hidden_groups({"nl": 20, "ar": 8, "ti": 1, "other": 2}) == {"ar", "ti", "other"}


def test_hidden_groups_of_one_size_get_another_group():
    # 4 and 4 beside a shown 5: anything else would have been shown otherwise.
    assert hidden_groups({"nl": 30, "ar": 9, "ti": 4, "other": 4}) == {"ar", "ti", "other"}


def test_every_group_is_hidden_when_nothing_can_be_shown_safely():
    assert hidden_groups({"nl": 20, "other": 3}) == {"nl", "other"}
    assert display({"nl": 20, "other": 3}) is None


@pytest.mark.parametrize("size", [2, 3])
def test_no_breakdown_gives_a_small_group_away(size):
    """Every breakdown of `size` groups of up to 11 people: the attacker finds nothing."""
    names = ["nl", "ar", "other"][:size]
    checked = 0
    for counts in itertools.product(range(12), repeat=size):
        if sum(counts) < MIN_GROUP:
            continue  # no figures at all below five respondents
        shown = display(dict(zip(names, counts, strict=True)))
        if shown is None:
            continue
        assert not attack(shown, sum(counts)), counts
        checked += 1
    assert checked >= 49


def test_no_larger_breakdown_gives_a_small_group_away():
    rng = random.Random(20261207)
    names = ["nl", "ar", "ti", "uk", "other"]
    for _ in range(200):
        size = rng.choice([4, 5])
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9]) for _ in range(size)]
        shown = display(dict(zip(names, counts, strict=False)))
        if sum(counts) >= MIN_GROUP and shown is not None:
            assert not attack(shown, sum(counts)), counts


# --- the pages and exports -----------------------------------------------------------------


def _read(text: str) -> int | None:
    text = text.strip()
    return None if text == HIDDEN_TEXT else int(text.replace(".", ""))


def _tables(html: str) -> dict[str, list[list[str]]]:
    tables = {}
    for caption, body in re.findall(
        r"<caption[^>]*>(.*?)</caption>.*?<tbody[^>]*>(.*?)</tbody>", html, re.S
    ):
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            cells = [
                unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            rows.append(cells)
        tables[unescape(caption)] = rows
    return tables


@pytest.fixture
def small_group_round():
    """A round of 23 with a small language group ("other": the three Tigrinya speakers,
    fewer than five invited) and options chosen by one or two people."""
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
        locales=["nl"] * 14 + ["ar"] * 6 + ["other"] * 3,
    )
    return round_


def test_results_page_shows_the_round_and_hides_small_groups_of_people(
    client, login_as, small_group_round
):
    login_as("staff", locale="nl")
    html = client.get(f"/staff/rounds/{small_group_round.id}/results").get_data(as_text=True)
    tables = _tables(html)
    # The whole round: every figure, small ones too.
    assert [row[1] for row in tables["Antwoorden op vraag 1"]] == ["2", "6", "5", "6", "4", "0"]
    assert [row[1] for row in tables["Antwoorden op vraag 2"]] == ["23", "0", "3", "0"]
    assert [row[1] for row in tables["Antwoorden op vraag 3"]] == ["21", "2", "0"]
    # Language groups: "other" holds three people, so Arabic (the next smallest) goes too.
    languages = tables["Deelname per taal"]
    assert languages == [
        ["Nederlands", "16", "14", "88%"],
        ["العربية", HIDDEN_TEXT, HIDDEN_TEXT, "–"],
        ["Andere talen", HIDDEN_TEXT, HIDDEN_TEXT, "–"],
    ]
    shown = {row[0]: _read(row[2]) for row in languages}
    assert not attack(shown, 23)


def test_export_gives_no_small_group_away(client, login_as, small_group_round):
    login_as("staff", locale="nl")
    response = client.get(f"/staff/rounds/{small_group_round.id}/results/export.csv")
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    languages = {row[3]: row[5] for row in rows if row[0] == "Taalgroep"}
    # A hidden figure is an empty cell, marked in the "hidden" column.
    assert languages == {"Nederlands": "14", "العربية": "", "Andere talen": ""}
    hidden = {row[3]: row[7] for row in rows if row[0] == "Taalgroep"}
    assert hidden == {"Nederlands": "Nee", "العربية": "Ja", "Andere talen": "Ja"}
    assert not attack({k: int(v) if v else None for k, v in languages.items()}, 23)
    smiley_key = question(small_group_round.survey, "smiley5").key
    assert [row[5] for row in rows if row[1] == smiley_key] == ["2", "6", "5", "6", "4", "0"]


def _figures(html: str) -> dict:
    """Every figure a page shows, by where it is."""
    found = {
        ("stat", n): value
        for n, value in enumerate(re.findall(r'stem-stat__number">([^<]*)<', html))
    }
    for caption, rows in _tables(html).items():
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                found[(caption, r, c)] = cell
    return found


def test_two_moments_differ_by_five_respondents_or_more(client, login_as):
    """Members hand in one by one and the job runs after each; staff look every time."""
    survey = factories.create_survey(kinds=("single", "yesno"))
    single, yesno = question(survey, "single"), question(survey, "yesno")
    round_ = factories.create_round(survey)
    invite(round_, {"nl": 12, "ar": 8, "uk": 6})
    login_as("staff", locale="nl")
    rng = random.Random(7)
    views = []
    for _ in range(19):
        respond(
            round_,
            {single: rng.choice("abc"), yesno: rng.choice(["yes", "no", None])},
            locale=rng.choice(["nl", "nl", "ar", "uk"]),
        ).step = None  # handed in: waits for the next step
        factories.db.session.flush()
        take_step(round_)
        factories.db.session.commit()
        html = client.get(f"/staff/rounds/{round_.id}/results").get_data(as_text=True)
        responded = re.search(r'stem-stat__number">([^<]*)</span> <span class="stem-stat__label">'
                              r"hebben gereageerd", html).group(1)
        views.append((0 if responded == "&lt; 5" else int(responded), _figures(html)))
    assert [n for n, _figures_shown in views] == [0] * 4 + [5] * 5 + [10] * 5 + [15] * 5
    for (before, shown_before), (after, shown_after) in itertools.pairwise(views):
        changed = {k for k in shown_before.keys() | shown_after.keys()
                   if shown_before.get(k) != shown_after.get(k)}
        assert not changed or after - before >= MIN_GROUP, changed
