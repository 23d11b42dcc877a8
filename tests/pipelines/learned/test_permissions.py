"""Leave to use something of the user's is a promise of the user's (pure)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.permissions import gives_leave


@pytest.mark.parametrize(
    "clause",
    [
        "told her she can borrow my old customs textbook, the one with all my notes",
        "I said he could borrow our 16ft enclosed till he sorts it",
        "Offered that they can use our spare room in March",
        "said she's welcome to use my drill",
    ],
)
def test_leave_to_use_the_users_things_is_a_promise(clause: str) -> None:
    assert gives_leave(clause)


@pytest.mark.parametrize(
    "clause",
    [
        # Not the user's thing, or not the user's leave.
        "told her she can borrow the library's copy",
        "He said I could borrow his trailer",
        "she can use my name as a reference",  # no leave given by the user in words
    ],
)
def test_other_leave_is_not(clause: str) -> None:
    assert not gives_leave(clause)
