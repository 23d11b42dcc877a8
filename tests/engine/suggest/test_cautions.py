"""Cautions: what the user must not give a contact is never suggested to them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.tables import SignalRow
from giveback.engine.catalog.embedding_cache import Encoder
from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.engine.contacts.store import get_contact
from giveback.engine.listening.notes import add_note
from giveback.engine.suggest.cautions import (
    Topic,
    banned_item_types,
    names_topic,
    ruled_out,
    topics_ruled_out,
)
from giveback.engine.suggest.ranking import RankPolicy, RankSignal, Relationship, candidates
from giveback.engine.suggest.suggester import Suggester, ledger_suggester
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.artifact import default_path
from giveback.pipelines.learned.listener import LearnedListener
from tests.conftest import FAKE_VERSION
from tests.support.fakes import FakeListener

CATALOG = [
    CatalogRecord(
        "art-wine",
        ItemType.ARTICLE,
        "A beginner's guide to natural wine",
        "Ten natural wines under $20, and how to taste wine like a sommelier.",
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
        "I run 15 miles most Saturdays and would love company on a marathon long run.",
    ),
    CatalogRecord(
        "art-sourdough",
        ItemType.ARTICLE,
        "Sourdough starter troubleshooting",
        "Why your starter is sluggish and how to fix it.",
    ),
]
LATER = date(2026, 11, 20)
WINE = "Maria is getting into natural wine [interest:natural wine]."
RUNNING = "Maria is training for her first marathon [interest:marathon training]."
NO_WINE = "No wine [caution:wine]."

# The session and a function that adds a note (contact, date, text) heard by the fake.
Store = tuple[Session, Callable[[str, date, str], None]]


@pytest.fixture
def store(session: Session, fake: FakeListener) -> Store:
    upsert_records(session, CATALOG, ImportSummary("t", "jsonl"), source="test")
    session.commit()

    def note(contact: str, day: date, text: str) -> None:
        outcome = add_note(session, contact, text, day, fake, FAKE_VERSION)
        assert outcome.error is None

    return session, note


def suggested(session: Session, embedder: Encoder, contact: str, as_of: date = LATER) -> list[str]:
    contact_id = get_contact(session, contact).id
    return [s.item_id for s in Suggester(session, embedder).suggest(as_of, [contact_id], 5)]


def test_the_fake_hears_a_caution_and_the_store_keeps_it(store: Store) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), "She quit drinking [caution:wine].")
    [row] = session.scalars(select(SignalRow)).all()
    assert (row.kind, row.phrase, row.status, row.about) == ("caution", "wine", "active", "contact")


def test_an_open_interest_in_wine_gets_the_wine_article(store: Store, embedder: Encoder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), WINE)
    assert "art-wine" in suggested(session, embedder, "Maria Lopez")
    assert "art-sourdough" not in suggested(session, embedder, "Maria Lopez")


def test_a_caution_drops_the_gives_like_it_from_then_on(store: Store, embedder: Encoder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), f"{WINE} {RUNNING}")
    before = suggested(session, embedder, "Maria Lopez")
    assert {"art-wine", "art-marathon"} <= set(before)
    note("Maria Lopez", date(2026, 6, 1), NO_WINE)
    after = suggested(session, embedder, "Maria Lopez")
    assert "art-wine" not in after
    assert set(after) == set(before) - {"art-wine"}  # only what is like wine goes
    # As of before the caution was heard, the article was still a good give.
    assert "art-wine" in suggested(session, embedder, "Maria Lopez", as_of=date(2026, 4, 1))


def test_a_caution_worded_at_length_drops_the_gives_like_it(
    store: Store, embedder: Encoder
) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), WINE)
    note(
        "Maria Lopez",
        date(2026, 6, 1),
        "Don't send her anything about wine, she quit in Jan [caution:wine].",
    )
    assert "art-wine" not in suggested(session, embedder, "Maria Lopez")


def test_a_caution_is_about_its_contact_only(store: Store, embedder: Encoder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), WINE)
    note("Maria Lopez", date(2026, 6, 1), NO_WINE)
    note("Sam Ode", date(2026, 3, 1), "Sam is getting into natural wine [interest:natural wine].")
    assert "art-wine" not in suggested(session, embedder, "Maria Lopez")
    assert "art-wine" in suggested(session, embedder, "Sam Ode")


def test_the_ledger_suggester_obeys_cautions_too(store: Store, embedder: Encoder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), WINE)
    note("Maria Lopez", date(2026, 6, 1), NO_WINE)
    got = ledger_suggester(session, embedder).suggest(LATER)
    assert "art-wine" not in [s.item_id for s in got if s.contact == "Maria Lopez"]


def test_a_caution_against_articles_bans_every_article_but_not_offers(
    store: Store, embedder: Encoder
) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), RUNNING)
    before = suggested(session, embedder, "Maria Lopez")
    assert "art-marathon" in before and "off-running" in before
    note("Maria Lopez", date(2026, 6, 1), "She hates being sent stuff [caution:articles].")
    after = suggested(session, embedder, "Maria Lopez")
    assert "off-running" in after
    types = {i.type for i in CATALOG}
    assert types == {ItemType.ARTICLE, ItemType.OFFER}
    assert not any(item.startswith("art-") for item in after), after


def test_cautions_are_never_gives_themselves(store: Store, embedder: Encoder) -> None:
    session, note = store
    note("Maria Lopez", date(2026, 3, 1), "Nothing about wine please [caution:wine].")
    maria = get_contact(session, "Maria Lopez").id
    assert suggested(session, embedder, "Maria Lopez") == []
    assert Suggester(session, embedder).open_signal_ids(LATER, [maria]) == set()


@pytest.mark.parametrize(
    ("caution", "types"),
    [
        ("articles", {"article"}),
        ("Articles!", {"article"}),
        ("being sent articles", {"article"}),
        ("more intros", {"contact"}),
        ("recruiter intros", set()),  # only some intros: similarity decides, not the type
        ("no more introductions", {"contact"}),
        ("links", {"article"}),
        ("links and articles", {"article"}),
        ("wine", set()),
        ("articles about wine", set()),
        ("", set()),
        ("any more", set()),
    ],
)
def test_banned_item_types(caution: str, types: set[str]) -> None:
    assert banned_item_types(caution) == types


@pytest.mark.parametrize(
    ("phrase", "evidence", "expected"),
    [
        (
            "wine",
            "NOTE TO SELF: don't send him anything about wine, the Tannat tours or bodegas",
            "wine, the Tannat tours or bodegas",
        ),
        (
            "drinking",
            "Don't send him anything about drinking, bars, beer, none of it.",
            "drinking, bars, beer",
        ),
        (
            "expansion",
            "Don't push expansion or franchising stuff on him.",
            "expansion or franchising stuff",
        ),
        ("wine", "she quit wine and beer in January, so no bottles", "wine and beer"),
        (
            "war or syria news",
            "don't send her anything about the war or Syria news, not even "
            "the 'hopeful' reconstruction pieces",
            "war or syria news",
        ),
        ("wine", "No wine, she quit in Jan.", "wine"),
        ("pitch deck", "no word of it in the note", "pitch deck"),
        ("", "anything", ""),
    ],
)
def test_a_caution_rules_out_what_its_sentence_lists_with_its_phrase(
    phrase: str, evidence: str, expected: str
) -> None:
    assert ruled_out(phrase, evidence) == expected


def test_a_caution_listing_things_drops_the_gives_of_each(
    session: Session, listener: Listener, embedder: Embedder
) -> None:
    """Heard as "wine", the caution would let a bodega day-trip through (cosine 0.3 to
    "wine"); with what its sentence lists beside it, the trip is ruled out. (Heard by the
    learned listener: the fake's evidence is its marker.)"""
    learned = LearnedListener(listener, lambda: embedder.encode_inner, default_path())
    trip = CatalogRecord(
        "art-bodegas",
        ItemType.ARTICLE,
        "The Canelones Tannat route: a day among the bodegas",
        "A day itinerary through the family bodegas of Canelones, with Tannat tastings and "
        "lunch at a bodega.",
    )
    upsert_records(session, [trip], ImportSummary("t", "jsonl"), source="test")
    session.commit()
    add_note(
        session,
        "Hernan Duarte",
        "He loves Tannat and visiting the bodegas in Canelones.",
        date(2026, 2, 14),
        learned,
    )
    hernan = get_contact(session, "Hernan Duarte").id
    assert [s.item_id for s in Suggester(session, embedder).suggest(LATER, [hernan], 3)] == [
        "art-bodegas"
    ]
    add_note(
        session,
        "Hernan Duarte",
        "Long walk with Hernan. He's stopped drinking. NOTE TO SELF: don't send him anything "
        "about wine, the Tannat tours or bodegas.",
        date(2026, 4, 30),
        learned,
    )
    assert Suggester(session, embedder).suggest(LATER, [hernan], 3) == []


@pytest.mark.parametrize(
    ("phrase", "evidence", "topics"),
    [
        ("canada stuff", "He asked me, quietly, to stop sending him Canada stuff", [{"canada"}]),
        (
            "pregnancy",
            "Note to self: nothing baby- or pregnancy-related for now, not even by accident.",
            [{"pregnancy"}],
        ),
        (
            "wine",
            "NOTE TO SELF: don't send him anything about wine, the Tannat tours or bodegas",
            [{"wine"}, {"tannat", "tour"}, {"bodega"}],
        ),
        ("podcast", "please no more podcast links, I have 40 unlistened", [{"podcast"}]),
        (
            "counsellors or grief groups",
            "don't suggest counsellors or grief groups to Jorge",
            [{"counsellor"}, {"grief", "group"}],
        ),
        # A topic not to be raised at all.
        (
            "investors",
            "Seed round closed: 'I'm done fundraising, don't talk to me about investors.'",
            [{"investor"}],
        ),
        ("the divorce", "please never mention the divorce", [{"divorce"}]),
        # What the forbidding words are said of, though the phrase names another thing of the
        # clause; the list ends after its "or".
        (
            "accountant",
            "Con: 'don't be sending me anything about pensions or retirement planning, the "
            "accountant has me bored to tears'",
            [{"pension"}, {"retirement", "planning"}],
        ),
        # A person is no item of a list.
        ("chicken stuff", "says 'no more chicken stuff, I can't look at it'", [{"chicken"}]),
        # Forbidden after what was tried: what the forbidding words are said of.
        (
            "ice baths",
            "He tried ice baths at the gym in March and hated it: 'no more cryotherapy stuff'",
            [{"cryotherapy"}],
        ),
        # Forbidding words said in the next sentence, of something else.
        (
            "ice baths",
            "He tried ice baths last week. His sister says no more cold-call intros.",
            [],
        ),
        # Forbidding words said long after the phrase, of something else.
        (
            "ice baths",
            "He tried ice baths at the gym in March with his brother-in-law and two friends from "
            "the rowing club, and for the record please no more protein shakes",
            [],
        ),
        # Said without a word that forbids sending: similarity alone decides.
        ("wine", "She quit wine in January.", []),
        ("website", "and has nothing: no name, no logo, no website, just a Facebook page", []),
        ("marathon", "might do a half marathon next fall, but let's not jinx it", []),
        # The phrase is not what the forbidding words are said of.
        ("calls", "Don't send the invoice yet; he can't work the video calls", []),
        ("stuff", "stop sending him stuff", []),
        ("", "don't send him anything", []),
    ],
)
def test_the_topics_a_caution_forbids_sending(
    phrase: str, evidence: str, topics: list[set[str]]
) -> None:
    assert [set(t.words) for t in topics_ruled_out(phrase, evidence)] == topics


def test_a_topic_said_of_articles_forbids_only_articles() -> None:
    said = "She asked me to stop sending her dyslexia articles: she's drowning in them"
    [topic] = topics_ruled_out("dyslexia articles", said)
    assert topic == Topic(frozenset({"dyslexia"}), frozenset({"article"}))
    tags = ("dyslexia", "children")
    assert names_topic(topic, "article", "Dyslexia and sheet music", tags)
    assert not names_topic(topic, "contact", "Harriet Boyd", tags)  # a dyslexia tutor
    [anything] = topics_ruled_out("canada stuff", "stop sending him Canada stuff")
    assert names_topic(anything, "contact", "Express Entry adviser", ("canada",))


def test_something_to_read_about_a_topic_forbids_only_articles_on_it() -> None:
    said = "Note to self: don't send him anything to read about estates or wills, he's had enough."
    topics = topics_ruled_out("estates or wills", said)
    assert [t.words for t in topics] == [{"estate"}, {"will"}]
    assert all(t.types == {"article", "offer"} for t in topics)
    # The estates lawyer the user promised to ask stays; a guide to wills does not.
    assert not any(
        names_topic(t, "contact", "Hannes du Toit", ("estates", "wills")) for t in topics
    )
    assert any(names_topic(t, "article", "Wills made simple", ("wills",)) for t in topics)
    assert any(names_topic(t, "offer", "Lend my book on wills", ("wills", "books")) for t in topics)


def test_a_thing_not_to_be_brought_is_a_topic_and_bringing_up_is_not_bringing() -> None:
    [saw] = topics_ruled_out("saw", "'Don't bring the saw! Jorge came home with his own.")
    assert names_topic(saw, "offer", "Lend our wet tile saw", ("tools",))
    said = "And please don't bring up retirement or selling the business again."
    assert [set(t.words) for t in topics_ruled_out("retirement", said)] == [
        {"retirement"},
        {"selling", "business"},
    ]


def test_a_give_names_a_topic_by_every_word_of_it_in_its_title_or_tags() -> None:
    antenatal = ("Choosing an antenatal class", ("pregnancy", "parenting"))
    assert names_topic(Topic(frozenset({"pregnancy"})), "article", *antenatal)
    assert not names_topic(Topic(frozenset({"baby"})), "article", *antenatal)
    grief = Topic(frozenset({"grief", "group"}))
    assert names_topic(grief, "article", "Grief groups for widowers", ())
    assert not names_topic(grief, "article", "Urban sketchers: a drawing group", ())
    assert names_topic(Topic(frozenset({"canada"})), "article", "Express Entry to Canada", ())


def _antenatal_gives(tags: tuple[str, ...]) -> list[str]:
    """What an antenatal-class guide is suggested for, for an open need it matches at 0.6,
    beside a caution of a word it is far from in meaning (0.2, under the caution bar)."""
    on = date(2026, 2, 12)
    need = RankSignal(
        1, "need", "antenatal class", "Looking for a good antenatal class.", "active",
        "contact", None, on, 0,
    )  # fmt: skip
    caution = RankSignal(
        2, "caution", "pregnancy",
        "Note to self: nothing baby- or pregnancy-related for now, not even by accident.",
        "active", "contact", None, date(2026, 6, 20), 1,
    )  # fmt: skip
    guide = RankItem(
        0, "art-antenatal", "article", "Choosing an antenatal class in Nairobi", "", None, None,
        tags,
    )  # fmt: skip
    rel = Relationship(7, "Caroline", (need,), (caution,))
    vectors = np.array([[0.6, 0.2]], dtype=np.float32)
    hits = {0: [Hit(0, 0.6, 0.0, 0.6)]}
    found = candidates(
        rel, [guide], hits, vectors, np.eye(2, dtype=np.float32), LATER, RankPolicy()
    )
    return [c.item.external_id for c in found.values()]


def test_a_caution_forbidding_a_topic_drops_gives_tagged_with_it() -> None:
    assert _antenatal_gives(("pregnancy", "parenting")) == []
    assert _antenatal_gives(("parenting",)) == ["art-antenatal"]


def test_a_person_names_a_topic_by_what_their_entry_says_they_know() -> None:
    investors = Topic(frozenset({"investor"}))
    adviser = "Adviser to impact investment funds. Knows investors, deal terms and how to raise."
    assert names_topic(investors, "contact", "Omar Salim", ("fundraising",), adviser)
    # An article is named by its title and tags only: a word in passing is not its topic.
    assert not names_topic(investors, "article", "Leak sensors in the field", (), adviser)


def test_a_word_in_ing_in_a_persons_entry_is_a_verb_not_a_topic() -> None:
    running = Topic(frozenset({"running"}))
    skipper = "Skipper out of the harbour, running survey charters for the university."
    assert not names_topic(running, "contact", "Owen Ferris", ("boats", "charters"), skipper)
    # Said in their title or tags, it is what they do.
    coach = "Coaches beginners to their first 10k."
    assert names_topic(running, "contact", "Maya Lin", ("running", "coaching"), coach)
    # An -ing word that names a thing is a topic in their prose too.
    planner = "Wedding planner in Fitzroy; knows every venue north of the river."
    assert names_topic(Topic(frozenset({"wedding"})), "contact", "Ada Brooks", (), planner)
