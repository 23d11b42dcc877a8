"""An item that kept a promise, or would have kept one released or made moot, is no give to
that contact again, whatever other signal it matches (pure, no models)."""

from __future__ import annotations

from datetime import date

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.ranking import RankPolicy, RankSignal, Relationship, candidates

AS_OF = date(2026, 11, 20)
INGRID = RankItem(0, "ingrid", "contact", "Ingrid Bakker", "Coordinator at a food bank.", None, 9)
GUIDE = RankItem(1, "guide", "article", "Planning a company volunteering day", "", None, None)
ITEMS = [INGRID, GUIDE]

DAY = RankSignal(
    0,
    "event",
    "volunteering day",
    "planning a company volunteering day in the autumn, wants a local cause",
    "active",
    "contact",
    None,
    date(2026, 3, 18),
    0,
)


def _promise(evidence: str, closed_on: date | None) -> RankSignal:
    return RankSignal(
        1, "commitment", "introduce", evidence, "active", "user", None, date(2026, 6, 2), 1,
        closed_on=closed_on,
    )  # fmt: skip


def _found(promise: RankSignal) -> set[str]:
    """What is suggested (for the volunteering day, which both items match well, or for the
    promise while it is open)."""
    closed = (promise,) if promise.closed_on else ()
    opened = (DAY,) if closed else (DAY, promise)
    rel = Relationship(7, "Marieke", opened, closed)
    hits = {0: [Hit(0, 0.6, 0.0, 0.6), Hit(1, 0.55, 0.0, 0.55)], 1: [Hit(0, 0.5, 0.0, 0.5)]}
    items = np.array([[0.6, 0.0, 0.8], [0.55, 0.0, 0.835]], dtype=np.float32)
    queries = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)
    found = candidates(rel, ITEMS, hits, items, queries, AS_OF, RankPolicy())
    return {c.item.external_id for c in found.values()}


def test_the_person_a_kept_introduction_named_is_not_introduced_again() -> None:
    kept = _promise("I'll introduce you to Ingrid this week.", closed_on=date(2026, 10, 14))
    assert _found(kept) == {"guide"}


def test_while_the_promise_is_open_the_person_is_still_a_give() -> None:
    owed = _promise("I'll introduce you to Ingrid this week.", closed_on=None)
    assert "ingrid" in _found(owed)


def test_a_closed_promise_that_names_no_item_rules_out_nothing() -> None:
    vague = _promise("I'll ask around for someone.", closed_on=date(2026, 10, 14))
    assert _found(vague) == {"ingrid", "guide"}
