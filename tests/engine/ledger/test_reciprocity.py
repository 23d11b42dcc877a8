"""Feedback and the ledger in the ranking, on a real store with the real embedder.

Signals come from the scripted listener so each test states what was heard; what is ranked,
excluded and weighed is the real thing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, DismissReason, ItemType
from giveback.core.errors import InvalidInput
from giveback.core.tables import LedgerEntry
from giveback.engine.catalog.store import ImportSummary, get_item, upsert_records
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.cadence import set_tier
from giveback.engine.ledger.favors import record_favor
from giveback.engine.ledger.gives import mark_done
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.listening.notes import add_note
from giveback.engine.suggest.feedback import dismiss, snooze, undismiss, with_feedback_bar
from giveback.engine.suggest.ranking import RankPolicy
from giveback.engine.suggest.suggester import Suggester
from tests.support.fakes import FakeListener

D = date
AS_OF = D(2026, 4, 1)
CATALOG = [
    CatalogRecord(
        "art-pandas-book",
        ItemType.ARTICLE,
        "Python for data analysis with pandas",
        "A book on pandas for analysts who live in Excel: loading, merging, reshaping.",
    ),
    CatalogRecord(
        "art-pandas-cheatsheet",
        ItemType.ARTICLE,
        "Pandas cheat sheet for Excel users",
        "Every Excel operation and its pandas equivalent: merges, pivots, group by.",
    ),
    CatalogRecord(
        "off-pairing",
        ItemType.OFFER,
        "An hour of pair programming on your notebook",
        "I sit with you on your Python notebook and we debug it together.",
    ),
    CatalogRecord(
        "art-marathon",
        ItemType.ARTICLE,
        "Marathon training plan: 16 weeks",
        "A week-by-week plan to build mileage for your first marathon.",
    ),
    CatalogRecord(
        "off-running",
        ItemType.OFFER,
        "Be your long-run buddy on Saturdays",
        "I run 15 miles most Saturdays and would love company.",
    ),
]
PANDAS = "[need:learn pandas for data analysis]"


@pytest.fixture
def store(session: Session, fake: FakeListener) -> Session:
    upsert_records(session, CATALOG, ImportSummary("t", "jsonl"), source="test")
    session.commit()
    add_note(
        session, "Tom Becker", f"Call. {PANDAS} [interest:marathon training]", D(2026, 3, 1), fake
    )
    add_note(session, "Ann Lee", f"Coffee. {PANDAS}", D(2026, 3, 1), fake)
    add_note(session, "Ode Ali", "Lunch. [need:pediatric dentist in Oakland]", D(2026, 3, 1), fake)
    return session


def ranked(
    session: Session,
    embedder: Any,
    name: str,
    as_of: date = AS_OF,
    policy: RankPolicy | None = None,
) -> list[tuple[str, float]]:
    contact_id = get_contact(session, name).id
    return [
        (s.item_id, s.score)
        for s in Suggester(session, embedder, policy).suggest(as_of, [contact_id], 5)
    ]


def ids(pairs: list[tuple[str, float]]) -> list[str]:
    return [i for i, _ in pairs]


def test_dismiss_removes_the_item_for_that_contact_and_lowers_items_like_it(
    store: Session, embedder: Any
) -> None:
    # Redundancy off: the dismissal's own penalty is what this test watches.
    alone = replace(RankPolicy(), redundancy_weight=0.0)
    tom = get_contact(store, "Tom Becker")
    before = dict(ranked(store, embedder, "Tom Becker", policy=alone))
    ann_before = ranked(store, embedder, "Ann Lee", policy=alone)
    assert {"art-pandas-book", "art-pandas-cheatsheet", "art-marathon"} <= set(before)
    assert dismiss(store, tom, get_item(store, "art-pandas-book")).changed
    assert not dismiss(store, tom, get_item(store, "art-pandas-book")).changed  # once
    store.commit()
    after = ranked(store, embedder, "Tom Becker", policy=alone)
    assert "art-pandas-book" not in ids(after)
    scores = dict(after)
    # The cheat sheet is like the book: it drops below the marathon plan, which it beat.
    assert before["art-pandas-cheatsheet"] > before["art-marathon"]
    assert ids(after).index("art-marathon") < ids(after).index("art-pandas-cheatsheet")
    assert scores["art-pandas-cheatsheet"] < before["art-pandas-cheatsheet"] * 0.7
    assert scores["art-marathon"] == pytest.approx(before["art-marathon"])  # unlike: as was
    # Without the penalty the dismissal only removes the item itself.
    plain = dict(
        ranked(store, embedder, "Tom Becker", policy=replace(alone, dismissed_penalty=0.0))
    )
    assert plain["art-pandas-cheatsheet"] == pytest.approx(before["art-pandas-cheatsheet"])
    # Someone else still gets the book, and nothing of theirs is lowered.
    assert ranked(store, embedder, "Ann Lee", policy=alone) == ann_before
    assert undismiss(store, tom, get_item(store, "art-pandas-book")).changed
    store.commit()
    assert "art-pandas-book" in ids(ranked(store, embedder, "Tom Becker"))


def test_snooze_hides_an_item_until_the_date_then_it_comes_back(
    store: Session, embedder: Any
) -> None:
    ann = get_contact(store, "Ann Lee")
    book = get_item(store, "art-pandas-book")
    snooze(store, ann, book, D(2026, 6, 1), today=D(2026, 3, 15))
    snooze(store, ann, book, D(2026, 5, 1), today=D(2026, 3, 16))  # replaces the first
    store.commit()
    assert "art-pandas-book" not in ids(ranked(store, embedder, "Ann Lee", D(2026, 4, 30)))
    assert "art-pandas-book" in ids(ranked(store, embedder, "Ann Lee", D(2026, 5, 1)))
    with pytest.raises(InvalidInput, match="after today"):
        snooze(store, ann, book, D(2026, 3, 1), today=D(2026, 3, 16))


def test_done_records_the_give_once_and_the_item_is_not_suggested_again(
    store: Session, embedder: Any
) -> None:
    ann = get_contact(store, "Ann Lee")
    first = mark_done(store, ann, get_item(store, "off-pairing"), D(2026, 3, 20))
    again = mark_done(store, ann, get_item(store, "off-pairing"), D(2026, 3, 21))
    store.commit()
    assert first.changed and not again.changed and again.entry_id == first.entry_id
    entry = store.get(LedgerEntry, first.entry_id)
    assert entry is not None
    assert (entry.direction, entry.kind, entry.origin, entry.entry_date) == (
        "given",
        "offer",
        "suggestion",
        D(2026, 3, 20),
    )
    assert entry.description == "An hour of pair programming on your notebook"
    assert "off-pairing" not in ids(ranked(store, embedder, "Ann Lee"))


def next_order(
    session: Session, embedder: Any, as_of: date = AS_OF, weights: LedgerWeights | None = None
) -> list[str]:
    return [
        s.contact
        for s in Suggester(session, embedder, ledger=weights or LedgerWeights(session)).next_gives(
            as_of
        )
    ]


def test_who_helped_you_and_who_is_going_cold_rise_without_junk(
    store: Session, embedder: Any
) -> None:
    tom, ann, ode = (get_contact(store, n) for n in ("Tom Becker", "Ann Lee", "Ode Ali"))
    neutral = [s.contact for s in Suggester(store, embedder).next_gives(AS_OF)]
    assert "Ode Ali" not in neutral  # nothing in the catalog fits a dentist
    record_favor(store, ann.id, "received", "introduction", "to her manager", D(2026, 3, 20))
    record_favor(store, ode.id, "received", "lead", "a client", D(2026, 3, 21))
    store.commit()
    weights = LedgerWeights(store)
    order = next_order(store, embedder, weights=weights)
    assert order[0] == "Ann Lee" and "Ode Ali" not in order  # the ledger fills no slot
    assert weights.standing(ann.id, AS_OF).nudges("Ann Lee") == [
        "Ann helped you with an introduction on Mar 20, 2026."
    ]
    # A relationship's own gives keep their order; only their weight changes.
    plain = Suggester(store, embedder).suggest(AS_OF, [ann.id], 5)
    weighed = Suggester(store, embedder, ledger=weights).suggest(AS_OF, [ann.id], 5)
    assert [s.item_id for s in plain] == [s.item_id for s in weighed]
    ratio = weights.relationship_weight(ann.id, AS_OF)
    assert ratio > 1.5 and weighed[0].score == pytest.approx(plain[0].score * ratio)
    # Giving back settles nothing to collect, it just lets the relationship rest.
    record_favor(store, ann.id, "given", "article", "x", D(2026, 3, 25))
    store.commit()
    assert LedgerWeights(store).relationship_weight(ann.id, AS_OF) == 1.0
    # Tom is close and has not been in touch since March 1: he rises, with the reason.
    set_tier(store, tom, "close")
    store.commit()
    later = D(2026, 5, 1)
    weights = LedgerWeights(store)
    standing = weights.standing(tom.id, later)
    assert standing.past_cadence and standing.weight > 1.5
    assert standing.nudges("Tom Becker") == ["You last talked on Mar 1, 2026."]
    assert next_order(store, embedder, later, weights)[0] == "Tom Becker"
    # A note resets the clock.
    add_note(store, "Tom Becker", "Quick call.", D(2026, 4, 28), FakeListener())
    assert not LedgerWeights(store).standing(tom.id, later).past_cadence
    assert store.scalars(select(LedgerEntry.contact_id)).all()  # the ledger is intact


def test_why_a_dismissal_decides_what_else_it_lowers(store: Session, embedder: Any) -> None:
    alone = replace(RankPolicy(), redundancy_weight=0.0)
    tom = get_contact(store, "Tom Becker")
    before = dict(ranked(store, embedder, "Tom Becker", policy=alone))
    book = get_item(store, "art-pandas-book")
    after: dict[DismissReason, float] = {}
    for reason in DismissReason:
        assert dismiss(store, tom, book, reason).changed  # a new reason replaces the old
        store.commit()
        scores = dict(ranked(store, embedder, "Tom Becker", policy=alone))
        assert "art-pandas-book" not in scores
        after[reason] = scores.get("art-pandas-cheatsheet", 0.0)
    assert not dismiss(store, tom, book, DismissReason.WRONG_PERSON).changed  # once
    # "already has it": the cheat sheet is as welcome as before; "not relevant": lower;
    # "wrong person": lower still.
    assert after[DismissReason.ALREADY_HAS] == pytest.approx(before["art-pandas-cheatsheet"])
    assert after[DismissReason.NOT_RELEVANT] < before["art-pandas-cheatsheet"] * 0.7
    assert after[DismissReason.WRONG_PERSON] < after[DismissReason.NOT_RELEVANT]


def test_dismissals_as_not_relevant_raise_the_bar_and_gives_done_lower_it_again(
    store: Session,
) -> None:
    base = RankPolicy()
    assert with_feedback_bar(store, base) == base  # no answers yet: the calibrated bar
    tom, ann = get_contact(store, "Tom Becker"), get_contact(store, "Ann Lee")
    for item in ("art-pandas-book", "art-marathon", "off-pairing", "off-running"):
        dismiss(store, tom, get_item(store, item))
    dismiss(store, ann, get_item(store, "art-marathon"), DismissReason.ALREADY_HAS)
    store.commit()
    raised = with_feedback_bar(store, base).min_similarity
    # Four of four answers said "not relevant" (the "already has it" is no verdict on the bar),
    # weighed against ten answers' worth of no change.
    assert raised == pytest.approx(base.min_similarity + base.feedback_bar_raise * 4 / 14)
    mark_done(store, ann, get_item(store, "art-pandas-book"), AS_OF)
    store.commit()
    assert base.min_similarity < with_feedback_bar(store, base).min_similarity < raised
