"""Clauses that say a promise is still owed (they close nothing)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.closure.pending import says_pending


@pytest.mark.parametrize(
    "clause",
    [
        "I still owe you those photos",
        "the intro hasn't happened yet, my fault",
        "We never did the fado night",
        "totally forgot to send the deck",
        "she reminded me about the cover",
        "haven't sent it yet",
        "it slipped my mind",
    ],
)
def test_a_pending_promise_is_recognised(clause: str) -> None:
    assert says_pending(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "Sent her the photos on Sunday",
        "We finally did the fado night, great fun",
        "She owes nothing to anyone",
        "The intro happened last week",
        "she has started a new job",
    ],
)
def test_done_or_unrelated_is_not_pending(clause: str) -> None:
    assert not says_pending(clause)
