"""A promise said as leave to use something of the user's: "I said he could borrow our 16ft
enclosed till he sorts it", "told her she can borrow my old customs textbook".

The annotation guide makes such leave a promise of the user's (lend the thing), and the corpus
labels it so, but it is said with the contact as the subject and no "I'll", and the model can
miss it; then a later "thanks for the book!!" closes nothing, and the ranker offers the book
again. Where the user tells the contact they may borrow, have, use or keep something of the
user's, the clause is a promise: the rule wins.
"""

from __future__ import annotations

import re

# How sure a promise heard by this rule is (the model's own promises carry its probability).
PERMISSION_CONFIDENCE = 0.9

_LEAVE = re.compile(
    r"\b(?:I\s+)?(?:told|said(?:\s+to)?|promised|offered)\s+(?:(?:her|him|them|you)\s+)?"
    r"(?:that\s+)?(?:she|he|they|you)(?:\s+(?:can|could|may)|(?:['’]s|['’]re|\s+is|\s+are|\s+was|"
    r"\s+were)\s+welcome\s+to)\s+"
    r"(?:borrow|have|use|keep|take)\s+(?:my|our)\b",
    re.IGNORECASE,
)


def gives_leave(clause: str) -> bool:
    """Whether a clause tells the contact they may borrow, have, use or keep something of the
    user's ("told her she can borrow my old customs textbook")."""
    return _LEAVE.search(clause) is not None
