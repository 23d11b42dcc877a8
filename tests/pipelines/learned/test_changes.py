"""Clauses that say a plan or a pastime changed (only they close an event or an interest)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.closure.changes import says_changed


@pytest.mark.parametrize(
    "clause",
    [
        "the book launch got pushed to Feb, printer chaos",
        "Montreal is off the table",
        "Phil's Knoxville transfer fell through",
        "Theo deferred Leipzig a year",
        "flights moved: now Apr 19 not 12",
        "He's not fasting this year",
        "sold the bike, done with cycling",
        "The band is on hiatus",
        "the Vienna ballot didn't come through",
        "I'm on a running ban, stress fracture",
        "Sid's wedding got moved to Feb",
        "the wedding's moving to August",
    ],
)
def test_a_change_of_plan_is_recognised(clause: str) -> None:
    assert says_changed(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Gabi had the baby Sept 12, a boy, Rafael.",
        "Passed the CHRP knowledge exam!!",
        "Chilly Half done: 2:04:37!!",
        "So marathon training is on",
        "Anika's wedding planning is eating his weekends",
        "I turned 40 on Feb 11",
        "Moved to Lisbon last week, loving it.",
    ],
)
def test_what_happened_as_planned_is_no_change(clause: str) -> None:
    assert not says_changed(clause)
