"""A matter given up for good: "never doing them again" (pure: no model)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.given_up import given_up


@pytest.mark.parametrize(
    ("clause", "phrase"),
    [
        # named by a pronoun, or not at all: what was said before it
        ("social-media storytime reels: she is never doing them again.", "social-media"),
        ("Crypto, never again", "crypto"),
        # named: what it names
        ("He's never running a half marathon again, his knees said so.", "half marathon"),
        ("Loves the Kindle, never buying paper books again.", "paper books"),
    ],
)
def test_a_matter_given_up_for_good(clause: str, phrase: str) -> None:
    assert given_up(clause, phrase)


@pytest.mark.parametrize(
    ("clause", "phrase"),
    [
        # what is given up is something else of the clause
        ("Loves the Kindle, never buying paper books again.", "kindle"),
        ("He's never taking his health for granted again, wants to get into cycling.", "cycling"),
        ("Needs a new accountant, never using the old firm again.", "new accountant"),
        ("She wants an external drive, she is never going to lose her photos again.", "drive"),
    ],
)
def test_only_what_is_given_up_is_negated(clause: str, phrase: str) -> None:
    assert not given_up(clause, phrase)


@pytest.mark.parametrize(
    ("clause", "phrase"),
    [
        # Never, but not again: a first time, or a lack.
        ("She's never done a half marathon and wants to try one.", "half marathon"),
        ("He has never had a proper herd health plan.", "herd health plan"),
        # Again, but no never: back at it.
        ("She's back on the bike again.", "bike"),
        # "never been happier" is no giving up, even with "again" after it.
        ("She's never been happier, kayaking again every weekend.", "kayaking"),
    ],
)
def test_a_first_time_or_a_return_is_not_given_up(clause: str, phrase: str) -> None:
    assert not given_up(clause, phrase)
