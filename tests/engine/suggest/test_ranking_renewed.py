"""A need that comes back after it was met is open again: the closure of the old one does not
rule out the gives the new one calls for; and a promise is made moot only by what ends after
it was made (pure, no models)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.ranking import RankPolicy, RankSignal, Relationship, candidates, renews

AS_OF = date(2026, 12, 6)
FEB, AUG, NOV = date(2026, 2, 26), date(2026, 8, 12), date(2026, 11, 4)
ITEM = RankItem(
    0, "capstone", "article", "Running a capstone that partners don't abandon", "", None, None
)

OLD = RankSignal(
    1,
    "need",
    "industry",  # the listener's phrase may name less than its sentence does
    "Needs industry partners who can bring a real design problem.",
    "active",
    "contact",
    None,
    FEB,
    1,
    closed_on=NOV,
)


def _open(phrase: str, evidence: str, on: date = NOV, kind: str = "need") -> RankSignal:
    return RankSignal(0, kind, phrase, evidence, "active", "contact", None, on, 0)


NEW = _open("partners for fall 2027", "but she wants to line up partners for fall 2027 now")


def _found(open_signal: RankSignal, closed: RankSignal = OLD) -> list[str]:
    """What the capstone article is suggested for, when it matches the open signal at 0.55
    and the closed one more closely (0.7)."""
    rel = Relationship(7, "Elena", (open_signal,), (closed,))
    vectors = np.array([[0.55, 0.7]], dtype=np.float32)
    hits = {0: [Hit(0, 0.55, 0.0, 0.55)]}
    found = candidates(rel, [ITEM], hits, vectors, np.eye(2, dtype=np.float32), AS_OF, RankPolicy())
    return [c.signal.phrase for c in found.values()]


def test_a_need_renewed_after_its_closure_gets_the_gives_of_the_old_one() -> None:
    assert renews(NEW, OLD)
    assert _found(NEW) == ["partners for fall 2027"]


def test_a_new_need_of_another_thing_is_still_kept_from_what_is_over() -> None:
    other = _open("house sitter", "she needs someone to mind her house while she's in Lisbon")
    assert not renews(other, OLD)
    assert _found(other) == []


def test_a_look_alike_heard_before_the_closure_is_no_renewal() -> None:
    # A restatement the closing note did not close: what is over still rules out its gives.
    earlier = _open("more partners", "she has 6 partners and needs 2 more", on=AUG)
    assert not renews(earlier, OLD)
    assert _found(earlier) == []


def test_a_closed_signal_renews_only_within_its_kind_and_never_for_promises() -> None:
    event = _open("partners", "she wants to line up partners for fall 2027", kind="event")
    promise = _open("partners", "I'll find her partners for fall 2027", kind="commitment")
    assert not renews(event, OLD)
    assert not renews(promise, replace(OLD, kind="commitment"))


def test_a_look_alike_heard_after_the_closing_note_is_no_renewal() -> None:
    # As likely a restatement of what was met ("thanks again for the partners") as a new need.
    later = _open(
        "partners for spring", "the partners for spring are lined up", on=date(2026, 12, 1)
    )
    assert not renews(later, OLD)
    assert _found(later) == []


def test_a_need_denied_in_the_note_that_renews_it_is_renewed() -> None:
    denied = RankSignal(
        2, "need", "more partners", "she doesn't need more partners this year", "negated",
        "contact", None, NOV, 1, closed_on=NOV,
    )  # fmt: skip
    assert renews(NEW, denied)
    later_denial = RankSignal(
        2, "need", "partners", "no partners needed after all", "negated", "contact", None,
        date(2026, 11, 20), 1, closed_on=date(2026, 11, 20),
    )  # fmt: skip
    assert not renews(NEW, later_denial)
    assert _found(NEW, later_denial) == []


def test_a_promise_made_after_the_matter_ended_still_stands() -> None:
    # "I read her paper" heard as a met need, and in the same note "I'll send you the capstone
    # piece": what was over when the promise was made does not make it moot.
    promise = _open(
        "send the capstone piece",
        "I'll send her the piece on running a capstone",
        kind="commitment",
    )
    assert _found(promise) == ["send the capstone piece"]
    assert _found(replace(promise, note_date=date(2026, 11, 30))) == ["send the capstone piece"]


def test_a_promise_made_before_the_matter_ended_is_moot() -> None:
    # The need it served was met after it was made: "the freezer grant is dead, the grocer put
    # in a walk-in" leaves "I'll find her the grant writer's name" with nothing to serve.
    promise = _open(
        "send the capstone piece",
        "I'll send her the piece on running a capstone",
        on=AUG,
        kind="commitment",
    )
    assert _found(promise) == []
