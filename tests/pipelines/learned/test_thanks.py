"""Thanks for what was promised close the promise (pure)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.closure.thanks import thanks_for

STATEMENT = "read personal statement I'll read her personal statement this weekend."


@pytest.mark.parametrize(
    ("clause", "promised", "closes"),
    [
        ("Thanked me for the statement edits (I mostly cut adverbs).", STATEMENT, True),
        ("your notes on the budget page saved us, thanks for the proofread",
         "proofread the application I said I'd proofread the application", True),
        ("Raj: got the mentor list btw, thanks.", "send alumni mentor list", True),
        # The thing thanked for, named by the end of the promise's word.
        ("Aga: thanks for the book!! it's full of your notes haha",
         "told her she can borrow my old customs textbook", True),
        ("thanks for the ear, really", "send the five-year plan", False),
        # Thanks for something else, or the user's own thanks.
        ("Thanks for the lovely dinner!", STATEMENT, False),
        ("I'll thank her for the statement tomorrow.", STATEMENT, False),
        # Words of promising name nothing promised.
        ("Thanks, I'll send it this weekend.", STATEMENT, False),
        ("She read the statement aloud to the class.", STATEMENT, False),
    ],
)  # fmt: skip
def test_thanks_that_name_the_promise_close_it(clause: str, promised: str, closes: bool) -> None:
    assert thanks_for(clause, promised) is closes
