"""Introductions as a trail on a real store: the ledger entries they make, outcomes over
time, the trail back to whoever started it (three hops and more), thank-yous along it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Contact, LedgerEntry
from giveback.engine.contacts.store import find_or_create_contact
from giveback.engine.ledger.favors import helped_lately
from giveback.engine.ledger.introductions import chain
from giveback.engine.ledger.thanks import open_thanks, record_thanks
from giveback.engine.ledger.trail import record_intro, record_outcome, trail

D = date


def people(session: Session, *names: str) -> list[Contact]:
    return [find_or_create_contact(session, n)[0] for n in names]


def three_hops(session: Session) -> tuple[Contact, ...]:
    """Tom introduced you to Priya, Priya to Sam, Sam to Lee."""
    tom, priya, sam, lee = people(session, "Tom Baker", "Priya Nair", "Sam Ode", "Lee Wong")
    record_intro(session, None, priya, tom, D(2026, 1, 5))
    record_intro(session, None, sam, priya, D(2026, 3, 2))
    record_intro(session, lee, None, sam, D(2026, 5, 10))  # "me" on either side
    return tom, priya, sam, lee


def test_an_introduction_for_you_is_a_favor_received_and_yours_a_give_to_both(
    session: Session,
) -> None:
    tom, priya, maria = people(session, "Tom Baker", "Priya Nair", "Maria Lopez")
    made_for_me = record_intro(session, None, priya, tom, D(2026, 1, 5))
    [entry] = [session.get_one(LedgerEntry, i) for i in made_for_me.entry_ids]
    assert (entry.contact_id, entry.direction, entry.kind, entry.origin, entry.intro_id) == (
        tom.id,
        "received",
        "introduction",
        "introduction",
        made_for_me.intro.id,
    )
    assert entry.description == "introducing me to Priya Nair"
    assert [t.contact for t in open_thanks(session)] == ["Tom Baker"]
    mine = record_intro(session, maria, priya, None, D(2026, 2, 1))
    given = [session.get_one(LedgerEntry, i) for i in mine.entry_ids]
    assert {(e.contact_id, e.direction) for e in given} == {
        (maria.id, "given"),
        (priya.id, "given"),
    }
    assert mine.intro.sentence() == "You introduced Maria Lopez and Priya Nair"
    # Between two other people: nothing in the user's ledger.
    assert record_intro(session, maria, tom, priya, D(2026, 2, 2)).entry_ids == ()
    # Recording the same introduction again changes nothing.
    again = record_intro(session, priya, maria, None, D(2026, 2, 9))
    assert again.duplicate and again.intro.id == mine.intro.id
    assert len(session.scalars(select(LedgerEntry)).all()) == 3


def test_introductions_that_cannot_be(session: Session) -> None:
    ann, bob = people(session, "Ann", "Bob")
    with pytest.raises(InvalidInput, match="themselves"):
        record_intro(session, ann, ann, None, D(2026, 1, 1))
    with pytest.raises(InvalidInput, match="one of the two people"):
        record_intro(session, ann, bob, bob, D(2026, 1, 1))
    with pytest.raises(InvalidInput, match="cannot introduce yourself"):
        record_intro(session, None, ann, None, D(2026, 1, 1))
    with pytest.raises(InvalidInput, match="at least one other person"):
        record_intro(session, None, None, ann, D(2026, 1, 1))
    with pytest.raises(NotFound, match="no introduction #42"):
        record_outcome(session, 42, "met", D(2026, 1, 1))
    intro = record_intro(session, None, ann, bob, D(2026, 3, 1)).intro
    with pytest.raises(InvalidInput, match="before the introduction"):
        record_outcome(session, intro.id, "met", D(2026, 2, 1))
    with pytest.raises(InvalidInput, match="outcome must be one of"):
        record_outcome(session, intro.id, "great", D(2026, 3, 2))


def test_the_trail_across_three_hops_and_a_thank_you_to_each_on_it(session: Session) -> None:
    _, priya, sam, lee = three_hops(session)
    trail_to_lee = trail(session, lee)
    assert [h.sentence() for h in reversed(trail_to_lee.hops)] == [
        "Tom Baker introduced you to Priya Nair",
        "Priya Nair introduced you to Sam Ode",
        "Sam Ode introduced you to Lee Wong",
    ]
    assert trail_to_lee.started_by == "Tom Baker" and trail_to_lee.payoffs == ()
    lee_intro = trail_to_lee.hops[0].id
    # Meeting is progress, not yet a payoff: no trail thank-yous.
    assert record_outcome(session, lee_intro, "met", D(2026, 6, 1)).payoff is None
    for t in open_thanks(session):  # thank everyone for the introductions themselves
        record_thanks(session, session.get_one(Contact, t.contact_id), D(2026, 6, 2))
    result = record_outcome(session, lee_intro, "deal", D(2026, 9, 1), "signed the pilot")
    assert result.opened == ("Sam Ode", "Priya Nair", "Tom Baker")
    assert result.payoff is not None
    assert [t.contact for t in result.payoff.thanks] == ["Sam Ode", "Priya Nair", "Tom Baker"]
    pending = {t.contact: t for t in open_thanks(session)}
    assert set(pending) == {"Sam Ode", "Priya Nair", "Tom Baker"}
    assert pending["Sam Ode"].draft == (
        "Hi Sam, a small thank-you: introducing me to Lee Wong led to a deal. None of it "
        "would have happened without you, and I'm grateful."
    )
    assert (
        "introducing me to Priya Nair started a chain of introductions that led to a "
        "deal with Lee Wong" in pending["Tom Baker"].draft
    )
    # Outcomes are kept over time; recording the same one twice keeps the first.
    assert record_outcome(session, lee_intro, "deal", D(2026, 9, 5)).duplicate
    assert [o.outcome for o in trail(session, lee).hops[0].outcomes] == ["met", "deal"]
    record_thanks(session, priya, D(2026, 9, 3))
    [payoff] = trail(session, lee).payoffs
    assert [(t.contact, t.thanked_on) for t in payoff.thanks] == [
        ("Sam Ode", None),
        ("Priya Nair", D(2026, 9, 3)),
        ("Tom Baker", None),
    ]
    # The trail of someone in the middle, and what came of the introductions they made.
    middle = trail(session, sam)
    assert [h.by for h in middle.hops] == ["Priya Nair", "Tom Baker"]
    assert [i.b for i in middle.introduced] == ["Lee Wong"] and len(middle.payoffs) == 1
    # A trail thank-you is not a favor received: helped-lately only counts the introductions.
    assert {b.contact for b in helped_lately(session, D(2026, 9, 10))} == {
        "Tom Baker",
        "Priya Nair",
        "Sam Ode",
    }


def test_a_good_outcome_of_your_own_introduction_thanks_the_trails_to_both_sides(
    session: Session,
) -> None:
    lee = three_hops(session)[3]
    ann, bo = people(session, "Ann Fox", "Bo Li")
    record_intro(session, None, bo, ann, D(2026, 1, 20))  # Ann introduced you to Bo
    mine = record_intro(session, lee, bo, None, D(2026, 6, 1)).intro
    result = record_outcome(session, mine.id, "job", D(2026, 10, 1))
    # Lee came through Sam, Priya and Tom; Bo through Ann. Lee and Bo are not the trail.
    assert result.opened == ("Sam Ode", "Priya Nair", "Tom Baker", "Ann Fox")
    latest = record_outcome(session, mine.id, "nothing", D(2026, 12, 1)).intro.latest
    assert latest is not None and "nothing" in latest.outcome


def test_a_trail_that_loops_ends(session: Session) -> None:
    ann, bob = people(session, "Ann", "Bob")
    record_intro(session, None, ann, bob, D(2026, 1, 1))
    record_intro(session, None, bob, ann, D(2026, 1, 2))  # each introduced the other
    assert [i.introducer_id for i in chain(session, ann.id)] == [bob.id]
    assert trail(session, bob).started_by == "Ann"
