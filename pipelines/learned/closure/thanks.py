"""A promise the contact thanks the user for is kept: "thanks for the proofread" closes "I said
I'd proofread the application before it goes in".

The closure model weighs such a clause against the promise like any other, and the thanks
often name it by one word in passing ("Thanked me for the statement edits" of "I'll read her
personal statement this weekend"), too little for the model. Thanks that name what was
promised are exact evidence that it was done: in the corpus's train and dev splits, 32 of the
36 clauses that thank and share a word with an earlier promise of the same thread close it.
"""

from __future__ import annotations

import re

from giveback.pipelines.learned.closure.pending import content_words

_THANKS = re.compile(r"\b(?:thank(?:s|ed|ing)?|thx|grateful)\b", re.IGNORECASE)
# The user thanking someone ("I'll thank him") says nothing of the user's own promise.
_USER_THANKS = re.compile(
    r"\bI(?:['’]ll| will| should| must| need to| have to| want to)?\s+thank", re.IGNORECASE
)
# Words of promising that name nothing promised.
# fmt: off
_PROMISING = frozenset({
    "i'll", "i’ll", "said", "say", "told", "tell", "promised", "promise", "offered", "offer",
    "send", "sent", "will", "would", "could", "can", "get", "give", "thank", "thanks",
    "thanked", "again", "too", "yet", "now", "this", "week", "weekend", "today", "tomorrow",
    "soon", "later", "next", "intro", "introduce", "help", "let", "know",
})
# fmt: on
# A word the thanks name may be the end of the promise's: this many letters at least.
_SHORTEST_TAIL = 4


def thanks_for(clause: str, promised: str) -> bool:
    """Whether a clause thanks the user for what a promise (its phrase and evidence) names:
    thanks, not the user's own, and a word of the promise that names something."""
    if not _THANKS.search(clause) or _USER_THANKS.search(clause):
        return False
    mine = content_words(promised) - _PROMISING
    thanked = content_words(clause) - _PROMISING
    # A word the thanks name may be the end of the promise's ("thanks for the book!!" of "she
    # can borrow my old customs textbook"): four letters at least, so "ear" is no "year".
    return bool(mine & thanked) or any(
        len(t) >= _SHORTEST_TAIL and m != t and m.endswith(t) for m in mine for t in thanked
    )
