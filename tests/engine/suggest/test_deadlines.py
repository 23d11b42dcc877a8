"""Needs and promises tied to a deadline that has passed are over (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.core.tables import SignalRow
from giveback.engine.suggest.deadlines import deadline_of, past_deadline
from giveback.engine.suggest.standing import split_signals

FEB = date(2026, 2, 27)


@pytest.mark.parametrize(
    ("evidence", "said_on", "deadline"),
    [
        ("applying to the Arts Alba open fund, deadline 30 April.", FEB, date(2026, 4, 30)),
        ("needs two referees, deadline 15 December", date(2026, 7, 12), date(2026, 12, 15)),
        ("she needs it before May 3rd", FEB, date(2026, 5, 3)),
        ("wants to hire 200 couriers by April", FEB, date(2026, 4, 1)),
        # A month said in its own note's month is this one, not next year's.
        ("personal statement due end of Feb and she hates it", date(2026, 2, 18),
         date(2026, 2, 1)),
        # A day of the month by its ordinal alone: the next such day from the note.
        ("I said I'd translate his competition statement before the 30th.", date(2026, 8, 8),
         date(2026, 8, 30)),
        # A later month's day by its ordinal alone is no sure deadline: "the 1st" on 10
        # October may be the one before a move in December.
        ("said I'd drop off our leftover moving boxes before the 1st", date(2026, 10, 10),
         None),
        # An ordinal that counts things, or a month not named, is no day.
        ("I'll send her mock interview questions before the 2nd interview", FEB, None),
        ("by the 20th of next month", date(2026, 5, 8), None),
        # No date after the deadline word, or none at all.
        ("needs a flat before she moves in September", FEB, None),
        ("may need help by the way", FEB, None),
        ("looking for a lawyer", FEB, None),
    ],
)  # fmt: skip
def test_the_deadline_a_need_names(evidence: str, said_on: date, deadline: date | None) -> None:
    assert deadline_of(evidence, said_on) == deadline


def test_a_deadline_is_past_two_weeks_after_it() -> None:
    said = "applying to the Arts Alba open fund, deadline 30 April."
    assert not past_deadline(said, FEB, date(2026, 5, 10))
    assert past_deadline(said, FEB, date(2026, 5, 20))


def test_a_need_whose_deadline_has_passed_is_closed() -> None:
    fund = SignalRow(id=1, note_id=1, kind="need", phrase="arts alba open fund", start=0,
                     status="active", evidence="applying to the Arts Alba open fund, deadline "
                     "30 April.")  # fmt: skip
    cover = SignalRow(id=2, note_id=1, kind="need", phrase="fiddle tutors", start=0,
                      status="active", evidence="two fiddle tutors leaving at Easter, needs "
                      "cover")  # fmt: skip
    interest = SignalRow(id=3, note_id=1, kind="interest", phrase="the fund", start=0,
                         status="active", evidence="loves the deadline 30 April")  # fmt: skip
    rows = [(row, FEB, None) for row in (fund, cover, interest)]
    open_, closed = split_signals(rows, date(2026, 11, 20))
    assert [row.id for row, _ in open_] == [2, 3]
    assert [row.id for row, _ in closed] == [1]
    # Before its deadline, the need is open.
    open_, _ = split_signals(rows, date(2026, 4, 1))
    assert [row.id for row, _ in open_] == [1, 2, 3]


def test_a_promise_whose_deadline_has_passed_is_closed() -> None:
    """A reminder in November of a statement to translate "before the 30th" of August keeps
    no promise: the statement went in, translated or not."""
    said = "I said I'd translate his competition statement before the 30th."
    promise = SignalRow(id=1, note_id=1, kind="commitment", phrase="competition statement",
                        start=0, status="active", evidence=said, about="user")  # fmt: skip
    undated = SignalRow(id=2, note_id=1, kind="commitment", phrase="ramp", start=0,
                        status="active", evidence="I'll ask Tomás about the ramp.",
                        about="user")  # fmt: skip
    rows = [(row, date(2026, 8, 8), None) for row in (promise, undated)]
    open_, closed = split_signals(rows, date(2026, 11, 20))
    assert [row.id for row, _ in open_] == [2]
    assert [row.id for row, _ in closed] == [1]
    open_, _ = split_signals(rows, date(2026, 9, 5))
    assert [row.id for row, _ in open_] == [1, 2]
