"""How well one phrase names what another does: the F1 of the words they share."""

from __future__ import annotations

import re
from collections import Counter

_WORDS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# Words a phrase may carry or drop without saying anything else ("a lawyer" = "lawyer").
_FILLER = frozenset({"a", "an", "the", "her", "his", "their", "my", "our", "your", "its", "some"})


def phrase_overlap(predicted: str, gold: str) -> float:
    """Word-overlap F1 of two phrases (articles and possessives left out): 1.0 when they say
    the same words, 0.0 when they share none."""
    mine = Counter(w for w in _WORDS.findall(predicted.lower()) if w not in _FILLER)
    theirs = Counter(w for w in _WORDS.findall(gold.lower()) if w not in _FILLER)
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)
