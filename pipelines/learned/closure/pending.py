"""Clauses that say a promise is still owed, which therefore cannot close it.

The closure model learned from a corpus in which most of the user's promises are kept in a
later note, so a later note about the same person leans towards closing them. A clause that
says the promise is still pending ("still owe you those photos", "the intro hasn't happened
yet, my fault", "we never did the fado night") is exact evidence the other way: the rule wins.
"""

from __future__ import annotations

import re

_PENDING = re.compile(
    r"\b(?:still\s+owe|owe\s+(?:her|him|them|you)\b|(?:has|have|had)n[’']t\s+(?:yet\s+)?"
    r"[a-z]+(?:ed|en|t|ne|de|ppened)\b|(?:has|have)\s+not\s+(?:yet\s+)?[a-z]+(?:ed|en|t|ne)\b|"
    r"didn[’']t\s+get\s+(?:round|around)|"
    r"not\s+(?:done|sent|happened)\s+yet|haven[’']t\s+yet|yet\s+to\s+(?:send|do|make|set)|"
    r"never\s+(?:did|sent|made|got\s+round|got\s+around)|(?:totally\s+|completely\s+)?forgot\b|"
    r"slipped\s+my\s+mind|my\s+fault|still\s+(?:on\s+my|need\s+to\s+(?:send|do|make|set))|"
    r"reminded\s+me)",
    re.IGNORECASE,
)


def says_pending(clause: str) -> bool:
    """Whether a clause says that something promised has not been done yet."""
    return _PENDING.search(clause) is not None
