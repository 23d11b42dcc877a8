"""Whose line a clause is on: its line's heading, and the clause before it with a subject."""

from __future__ import annotations

from datetime import date

from giveback.core.domain import ContactRef, NoteInput
from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.clauses import clauses_of
from giveback.pipelines.learned.heads import line_head

BRUNO = ContactRef("Bruno Almeida", ("Bruno",))
DAY = date(2025, 3, 19)
BEERS = (
    "Beers w/ Bruno + two of his friends at the Loose Moose.\n"
    "- Bruno: decided, going solo from June 1. Wants me to send him overflow reqs.\n"
    "- Priscila (Bruno's friend, owns a Calgary agency): hiring a senior tech recruiter, "
    "remote ok. Big on trail running.\n"
    "- Her son Leo: applying to colleges this fall.\n"
    "- Ran into Dave K: his enablement lead search is back on.\n"
    "- Denver: closing on a house Oct 17.\n"
    "- Me: need to check my contract's non-solicit first.\n"
    "- Berlin was brutal, 4:12, calves still hate me.\n"
    "Thank you for making time for Lu and me on Tuesday, it was lovely. To recap: all good."
)


def cut(listener: Listener, text: str, contact: ContactRef = BRUNO) -> list[Clause]:
    [parsed] = listener.parse_many([NoteInput(text, DAY, contact)])
    assert parsed.doc is not None
    return clauses_of(parsed.doc, parsed.rule_signals, contact)


def clause(clauses: list[Clause], start: str) -> Clause:
    [found] = [c for c in clauses if c.text.startswith(start)]
    return found


def test_a_line_headed_by_another_person_is_theirs_to_its_end(listener: Listener) -> None:
    clauses = cut(listener, BEERS)
    for start in ("Priscila", "Big on trail running", "Her son Leo", "Ran into Dave K"):
        found = clause(clauses, start)
        assert found.head_other and not found.head_contact, start


def test_a_line_headed_by_the_contact_is_the_contacts(listener: Listener) -> None:
    clauses = cut(listener, BEERS)
    for start in ("Bruno", "decided, going solo", "Wants me to send him"):
        found = clause(clauses, start)
        assert found.head_contact and not found.head_other, start


def test_places_topics_the_user_times_and_sentences_head_no_one(listener: Listener) -> None:
    clauses = cut(listener, BEERS)
    # (A capitalised topic the parse takes for a name, "Cofounder:", reads as someone: the
    # model weighs this feature with the rest.)
    for start in ("Denver", "closing on a house", "Me", "Berlin", "Thank you", "To recap"):
        found = clause(clauses, start)
        assert not found.head_other and not found.head_contact, start


def test_a_line_without_a_colon_has_no_heading(listener: Listener) -> None:
    [parsed] = listener.parse_many([NoteInput("Priscila is hiring a recruiter.", DAY, BRUNO)])
    assert parsed.doc is not None
    assert line_head(parsed.doc, 0, BRUNO) == line_head(parsed.doc, 0, None)
    assert not line_head(parsed.doc, 0, BRUNO).other


def test_a_clause_with_no_subject_goes_on_about_the_one_before_it(listener: Listener) -> None:
    text = (
        "Call with Rahul about my own mess.\n"
        "- I still have the apartment in Pinheiros rented out. Need someone who knows the "
        "treaty.\n"
        "- Need a tax intern for Sept.\n"
        "- His daughter Anika is getting married in March. Wants a small venue."
    )
    clauses = cut(listener, text, ContactRef("Rahul Mehta", ("Rahul",)))
    assert clause(clauses, "Need someone who knows").carried == "user"
    # A new line starts over: nothing on it says whom it is about.
    assert clause(clauses, "Need a tax intern").carried == ""
    assert clause(clauses, "Wants a small venue").carried == "third_party"
    # A clause with a subject of its own carries nothing.
    assert clause(clauses, "I still have").carried == ""
