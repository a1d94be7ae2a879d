"""Small groups: which results may be shown, so that no group of fewer than five people
shows, also not by working it out from the rest.

We protect groups of *people*, not answer options. An option chosen by two people is not a
group that can be recognised: it is two of all the round's respondents, and nothing on the
page says which two. A language group of two is: its members are known by their language,
and a figure about them is a figure about those two people. So:

1. **The whole round.** Once a round has at least five counted respondents (respondents
   taken up in a result step, see stem.surveys.rounds.participation), every figure for the
   whole round shows: how many people chose each option of every question, with its share
   of all respondents, how many wrote an open answer, and the trend over earlier rounds.
   Also a count of 1 to 4. Below five respondents nothing shows but the number invited.
2. **Breakdowns by a group of people** (language group today; district or source when
   responses carry them): a group shows only when at least five of its people responded
   (its response rate only when at least five were invited as well). A group of 0 to 4
   respondents is hidden. The whole-round total is shown, so a hidden group could be
   worked out by subtracting the groups shown from it. To prevent that (complementary
   suppression), the smallest group still shown is hidden as well, again and again, while
   - only one group is hidden, or
   - the hidden groups together hold fewer than five people (the total minus the groups
     shown gives exactly their sum), or
   - the hidden groups all hold the same number of people.
   Groups of the same size are hidden together, never one of them by its place in a list,
   and "other" (the languages with fewer than five invited) is a group like any other.
   When every group ends up hidden, the breakdown is not shown at all.
3. **Moments.** The figures are read from the round's newest result step, and a step
   holds at least five new respondents: two views of the page, one before and one after a
   step, differ by five people or more (participation.py), never by one.

Why rule 2 is enough. Someone who knows this rule sees the groups shown, which groups are
hidden and the total, so the sum S of the hidden groups. The rule depends only on the sizes
of the groups, never on their names or order, so any reshuffle of the hidden groups' true
sizes among them gives the same page: each hidden group (and each part of the hidden groups)
could hold any of several sizes, unless all hidden groups hold the same number, which the
third condition rules out. Only the hidden groups together are known, and they hold at least
five people. tests/surveys/results/test_results_suppression.py checks this against an
attacker who tries every set of sizes that would have given the same page.
"""

from __future__ import annotations

from collections.abc import Mapping

MIN_GROUP = 5  # the smallest group of people a figure may be about


def enough(respondents: int) -> bool:
    """At least five counted respondents: the round's figures may be shown."""
    return respondents >= MIN_GROUP


def share(count: int, total: int) -> float | None:
    """`count` as a share of `total`; None when there is no total."""
    return count / total if total else None


def _needs_more(hidden: list[int]) -> bool:
    return len(set(hidden)) == 1 or sum(hidden) < MIN_GROUP


def hidden_groups(counts: Mapping[str, int]) -> set[str]:
    """The groups of a breakdown that must be hidden (respondents per group in `counts`).

    Every group when nothing could be shown safely; the empty set when nothing is small.
    """
    hidden = {group for group, count in counts.items() if count < MIN_GROUP}
    while hidden and _needs_more([counts[group] for group in hidden]):
        shown = [count for group, count in counts.items() if group not in hidden]
        if not shown:
            break
        smallest = min(shown)
        hidden |= {group for group, count in counts.items() if count == smallest}
    return hidden
