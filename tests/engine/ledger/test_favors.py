"""The ledger's rules on a real store: kinds, balances over a window, who helped lately,
thank-yous open until sent, cadences and what resets them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Contact
from giveback.engine.contacts.store import find_or_create_contact
from giveback.engine.ledger.cadence import (
    TIER_CADENCE_DAYS,
    going_cold,
    keep_in_touch,
    last_touches,
    set_tier,
)
from giveback.engine.ledger.favors import balances, clean_kind, entries, helped_lately, record_favor
from giveback.engine.ledger.thanks import open_thanks, record_thanks
from giveback.engine.listening.notes import add_note
from tests.support.fakes import FakeListener

D = date


def person(session: Session, name: str) -> Contact:
    return find_or_create_contact(session, name)[0]


def test_kinds_accept_what_people_type_and_refuse_the_rest(session: Session) -> None:
    assert clean_kind("Referral") == "lead"
    assert clean_kind("referral-fee") == "referral_fee"
    assert clean_kind(" Value Exchange ") == "value_exchange"
    assert clean_kind("intro") == "introduction"
    with pytest.raises(InvalidInput, match="unknown favor kind 'bribe'"):
        clean_kind("bribe")
    ann = person(session, "Ann")
    with pytest.raises(InvalidInput, match="value must be a number"):
        record_favor(session, ann.id, "given", "advice", "x", D(2026, 1, 1), value=-5)
    with pytest.raises(NotFound, match="no catalog item"):
        record_favor(session, ann.id, "given", "article", "x", item_external_id="nope")


def test_balance_weighs_kinds_over_the_window_and_ignores_the_future(session: Session) -> None:
    ann = person(session, "Ann")
    record_favor(session, ann.id, "received", "introduction", "to Priya", D(2026, 3, 1))
    record_favor(session, ann.id, "received", "article", "a link", D(2026, 3, 2))
    record_favor(session, ann.id, "given", "advice", "deck review", D(2026, 4, 1), value=150)
    record_favor(session, ann.id, "given", "lead", "old lead", D(2024, 1, 1))  # outside
    record_favor(session, ann.id, "given", "lead", "later", D(2026, 12, 1))  # not yet
    [b] = balances(session, D(2026, 6, 1), window_days=365)
    assert (b.received, b.given) == (3.0 + 1.0, 2.0)  # intro 3, article 1; advice 2
    assert (b.received_count, b.given_count, b.given_value) == (2, 1, 150.0)
    assert b.leaning == "more from them" and b.last_given == D(2026, 4, 1)
    assert not b.helped_lately  # something was given after their last favor
    assert balances(session, D(2026, 6, 1), window_days=30) == []  # nothing in the last month


def test_helped_lately_means_nothing_given_since_their_last_favor(session: Session) -> None:
    ann, bob, cy, dee = (person(session, n) for n in ("Ann", "Bob", "Cy", "Dee"))
    record_favor(session, ann.id, "received", "advice", "", D(2026, 5, 1))
    record_favor(session, bob.id, "given", "article", "x", D(2026, 4, 1))
    record_favor(session, bob.id, "received", "lead", "", D(2026, 5, 2))  # given before, not since
    record_favor(session, cy.id, "received", "lead", "", D(2026, 5, 1))
    record_favor(session, cy.id, "given", "article", "x", D(2026, 5, 3))  # given back since
    record_favor(session, dee.id, "received", "advice", "", D(2024, 5, 1))  # over a year ago
    found = helped_lately(session, D(2026, 6, 1))
    assert [b.contact for b in found] == ["Bob", "Ann"]  # the latest help first


def test_a_favor_received_opens_a_thank_you_until_one_is_recorded(session: Session) -> None:
    tom = person(session, "Tom Baker")
    first = record_favor(session, tom.id, "received", "advice", "read my deck", D(2026, 3, 1))
    second = record_favor(session, tom.id, "received", "lead", "a client", D(2026, 4, 1))
    record_favor(session, tom.id, "received", "hospitality", "dinner", D(2026, 4, 2), thanked=True)
    pending = open_thanks(session, tom.id)
    assert [t.entry_id for t in pending] == [first.id, second.id]
    assert pending[0].draft == (
        "Hi Tom, thank you again for the advice (read my deck). It really helped."
    )
    result = record_thanks(session, tom, D(2026, 4, 5), entry_id=second.id)
    assert [t.entry_id for t in result.closed] == [second.id]
    assert [t.entry_id for t in open_thanks(session, tom.id)] == [first.id]
    again = record_thanks(session, tom, D(2026, 4, 6), entry_id=second.id)
    assert again.closed == () and again.already_thanked_on == D(2026, 4, 5)
    record_thanks(session, tom, D(2026, 4, 7))  # everything still open
    assert open_thanks(session, tom.id) == []
    views = {e.id: e for e in entries(session, D(2026, 5, 1), tom.id)}
    assert views[first.id].thanked_on == D(2026, 4, 7) and not views[first.id].thank_open
    given = record_favor(session, tom.id, "given", "advice", "x", D(2026, 4, 8))
    with pytest.raises(InvalidInput, match="a favor you gave"):
        record_thanks(session, tom, D(2026, 4, 9), entry_id=given.id)
    with pytest.raises(NotFound, match="no ledger entry 999"):
        record_thanks(session, tom, D(2026, 4, 9), entry_id=999)


def test_a_thank_you_with_nothing_open_is_kept_as_a_touch(session: Session) -> None:
    ann = person(session, "Ann")
    result = record_thanks(session, ann, D(2026, 5, 1), message="for the coffee")
    assert result.closed == ()
    assert last_touches(session, D(2026, 6, 1)) == {ann.id: D(2026, 5, 1)}


def test_tiers_set_the_cadence_and_every_overrides_it(session: Session) -> None:
    ann, bob, cy = (person(session, n) for n in ("Ann", "Bob", "Cy"))
    set_tier(session, ann, "close")
    set_tier(session, bob, "regular", every_days=30)
    statuses = keep_in_touch(session, D(2026, 6, 1))
    assert statuses[ann.id].cadence_days == TIER_CADENCE_DAYS["close"] == 14
    assert statuses[bob.id].cadence_days == 30
    assert cy.id not in statuses  # no tier: never "going cold"
    set_tier(session, bob, "occasional")  # a new tier drops the old own cadence
    assert keep_in_touch(session, D(2026, 6, 1))[bob.id].cadence_days == 120
    set_tier(session, bob, None)
    assert bob.id not in keep_in_touch(session, D(2026, 6, 1))
    with pytest.raises(InvalidInput, match="unknown tier 'vip'"):
        set_tier(session, cy, "vip")
    set_tier(session, cy, "vip", every_days=7)  # a label of one's own, with a cadence
    assert keep_in_touch(session, D(2026, 6, 1))[cy.id].cadence_days == 7
    with pytest.raises(InvalidInput, match="--every"):
        set_tier(session, cy, "close", every_days=0)


def test_cadence_is_reset_by_a_note_a_give_or_a_receipt(
    session: Session, fake: FakeListener
) -> None:
    add_note(session, "Ann", "Coffee with Ann.", D(2026, 1, 10), fake)
    for name in ("Bob", "Cy"):
        add_note(session, name, f"Lunch with {name}.", D(2026, 1, 10), fake)
    ann, bob, cy = (person(session, n) for n in ("Ann", "Bob", "Cy"))
    for contact in (ann, bob, cy):
        set_tier(session, contact, "close")
    as_of = D(2026, 3, 1)
    assert [k.contact for k in going_cold(session, as_of)] == ["Ann", "Bob", "Cy"]
    add_note(session, "Ann", "Call with Ann.", D(2026, 2, 25), fake)
    record_favor(session, bob.id, "given", "article", "x", D(2026, 2, 26))
    record_favor(session, cy.id, "received", "advice", "y", D(2026, 2, 27))
    assert going_cold(session, as_of) == []
    touches = last_touches(session, as_of)
    assert (touches[ann.id], touches[bob.id], touches[cy.id]) == (
        D(2026, 2, 25),
        D(2026, 2, 26),
        D(2026, 2, 27),
    )
    # As of before those touches, all three were past their cadence.
    status = keep_in_touch(session, D(2026, 2, 20))[ann.id]
    assert status.due and status.last_touch == D(2026, 1, 10)
    assert status.last_talked() == "You last talked on Jan 10, 2026."
    assert keep_in_touch(session, as_of)[ann.id].next_touch == D(2026, 3, 11)


def test_a_tiered_contact_never_in_touch_is_due_last(session: Session, fake: FakeListener) -> None:
    add_note(session, "Ann", "Coffee.", D(2026, 1, 10), fake)
    ann, new = person(session, "Ann"), person(session, "New Person")
    set_tier(session, ann, "close")
    set_tier(session, new, "close")
    cold = going_cold(session, D(2026, 3, 1))
    assert [k.contact for k in cold] == ["Ann", "New Person"]
    assert cold[1].last_touch is None and cold[1].last_talked() == "No conversation logged yet."
