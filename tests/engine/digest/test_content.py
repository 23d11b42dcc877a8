"""What goes in the weekly digest: only what the engine would say on its own, short.

Real store, real embedder, real ranking and ledger; the scripted listener states what was
heard (see ``tests/digest_fixtures.py`` for the network).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from giveback.core.db import init_db, make_session_factory
from giveback.core.store_files import sqlite_url_for_path
from giveback.engine.catalog.store import get_item
from giveback.engine.contacts.store import get_contact
from giveback.engine.digest.content import DigestLimits, build_digest, open_promises
from giveback.engine.ledger.gives import mark_done
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.ledger.thanks import record_thanks
from giveback.engine.listening.notes import add_note
from giveback.engine.suggest.suggester import Suggester
from tests.support.digest import AS_OF, EVIL, copy_store
from tests.support.fakes import FakeListener


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Session]:
    engine = init_db(sqlite_url_for_path(copy_store(template, tmp_path / "s" / "giveback.db")))
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def test_gives_are_the_rankings_own_next_gives_one_per_person(
    store: Session, embedder: Any
) -> None:
    digest = build_digest(store, embedder, AS_OF)
    ranked = Suggester(store, embedder, ledger=LedgerWeights(store)).next_gives(
        AS_OF, reminders=False
    )
    assert [(g.contact, g.item_id) for g in digest.gives] == [
        (s.contact, s.item_id) for s in ranked[:5]
    ]
    assert len({g.contact_id for g in digest.gives}) == len(digest.gives) >= 3
    ann = next(g for g in digest.gives if g.contact == "Ann Lee")
    assert ann.item_id == "art-pandas-book" and ann.reason.startswith("Ann — need: learn pandas")
    assert (
        ann.draft.startswith("Hi Ann,")
        and ann.nudge == "Ann helped you with advice on Mar 10, 2026."
    )
    # Ode needs a pediatric dentist and nothing in the catalog fits: no filler give for him.
    assert "Ode Ali" not in {g.contact for g in digest.gives}
    # A cap of two leaves the rest counted, not listed.
    short = build_digest(store, embedder, AS_OF, DigestLimits(gives=2))
    assert len(short.gives) == 2 and short.more["gives"] == len(ranked) - 2


def test_thank_yous_going_cold_and_the_streak(store: Session, embedder: Any) -> None:
    digest = build_digest(store, embedder, AS_OF)
    assert [(t.contact, t.what) for t in digest.thanks] == [
        ("Ann Lee", "read my essay (advice, Mar 10, 2026)")
    ]
    assert digest.thanks[0].draft.startswith("Hi Ann, thank you again for the advice")
    # Tom and Ode are both past their close-tier cadence; Tom has a give above, so only Ode.
    assert [(c.contact, c.days_since, c.cadence_days) for c in digest.cold] == [("Ode Ali", 31, 14)]
    assert digest.streak is not None
    assert (digest.streak.streak, digest.streak.challenge_day, digest.streak.days_done) == (3, 3, 3)
    # Thanked since: the thank-you is gone; no challenge a month later: no streak line.
    record_thanks(store, get_contact(store, "Ann Lee"), AS_OF)
    store.commit()
    later = build_digest(store, embedder, date(2026, 5, 20))
    assert later.thanks == () and later.streak is None


def test_open_promises_and_what_closes_them(store: Session, embedder: Any) -> None:
    promises = open_promises(store, embedder, AS_OF)
    by_contact = {p.contact: p for p in promises}
    # Open: the road bike (quoted in its sentence), the snacks, the sourdough starter once, as
    # promised the second time.
    assert (
        by_contact["Sam Park"].sentence
        == "Ride. I'll lend him my road bike [commitment:lend my road bike] for the race"[6:]
    )
    assert by_contact["Lee Wong"].note_date == date(2026, 3, 25)
    assert [p.contact for p in promises].count("Lee Wong") == 1
    assert EVIL in by_contact and "<script>alert(1)</script>" in by_contact[EVIL].sentence
    # Closed: Kai got the guide (a give in the ledger), Rita's need for a lawyer was met, and
    # the patent attorney was promised more than 120 days ago.
    assert not {"Kai Moss", "Rita Diaz"} & set(by_contact)
    assert all(p.phrase != "introduce him to a patent attorney" for p in promises)
    assert "Maria Lopez" in by_contact  # the checklist is still owed ...
    digest = build_digest(store, embedder, AS_OF)
    maria = next(g for g in digest.gives if g.contact == "Maria Lopez")
    # ... and the digest says so once: as the give drawn from it, not again as a promise.
    assert maria.reason.startswith('You promised Maria: "[commitment:send the pitch-deck')
    assert "Maria Lopez" not in {p.contact for p in digest.promises}
    assert {p.contact for p in digest.promises} == {"Sam Park", "Lee Wong", EVIL}
    # The checklist marked given (as a digest's "done" link does), and a note that Sam has
    # the bike now: both promises are closed.
    item = get_item(store, "off-deck-checklist")
    mark_done(store, get_contact(store, "Maria Lopez"), item, date(2026, 3, 28))
    add_note(
        store,
        "Sam Park",
        "Lent him the bike. [resolved/interest:road bike]",
        date(2026, 3, 30),
        FakeListener(),
    )
    after = {p.contact for p in open_promises(store, embedder, AS_OF)}
    assert "Maria Lopez" not in after and "Sam Park" not in after


def test_a_quiet_week_is_quiet(session: Session, embedder: Any, fake: FakeListener) -> None:
    empty = build_digest(session, embedder, AS_OF)
    assert empty.quiet
    assert (empty.gives, empty.thanks, empty.cold, empty.promises) == ((), (), (), ())
    # Notes that match nothing in the catalog make no filler either.
    add_note(session, "Ode Ali", "Lunch. [need:pediatric dentist in Oakland]", AS_OF, fake)
    assert build_digest(session, embedder, AS_OF).quiet


def test_to_dict_is_json(store: Session, embedder: Any) -> None:
    data = build_digest(store, embedder, AS_OF).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["week"] == "2026-W14" and data["as_of"] == "2026-04-01"
    assert data["quiet"] is False and data["streak"]["streak"] == 3
    assert set(data["gives"][0]) >= {"contact", "item_id", "title", "reason", "draft", "url"}
