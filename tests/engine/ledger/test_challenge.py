"""One networking act a day: what ``today`` proposes, what marking it done records, and the
streak of the 30-day challenge. Real store, real embedder, scripted listener."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput
from giveback.core.tables import DailyAct, LedgerEntry
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.cadence import last_touches, set_tier
from giveback.engine.ledger.challenge import Act, Progress, mark_today_done, progress, today
from giveback.engine.ledger.favors import record_favor
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.ledger.thanks import open_thanks, record_thanks
from giveback.engine.listening.notes import add_note
from giveback.engine.suggest.suggester import Suggester
from tests.engine.ledger.test_reciprocity import CATALOG, PANDAS
from tests.support.fakes import FakeListener

D = date


def act_today(
    session: Session, embedder: Any, day: date, done: bool = False, what: str | None = None
) -> tuple[Act | None, Progress]:
    weights = LedgerWeights(session)

    def next_gives() -> Any:
        return Suggester(session, embedder, ledger=weights).next_gives(day)

    act: Act | None
    if done:
        act, prog, _ = mark_today_done(session, day, next_gives, weights, what)
    else:
        act, prog = today(session, day, next_gives, weights)
    session.commit()
    return act, prog


@pytest.fixture
def store(session: Session, fake: FakeListener) -> Session:
    upsert_records(session, CATALOG, ImportSummary("t", "jsonl"), source="test")
    session.commit()
    add_note(session, "Tom Becker", f"Call. {PANDAS}", D(2026, 3, 1), fake)
    add_note(session, "Ann Lee", "Coffee. [interest:marathon training]", D(2026, 3, 1), fake)
    add_note(session, "Ode Ali", "Lunch. [need:pediatric dentist in Oakland]", D(2026, 3, 1), fake)
    return session


def test_thank_yous_first_then_a_give_back_then_a_check_in(store: Session, embedder: Any) -> None:
    ann, ode = get_contact(store, "Ann Lee"), get_contact(store, "Ode Ali")
    record_favor(store, ann.id, "received", "advice", "read my essay", D(2026, 3, 10))
    store.commit()
    day = D(2026, 3, 12)
    act, prog = act_today(store, embedder, day)
    assert act is not None
    assert (act.kind, act.contact, act.done) == ("thank", "Ann Lee", False)
    assert act.draft.startswith("Hi Ann, thank you again for the advice (read my essay)")
    assert prog.streak == 0 and prog.challenge_day is None
    assert act_today(store, embedder, day)[0] == act  # the day's act stays put
    # Thanked some other way: today's act moves on, to giving back to Ann.
    record_thanks(store, ann, day)
    store.commit()
    act, _ = act_today(store, embedder, day)
    assert act is not None
    assert (act.kind, act.contact) == ("give", "Ann Lee") and act.item_id
    assert act.reason.startswith("Ann helped you with advice on Mar 10, 2026.")
    act, prog = act_today(store, embedder, day, done=True)
    assert act is not None
    assert act.done and prog.streak == 1 and prog.challenge_day == 1
    entry = store.scalars(select(LedgerEntry).where(LedgerEntry.direction == "given")).one()
    assert (entry.contact_id, entry.origin, entry.entry_date) == (ann.id, "today", day)
    # Nobody owed now; Ode is close and nothing in the catalog fits him: a check-in.
    set_tier(store, ode, "close")
    store.commit()
    act, _ = act_today(store, embedder, D(2026, 3, 20))
    assert act is not None
    assert (act.kind, act.contact) == ("check_in", "Ode Ali")
    assert act.reason == (
        "You last talked on Mar 1, 2026. You wanted to keep in touch every 14 days (close)."
    )
    assert "How are things going with pediatric dentist in Oakland?" in act.draft
    act_today(store, embedder, D(2026, 3, 20), done=True)
    assert last_touches(store, D(2026, 3, 21))[ode.id] == D(2026, 3, 20)  # it counts
    # Nothing owed, nobody cold: the best give of all.
    act, _ = act_today(store, embedder, D(2026, 3, 21))
    assert act is not None
    assert act.kind == "give" and act.contact in ("Tom Becker", "Ann Lee")


def test_a_good_outcomes_trail_thank_you_comes_before_older_ones(
    store: Session, embedder: Any
) -> None:
    from giveback.engine.ledger.trail import record_intro, record_outcome

    tom, ann = get_contact(store, "Tom Becker"), get_contact(store, "Ann Lee")
    record_favor(store, ann.id, "received", "advice", "x", D(2026, 1, 5))
    intro = record_intro(store, None, ann, tom, D(2026, 2, 1)).intro  # Tom introduced you
    record_thanks(store, tom, D(2026, 2, 2))
    record_outcome(store, intro.id, "deal", D(2026, 3, 1))
    store.commit()
    act, _ = act_today(store, embedder, D(2026, 3, 2))
    assert act is not None
    assert (act.kind, act.contact) == ("thank", "Tom Becker")
    assert "led to a deal" in act.draft
    act_today(store, embedder, D(2026, 3, 2), done=True)
    assert [t.contact for t in open_thanks(store)] == ["Ann Lee"]


def test_the_streak_and_the_thirty_day_challenge(session: Session, embedder: Any) -> None:
    start = D(2026, 6, 1)
    for n in (0, 1, 2):  # three days in a row, each with something the user did
        act, prog = act_today(
            session,
            embedder,
            start + timedelta(n),
            done=True,
            what=f"called someone on day {n + 1}",
        )
        assert act is not None
        assert act.kind == "other" and act.done
    assert prog.streak == 3 and prog.challenge_day == 3 and prog.done_in_challenge == 3
    # Day 4 passes without an act; on day 5, before acting, the streak is broken.
    prog = progress(session, start + timedelta(4))
    assert (prog.streak, prog.done_today, prog.challenge_day, prog.done_in_challenge) == (
        0,
        False,
        5,
        3,
    )
    # Marking the same day twice counts once.
    act_today(session, embedder, start + timedelta(4), done=True, what="wrote to Ann")
    act, prog = act_today(session, embedder, start + timedelta(4), done=True, what="again")
    assert act is not None
    assert act.title == "wrote to Ann" and prog.streak == 1 and prog.done_in_challenge == 4
    # A day still open keeps yesterday's streak alive.
    assert progress(session, start + timedelta(5)).streak == 1
    # After thirty days the challenge is over; the next act done starts a new one.
    over = progress(session, start + timedelta(30))
    assert over.challenge_day is None and over.started_on == start
    _, prog = act_today(session, embedder, start + timedelta(31), done=True, what="a give")
    assert prog.started_on == start + timedelta(31) and prog.challenge_day == 1
    assert len(session.scalars(select(DailyAct)).all()) == 5


def test_nothing_to_propose_is_said_and_done_needs_what(session: Session, embedder: Any) -> None:
    act, prog = act_today(session, embedder, D(2026, 6, 1))
    assert act is None and prog.streak == 0
    with pytest.raises(InvalidInput, match="say what you did"):
        act_today(session, embedder, D(2026, 6, 1), done=True)
