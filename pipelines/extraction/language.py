"""Is a note English? A cheap test on stop words, so that foreign notes are kept, not misread."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _stop_words() -> tuple[frozenset[str], frozenset[str]]:
    # These modules are plain word lists: importing them loads no model.
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.es.stop_words import STOP_WORDS as ES
    from spacy.lang.fr.stop_words import STOP_WORDS as FR
    from spacy.lang.it.stop_words import STOP_WORDS as IT
    from spacy.lang.nl.stop_words import STOP_WORDS as NL
    from spacy.lang.pt.stop_words import STOP_WORDS as PT

    english = frozenset(EN)
    foreign = frozenset().union(DE, ES, FR, IT, NL, PT) - english
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
