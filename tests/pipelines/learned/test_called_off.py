"""Plans put off or called off, by name, end what they name (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.core.domain import About, ClosedHow, OpenSignal, SignalKind
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.closure.called_off import (
    called_off_here,
    plans_called_off,
    said_off,
)

THEN = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("the book launch got pushed to Feb, printer chaos", "put_off"),
        ("dads surgery got moved to jan, insurance thing.", "put_off"),
        ("Office opening slipped to Q4, the banking partner is slow.", "put_off"),
        ("Denver move pushed to after the close", "put_off"),
        ("The designer search is paused", "put_off"),
        ("zine is on hold", "put_off"),
        ("Montreal is off the table.", "called_off"),
        ("The band is on hiatus since the drummer moved to Halifax.", "called_off"),
        ("Mittellegi did not happen, too much snow", "called_off"),
        ("The wedding's off!", "called_off"),
        ("Phil's Knoxville transfer fell through", "called_off"),
        ("Strings camp idea is dead.", "called_off"),
        ("the Lisbon plan's officially dead, no visa", "called_off"),
    ],
)
def test_a_plan_put_off_or_called_off_is_said_so(clause: str, kind: str) -> None:
    said = said_off(clause)
    assert said is not None and said[0] == kind


@pytest.mark.parametrize(
    "clause",
    [
        "She moved to Lisbon last week, loving it.",
        "moved to Janet's for the summer",  # a name, not January
        "I pushed back on the price",
        "He got pushed out of the band",
        "She is off to Lisbon on Friday",
        # denied, doubted, conditional
        "the launch is not cancelled, whatever you heard",
        "it might get pushed to March",
        "if it falls through we'll try Leeds",
        "Knee op brought forward to Jan 12",
        # a travel delay, or a time or a place that is no new date
        "Her Lisbon flight was delayed six hours",
        "Surgery moved to 9am",
        "Book launch moved to 5 Market St, same date.",
        "Sales are off the charts",
        "The shop is off Main St",
        "The new studio is off and running",
        "Dead tired after the shift",
        # a thing dead is broken: it calls for another
        "the pool pump is dead, ~$18k",
        "my laptop's dead again",
        "She's dead set on the trip to Rome",
    ],
)
def test_no_plan_is_said_off(clause: str) -> None:
    assert said_off(clause) is None


def _clauses(*texts: str, question: bool = False) -> list[Clause]:
    return [Clause(0, len(t), t, question=question) for t in texts]


OPEN = [
    OpenSignal(1, SignalKind.EVENT, "book launch", "Launching a book in Nov", About.CONTACT, THEN),
    OpenSignal(2, SignalKind.INTEREST, "reggae band", "plays bass in a Sunday reggae band",
               About.CONTACT, THEN),
    OpenSignal(3, SignalKind.NEED, "designer", "they're hunting for a product designer",
               About.CONTACT, THEN),
    OpenSignal(4, SignalKind.NEED, "visa lawyer", "needs help with her visa, it's a mess",
               About.CONTACT, THEN),
    OpenSignal(5, SignalKind.EVENT, "pharmacy opening", "Zeynep opening her pharmacy in spring",
               About.CONTACT, THEN),
    OpenSignal(6, SignalKind.COMMITMENT, "send the launch checklist",
               "I'll send the launch checklist", About.USER, THEN),
]  # fmt: skip


def test_each_plan_ends_by_the_clause_that_names_it_with_how() -> None:
    clauses = _clauses(
        "Lunch was lovely.",
        "the book launch got pushed to Feb, printer chaos",
        "The band is on hiatus since the drummer moved",
        "The designer search is paused till the budget",
    )
    assert plans_called_off(OPEN, clauses, skip=set()) == {
        0: (1, ClosedHow.POSTPONED.value),
        1: (2, ClosedHow.NO_LONGER_WANTED.value),
        2: (3, ClosedHow.POSTPONED.value),
    }


def test_nothing_ends_that_the_clause_does_not_name_or_only_owns() -> None:
    clauses = _clauses(
        # a delay makes a need more pressing, not less
        "Her visa is delayed again",
        # names only the owner of the plan
        "Zeynep's appointment moved to January",
        # promises are kept or let off, not called off
        "The checklist can wait, it's on hold",
    )
    assert plans_called_off(OPEN, clauses, skip=set()) == {}


def test_a_question_or_a_signal_already_decided_is_left_alone() -> None:
    asked = _clauses("the book launch got pushed to Feb?", question=True)
    assert plans_called_off(OPEN, asked, skip=set()) == {}
    said = _clauses("the book launch got pushed to Feb")
    assert plans_called_off(OPEN, said, skip={0}) == {}


LIBRARY = OpenSignal(1, SignalKind.NEED, "tool lending",
                     "district wants two branches to scope tool and equipment lending",
                     About.CONTACT, THEN)  # fmt: skip


def test_a_reply_ends_the_plan_the_users_question_named() -> None:
    asked = Clause(0, 22, "And the tool library?", question=True, user_turn=True)
    reply = Clause(26, 46, "Dead for this cycle.", other_turn=True)
    assert plans_called_off([LIBRARY], [asked, reply], skip=set()) == {0: (1, ClosedHow.MOOT.value)}
    # The same reply to a question of something else, or to no question, ends nothing.
    other = Clause(0, 22, "And the book club?", question=True, user_turn=True)
    assert plans_called_off([LIBRARY], [other, reply], skip=set()) == {}
    said = Clause(0, 22, "Saw the tool library.", user_turn=True)
    assert plans_called_off([LIBRARY], [said, reply], skip=set()) == {}


def test_only_the_plan_named_just_before_the_change_ends() -> None:
    lawyer = OpenSignal(1, SignalKind.NEED, "contracts lawyer", "looking for a contracts lawyer",
                        About.CONTACT, THEN)  # fmt: skip
    clauses = _clauses("Still hunting for a lawyer, the first one fell through.")
    assert plans_called_off([lawyer], clauses, skip=set()) == {}
    clauses = _clauses("The lawyer search is on hold till January.")
    assert plans_called_off([lawyer], clauses, skip=set()) == {0: (0, ClosedHow.POSTPONED.value)}


WEDDING = OpenSignal(2, SignalKind.EVENT, "wedding", "getting married in Cork in May",
                     About.CONTACT, THEN)  # fmt: skip
BAND = OpenSignal(4, SignalKind.INTEREST, "the national", "huge fan of The National",
                  About.CONTACT, THEN)  # fmt: skip


@pytest.mark.parametrize(
    ("clause", "closed"),
    [
        ("Priya called the wedding off last week.", {0}),
        ("Priya called off the wedding", {0}),
        ("They postponed the wedding till next May", {0}),
        ("Wedding: pushed to next year.", {0}),
        # a supplier or a part of the plan fails; the plan stands
        ("Wedding DJ cancelled on them, they need a new one by May.", set()),
        ("- wedding photographer fell through", set()),
        ("The wedding caterer cancelled, scrambling for a new one.", set()),
        # what the change acts on is named after it
        ("The National cancelled their Dublin show, she's gutted.", set()),
    ],
)
def test_the_plan_itself_must_be_what_changed(clause: str, closed: set[int]) -> None:
    found = plans_called_off([WEDDING, BAND], _clauses(clause), skip=set())
    assert set(found) == closed


def test_a_reply_under_a_speakers_name_answers_the_question() -> None:
    asked = Clause(0, 22, "And the tool library?", question=True, user_turn=True)
    label = Clause(23, 29, "Hannah", user_turn=True)
    reply = Clause(31, 51, "Dead for this cycle.", other_turn=True)
    assert plans_called_off([LIBRARY], [asked, label, reply], skip=set()) == {
        0: (2, ClosedHow.MOOT.value)
    }


@pytest.mark.parametrize(
    ("clause", "phrase", "off"),
    [
        ("Strings camp idea is dead.", "strings camp", True),
        ("Montreal is off the table", "montreal", True),
        ("The bake sale got cancelled, rain", "bake sale", True),
        # put off is still wanted; a plan not named before the change is not called off
        ("the launch got pushed to Feb", "launch", False),
        ("Still hunting for a lawyer, the first one fell through", "lawyer", False),
        ("The National cancelled their Dublin show", "national", False),
        ("the pool pump is dead", "pool pump", False),
        ("Caterer fell through, need another by the 12th", "caterer", False),
        ("Venue deal is dead, need a new venue", "venue", False),
        ("Her lawyer deal fell through so she still needs a lawyer", "lawyer", False),
        ("So the Paris trip's off?", "paris trip", False),
        ("Bali trip was dead good, she wants to go back", "bali trip", False),
    ],
)
def test_a_plan_called_off_in_its_own_clause_is_given_up_as_it_is_said(
    clause: str, phrase: str, off: bool
) -> None:
    assert called_off_here(clause, phrase) is off
