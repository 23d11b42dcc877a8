"""A matter given up for good: "never doing them again" (pure: no model)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.given_up import given_up


@pytest.mark.parametrize(
    "clause",
    [
        "social-media storytime reels: she is never doing them again.",
        "Crypto, never again",
        "He's never running a half marathon again, his knees said so.",
        "she's never going to book a cruise again",
    ],
)
def test_a_matter_given_up_for_good(clause: str) -> None:
    assert given_up(clause)


@pytest.mark.parametrize(
    "clause",
    [
        # Never, but not again: a first time, or a lack.
        "She's never done a half marathon and wants to try one.",
        "He has never had a proper herd health plan.",
        # Again, but no never: back at it.
        "She's back on the bike again.",
        # "never been happier" is no giving up, even with "again" after it.
        "She's never been happier, kayaking again every weekend.",
    ],
)
def test_a_first_time_or_a_return_is_not_given_up(clause: str) -> None:
    assert not given_up(clause)
