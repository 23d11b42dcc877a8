"""The rules of the ranker that never bend, on a real store with the real models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.tables import SignalRow
from giveback.engine.catalog.embedding_cache import Encoder
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.favors import record_favor
from giveback.engine.listening.notes import add_note
from giveback.engine.suggest.standing import split_signals
from giveback.engine.suggest.suggester import Suggester
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.artifact import default_path
from giveback.pipelines.learned.listener import LearnedListener

CATALOG = [
    CatalogRecord(
        "con-priya",
        ItemType.CONTACT,
        "Priya Raman",
        "SaaS contracts lawyer. Reviews vendor and customer contracts for startups.",
    ),
    CatalogRecord(
        "art-bridge",
        ItemType.ARTICLE,
        "Contract bridge club for beginners",
        "Learn the card game contract bridge on Tuesday nights.",
    ),
    CatalogRecord(
        "art-marathon",
        ItemType.ARTICLE,
        "Marathon training plan: 16 weeks",
        "A week-by-week plan to build mileage for your first marathon.",
    ),
    CatalogRecord(
        "art-marathon-2",
        ItemType.ARTICLE,
        "Your first marathon: a training guide",
        "How to build up weekly mileage safely before your first marathon.",
    ),
    CatalogRecord(
        "art-marathon-3",
        ItemType.ARTICLE,
        "Marathon training for beginners",
        "Beginner marathon training: long runs, easy runs and rest.",
    ),
    CatalogRecord(
        "off-running",
        ItemType.OFFER,
        "Be your long-run buddy on Saturdays",
        "I run 15 miles most Saturdays and would love company.",
    ),
    CatalogRecord(
        "off-deck",
        ItemType.OFFER,
        "Review your pitch deck",
        "I review seed pitch decks line by line.",
    ),
    CatalogRecord(
        "art-sourdough",
        ItemType.ARTICLE,
        "Sourdough starter troubleshooting",
        "Why your starter is sluggish and how to fix it.",
    ),
]

# The store fixture: the session and a function that adds a note (contact, date, text).
Store = tuple[Session, Callable[[str, date, str], None]]


@pytest.fixture
def store(session: Session, listener: Listener) -> Store:
    upsert_records(session, CATALOG, ImportSummary("t", "jsonl"), source="test")
    session.commit()

    def note(contact: str, day: date, text: str) -> None:
        add_note(session, contact, text, day, listener)

    return session, note


def ids(
    session: Session, embedder: Encoder, contact: str, as_of: date = date(2026, 11, 20)
) -> list[str]:
    contact_id = get_contact(session, contact).id
    return [s.item_id for s in Suggester(session, embedder).suggest(as_of, [contact_id], 5)]


def test_active_need_finds_the_lawyer_not_the_bridge_club(store: Store, embedder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), "Maria is looking for a SaaS contracts lawyer.")
    got = ids(session, embedder, "Maria Lopez")
    assert got[0] == "con-priya"
    assert "art-bridge" not in got


def test_resolved_need_suggests_nothing_for_it(store: Store, embedder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), "Maria is looking for a SaaS contracts lawyer.")
    note("Maria Lopez", date(2026, 6, 1), "Update: she found a lawyer through a friend.")
    assert "con-priya" not in ids(session, embedder, "Maria Lopez")
    # As of before the update, the need was open.
    assert "con-priya" in ids(session, embedder, "Maria Lopez", as_of=date(2026, 4, 1))


def test_negated_need_suggests_nothing(store: Store, embedder) -> None:
    session, note = store
    note("Sam Ode", date(2026, 3, 1), "Sam is not raising a seed round and won't be this year.")
    assert "off-deck" not in ids(session, embedder, "Sam Ode")


def test_never_introduces_a_contact_to_themselves(store: Store, embedder) -> None:
    session, note = store
    note(
        "Priya Raman",
        date(2026, 3, 1),
        "Priya is looking for a contracts lawyer to cover her leave.",
    )
    assert "con-priya" not in ids(session, embedder, "Priya Raman")


def test_given_items_are_not_suggested_again(store: Store, embedder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), "Maria is looking for a SaaS contracts lawyer.")
    maria = get_contact(session, "Maria Lopez")
    record_favor(
        session,
        maria.id,
        "given",
        "introduction",
        entry_date=date(2026, 3, 5),
        item_external_id="con-priya",
    )
    session.commit()
    assert "con-priya" not in ids(session, embedder, "Maria Lopez")


def test_no_suggestion_beats_a_junk_one(store: Store, embedder) -> None:
    session, note = store
    note("Ode Ali", date(2026, 3, 1), "Ode is looking for a pediatric dentist in Oakland.")
    assert ids(session, embedder, "Ode Ali") == []


def test_top_three_are_not_all_the_same_thing(store: Store, embedder) -> None:
    session, note = store
    note(
        "Jo Park",
        date(2026, 3, 1),
        "Jo is training for her first marathon and wants company on long runs.",
    )
    got = ids(session, embedder, "Jo Park")[:3]
    assert sum(1 for i in got if i.startswith("art-marathon")) <= 2, got
    assert "off-running" in got


def test_suggestions_quote_the_note_and_draft_a_message(store: Store, embedder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), "Maria is looking for a SaaS contracts lawyer.")
    maria = get_contact(session, "Maria Lopez").id
    top = Suggester(session, embedder).suggest(date(2026, 11, 20), [maria], 1)[0]
    assert "looking for a SaaS contracts lawyer" in top.reason and "Mar 1, 2026" in top.reason
    assert top.draft.startswith("Hi Maria,") and "Priya Raman" in top.draft
    assert set(top.to_dict()) >= {
        "contact",
        "item_id",
        "type",
        "title",
        "score",
        "reason",
        "evidence",
        "note_date",
        "draft",
    }


def test_a_need_heard_in_another_contacts_note_is_drafted_as_the_contacts_own(
    store: Store, embedder
) -> None:
    session, note = store
    note("Tom Reyes", date(2026, 2, 1), "Coffee with Tom, he's off to Lisbon in May.")
    note("Ann Lee", date(2026, 3, 1), "Ann said her cofounder Tom needs a SaaS contracts lawyer.")
    tom = get_contact(session, "Tom Reyes").id
    (top,) = Suggester(session, embedder).suggest(date(2026, 11, 20), [tom], 1)
    assert top.item_id == "con-priya"
    # Tom is no third party to himself, and he never told the user: no "you mentioned".
    assert top.draft.startswith("Hi Tom, would it help if I introduced you to Priya Raman?")
    assert top.reason.startswith("Tom — need:") and "needs a SaaS contracts lawyer" in top.reason


def test_introductions_are_matched_on_both_sides(store: Store, embedder) -> None:
    session, note = store
    upsert_records(
        session,
        [
            CatalogRecord(
                "con-maria",
                ItemType.CONTACT,
                "Maria Lopez",
                "Founder of Shiftly, a SaaS scheduling startup for hospitals; "
                "buys SaaS legal work.",
            )
        ],
        ImportSummary("t", "jsonl"),
        source="test",
    )
    session.commit()
    note("Maria Lopez", date(2026, 3, 1), "Maria is looking for a SaaS contracts lawyer.")
    note(
        "Priya Raman",
        date(2026, 2, 1),
        "Priya is looking for early-stage SaaS startups as new clients for her practice.",
    )
    maria = get_contact(session, "Maria Lopez").id
    top = Suggester(session, embedder).suggest(date(2026, 11, 20), [maria], 1)[0]
    assert top.item_id == "con-priya"
    assert "Priya \u2014 need" in top.reason  # the other side's reason, quoted too


def test_a_closing_sentence_heard_as_a_need_met_is_the_need_it_closed() -> None:
    """The listener hears "Marcos got the estimator job at Ledcor!!" both as the closure of
    the open need and as a need met (marked as restating the closure); among the closed
    signals, whose look-alikes are dropped, the closed need stands for both, since the
    sentence's good news calls for gives of its own. A need met heard in its own words, with no
    mark, is a closed signal of its own, even in the closing sentence."""
    closed_need = SignalRow(id=1, note_id=1, kind="need", phrase="estimator job", start=0,
                            status="active", closed_by_note_id=2, closed_start=0)  # fmt: skip
    restated = SignalRow(id=2, note_id=2, kind="need", phrase="estimator job", start=0,
                         status="resolved", restates_closure=True)  # fmt: skip
    own_words = SignalRow(id=3, note_id=2, kind="need", phrase="visa", start=0,
                          status="resolved", restates_closure=False)  # fmt: skip
    rows = [
        (closed_need, date(2026, 1, 5), date(2026, 3, 1)),
        (restated, date(2026, 3, 1), None),
        (own_words, date(2026, 3, 1), None),
    ]
    open_, closed = split_signals(rows, date(2026, 3, 2))
    assert open_ == []
    assert [row.id for row, _ in closed] == [1, 3]


def test_a_promise_answering_a_question_ends_with_the_deadline_the_question_named() -> None:
    """Of "Mock auditions before August? is that something you could do??" / "I'll see if I can
    sit on a mock panel": in November the promise is over, as it would be had it named August.
    A promise that names its own thing keeps its own deadline (none here)."""
    reply = SignalRow(id=1, note_id=1, kind="commitment", phrase="sit on a mock panel",
                      evidence="I'll see if I can sit on a mock panel", start=0,
                      status="active")  # fmt: skip
    sends = SignalRow(id=2, note_id=1, kind="commitment", phrase="send the nerves piece",
                      evidence="I'll send you the nerves piece", start=40,
                      status="active")  # fmt: skip
    asked = "she should do mock auditions before August. is that something you could do??"
    rows = [(reply, date(2026, 7, 9), None), (sends, date(2026, 7, 9), None)]
    before = {1: asked, 2: asked}
    open_, closed = split_signals(rows, date(2026, 11, 20), before)
    assert [row.id for row, _ in closed] == [1]
    assert [row.id for row, _ in open_] == [2]
    open_, closed = split_signals(rows, date(2026, 7, 20), before)
    assert [row.id for row, _ in open_] == [1, 2]


def test_a_recent_promise_kept_comes_first_and_an_old_one_competes(store: Store, embedder) -> None:
    """Keeping one's word comes before anything new, whatever the scores say; the reason says
    why it is first. A promise older than the policy's days competes on its score."""
    session, note = store
    said = "Maria is looking for a SaaS contracts lawyer. I promised to review her pitch deck."
    note("Maria Lopez", date(2026, 3, 1), said)
    maria = get_contact(session, "Maria Lopez").id
    soon = Suggester(session, embedder).suggest(date(2026, 3, 20), [maria], 5)
    assert [s.item_id for s in soon[:2]] == ["off-deck", "con-priya"]
    assert soon[0].reason.startswith("You promised Maria:")
    assert soon[0].score < soon[1].score  # first for being a promise, not for its score
    late = Suggester(session, embedder).suggest(date(2026, 11, 20), [maria], 5)
    assert late[0].item_id == "con-priya"
    assert [s.score for s in late] == sorted((s.score for s in late), reverse=True)


