"""Is a note English? A cheap test on stop words, so that foreign notes are kept, not misread."""

from __future__ import annotations

import re
from functools import lru_cache

from giveback.pipelines.wordlists import spacy_stop_words

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FOREIGN = ("de", "es", "fr", "it", "nl", "pt")


@lru_cache(maxsize=1)
def _stop_words() -> tuple[frozenset[str], frozenset[str]]:
    english = spacy_stop_words("en")
    foreign = frozenset().union(*(spacy_stop_words(lang) for lang in _FOREIGN)) - english
    return english, foreign


def looks_english(text: str, min_words: int = 8) -> bool:
    """False when the text is mostly non-Latin script or its stop words are another language's.

    Short notes and shorthand pass: too few words to judge means we try to read them.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return True
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.5:
        return False
    if len(words) < min_words:
        return True
    english, foreign = _stop_words()
    en_hits = sum(1 for w in words if w in english)
    foreign_hits = sum(1 for w in words if w in foreign)
    return en_hits >= foreign_hits
