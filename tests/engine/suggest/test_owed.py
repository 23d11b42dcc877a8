"""Promises that a later note says are still owed, and the turn a reply answers (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.core.tables import SignalRow
from giveback.engine.suggest.owed import StillOwed, closed_by_a_note, reopened, still_owed
from giveback.engine.suggest.queries import answered_turn, sentences

PHRASE = "look at her onboarding screens"
SAID = "I offered to look at her onboarding screens once the new build is out."
MADE = date(2026, 2, 12)


def test_a_later_sentence_that_says_the_promise_is_pending_renews_it() -> None:
    notes = [
        (MADE, SAID),
        (date(2026, 5, 20), "Inês: Next sprint, I'll send you the TestFlight."),
        (
            date(2026, 9, 3),
            "- round closed\n- TestFlight for onboarding arrived, I haven't looked yet (!)",
        ),
    ]
    assert still_owed(PHRASE, SAID, MADE, notes) == StillOwed(
        date(2026, 9, 3), "TestFlight for onboarding arrived, I haven't looked yet"
    )


@pytest.mark.parametrize(
    "later",
    [
        "TestFlight for onboarding arrived and I went through it with her.",  # nothing pending
        "Still haven't sent the tax forms, my fault.",  # pending, but another matter
    ],
)
def test_only_a_pending_sentence_about_the_promise_renews_it(later: str) -> None:
    assert still_owed(PHRASE, SAID, MADE, [(MADE, SAID), (date(2026, 9, 3), later)]) is None


def test_a_pending_sentence_that_says_the_promise_is_not_needed_renews_nothing() -> None:
    later = "Never did look at her onboarding; she got what she needed from her designer."
    assert still_owed(PHRASE, SAID, MADE, [(MADE, SAID), (date(2026, 9, 3), later)]) is None


def test_a_note_from_before_the_promise_renews_nothing() -> None:
    earlier = (date(2026, 1, 5), "Haven't looked at the onboarding screens yet.")
    assert still_owed(PHRASE, SAID, MADE, [earlier, (MADE, SAID)]) is None


def test_the_latest_renewal_counts() -> None:
    notes = [
        (date(2026, 4, 1), "Haven't looked at her onboarding yet."),
        (date(2026, 8, 1), "Onboarding review: I still haven't started, my fault."),
    ]
    assert still_owed(PHRASE, SAID, MADE, notes) == StillOwed(
        date(2026, 8, 1), "Onboarding review: I still haven't started, my fault"
    )


def test_a_promise_a_note_closed_is_open_again_when_a_later_note_says_it_is_owed() -> None:
    kept = SignalRow(id=1, kind="commitment", phrase="send the link", status="active")
    done = SignalRow(id=2, kind="commitment", phrase="send the deck", status="active")
    met = SignalRow(id=3, kind="need", phrase="a lawyer", status="active")
    closer_of = {1: date(2026, 3, 1), 2: date(2026, 3, 1), 3: date(2026, 3, 1)}
    closed = [(kept, MADE), (done, MADE), (met, MADE)]
    assert [row.id for row, _ in closed_by_a_note(closed, closer_of)] == [1, 2]
    owed = {
        1: StillOwed(date(2026, 5, 2), "still waiting for that link from me"),
        2: StillOwed(date(2026, 2, 20), "haven't sent the deck yet"),  # before it was closed
    }
    open_, still_closed = reopened([], closed, owed, closer_of)
    assert [row.id for row, _ in open_] == [1]
    assert [row.id for row, _ in still_closed] == [2, 3]


def test_sentences_are_split_at_ends_and_lines_without_bullets() -> None:
    text = "- first line\n* second. Third!\n- (!)"
    assert sentences(text) == ["first line", "second", "Third"]


@pytest.mark.parametrize(
    ("text", "reply", "answered"),
    [
        # In a transcript, the turn before, without its speaker, all of its sentences.
        (
            "Call w/ Ahmed\nAhmed: could you help me run a few sessions? my supervisor says "
            "I'm too polite\nMe: happy to, let's plan",
            "happy to",
            "could you help me run a few sessions? my supervisor says I'm too polite",
        ),
        # Elsewhere, the sentence before.
        (
            "Asked if I could lend my grammar book. Yes, will do.",
            "Yes",
            "Asked if I could lend my grammar book.",
        ),
        # A transcript line after a line of prose is answered by the sentence before.
        ("She asked about the van. Then it rained.\nMe: sure", "sure", "Then it rained."),
        # A question about "it" comes with its speaker's turn before, where "it" was named,
        # and what was said between.
        (
            "Ines: The grant budget is a mess.\nMe: Did the board see it?\nInes: Not yet. "
            "Could you go over it?\nMe: Sure, send it tonight.",
            "Sure",
            "The grant budget is a mess. Did the board see it? Not yet. Could you go over it?",
        ),
        # ... and alone when its speaker said nothing before it.
        (
            "Tom: Panel is confirmed, can you still do it?\nMe: yes, count me in.",
            "yes",
            "Panel is confirmed, can you still do it?",
        ),
        # A question that names its thing needs nothing more.
        (
            "Ines: The budget is a mess.\nMe: ok\nInes: Could you read the budget?\nMe: yes",
            "yes",
            "Could you read the budget?",
        ),
    ],
)
def test_a_reply_answers_the_turn_before_it(text: str, reply: str, answered: str) -> None:
    assert answered_turn(text, text.index(reply))[0] == answered