def test_an_old_promise_a_later_note_says_is_still_owed_comes_first_again(
    store: Store, embedder
) -> None:
    """A promise counts from the last note that says it is still owed: months later it comes
    first again, and the reason quotes that note."""
    session, note = store
    said = "Maria is looking for a SaaS contracts lawyer. I promised to review her pitch deck."
    note("Maria Lopez", date(2026, 3, 1), said)
    note(
        "Maria Lopez",
        date(2026, 10, 1),
        "Her Series A is on hold. Haven't looked at the new deck yet.",
    )
    maria = get_contact(session, "Maria Lopez").id
    late = Suggester(session, embedder).suggest(date(2026, 11, 20), [maria], 5)
    assert late[0].item_id == "off-deck"
    assert late[0].reason == (
        'You promised Maria: "promised to review her pitch deck" (Mar 1, 2026); '
        'still owed on Oct 1, 2026: "Haven\'t looked at the new deck yet"'
    )


def test_a_reply_to_it_is_read_with_what_an_earlier_note_said_it_is(
    store: Store, listener: Listener, embedder: Embedder
) -> None:
    """'Can you still do it?' / 'yes, put me down': what "it" is was asked in an earlier note,
    and the promise is kept by the offer that note speaks of. (Heard by the learned listener:
    the rules hear the question as the promise.)"""
    session, _ = store
    learned = LearnedListener(listener, lambda: embedder.encode_inner, default_path())

    def note(contact: str, day: date, text: str) -> None:
        add_note(session, contact, text, day, learned)

    talk = CatalogRecord(
        "off-careers-talk",
        ItemType.OFFER,
        "Careers talk for a school class",
        "I come to a school and talk to teenagers about what designers do.",
    )
    upsert_records(session, [talk], ImportSummary("t", "jsonl"), source="test")
    session.commit()
    asked = (
        "Email recap: the careers week is in February, he asked if I'd come and talk to his "
        "Year 10s about what a designer actually does."
    )
    reply = (
        "Call w/ {name}\n{name}: Careers week is confirmed, 9 February, can you still do it?\n"
        "Me: yes, put me down.\n"
    )
    note("Gareth Lloyd", date(2026, 3, 10), asked)
    note("Gareth Lloyd", date(2026, 9, 25), reply.format(name="Gareth"))
    gareth = get_contact(session, "Gareth Lloyd").id
    gives = Suggester(session, embedder).suggest(date(2026, 10, 1), [gareth], 3)
    assert gives[0].item_id == "off-careers-talk"
    assert gives[0].reason.startswith('You promised Gareth: "yes, put me down."')
    assert 'in answer to "Careers week is confirmed, 9 February, can you still do it?"' in (
        gives[0].reason
    )
    # With no earlier note, "it" is nothing the catalog can keep: the promise is kept by no item.
    note("Tom Baker", date(2026, 9, 25), reply.format(name="Tom"))
    tom = get_contact(session, "Tom Baker").id
    kept = [g for g in Suggester(session, embedder).suggest(date(2026, 10, 1), [tom], 3)
            if g.signal_kind == "commitment" and g.item_id]  # fmt: skip
    assert kept == []
