"""Small groups: no figure shows fewer than five people, also not by subtraction.

The rule, applied to every breakdown whose total is shown (the options of a question plus
"no answer", the language groups, chosen / not chosen for one option of a multiple-choice
question):

1. A count of 1 to 4 is a *small cell*. It is shown as "< 5", without a percentage or bar.
2. If a breakdown has a small cell, one more cell is *hidden* (secondary suppression), so
   that the total minus the cells shown no longer gives the small cell: the cell with at
   least 5 people nearest in the order to the first small cell (the one before it on a tie).
   Which cell is hidden depends only on which cells are small or zero, never on the size of
   the others, so the choice itself gives nothing away.
3. Someone who knows this rule knows: the concealed cells add up to the total minus the
   cells shown, a small cell holds 1-4 people, a hidden one at least 5. If that still pins
   down a small cell, or a group of small cells together under five (only when every small
   cell holds 1 and the hidden cell exactly 5), the whole breakdown is withheld.
4. Zero is shown as 0: an empty group holds nobody to recognise.

tests/surveys/results/test_results_suppression.py checks this against an attacker who tries every
set of numbers that would have led to what is shown.

A round with fewer than five submitted responses shows no breakdown at all (see queries.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

MIN_GROUP = 5

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass(frozen=True)
class Cell:
    """One count of a breakdown and whether it may be shown."""

    count: int
    state: str  # SHOWN, SMALL ("< 5") or HIDDEN (hidden so that no small cell can be derived)

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


@dataclass
class Row:
    """One labelled line of a breakdown; `share` of the total only when the cell is shown."""

    label: str | None
    cell: Cell
    share: float | None = None


def rows(labels: Sequence, cells: list[Cell] | None, total: int) -> list[Row] | None:
    """Label protected cells and add their share of the total; None stays None (withheld)."""
    if cells is None:
        return None
    return [
        Row(label, cell, cell.count / total if cell.shown and total else None)
        for label, cell in zip(labels, cells, strict=True)
    ]


def single_choice(option_counts: Sequence[int], total: int) -> list[Cell] | None:
    """A single-choice question's cells: its options in order, then "no answer"."""
    return protect([*option_counts, total - sum(option_counts)])


def is_small(count: int) -> bool:
    """1 to 4 people: too few to show."""
    return 0 < count < MIN_GROUP


def derivable(counts: Sequence[int], small: set[int], hidden: set[int]) -> bool:
    """True if some small cell, or group of small cells under five, can be worked out.

    The concealed cells add up to a known number S (total minus the cells shown) and each
    lies between known bounds (small: 1-4; hidden: 5-S). The sum of a set A of them then
    lies between max(sum low(A), S - sum high(rest)) and min(sum high(A), S - sum low(rest)),
    and every value in between is possible. Only sets of small cells can add up to less
    than five (a hidden cell alone holds at least five).
    """
    if not small:
        return False
    concealed = small | hidden
    total = sum(counts[i] for i in concealed)
    low = {i: 1 if i in small else MIN_GROUP for i in concealed}
    high = {i: MIN_GROUP - 1 if i in small else total for i in concealed}
    for size in range(1, len(small) + 1):
        for group in combinations(sorted(small), size):
            rest = concealed - set(group)
            least = max(sum(low[i] for i in group), total - sum(high[i] for i in rest))
            most = min(sum(high[i] for i in group), total - sum(low[i] for i in rest))
            if least == most and least < MIN_GROUP:
                return True
    return False


def protect(counts: Sequence[int]) -> list[Cell] | None:
    """The cells of a breakdown with a shown total, or None when it must be withheld."""
    small = {i for i, c in enumerate(counts) if is_small(c)}
    hidden: set[int] = set()
    if small:
        first = min(small)
        others = [i for i, c in enumerate(counts) if c >= MIN_GROUP]
        if others:
            hidden.add(min(others, key=lambda i: (abs(i - first), i)))
        if derivable(counts, small, hidden):
            return None
    return [
        Cell(c, SMALL if i in small else HIDDEN if i in hidden else SHOWN)
        for i, c in enumerate(counts)
    ]
