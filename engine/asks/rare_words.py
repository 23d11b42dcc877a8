"""Words of a need that few people in the network share, and who has them.

Sentence embeddings tie a need to what is known of a person by meaning, and they blur the
rare word that decides it: "Medicaid", "ASCAP", "easement", "DOT" read much like their
neighbours. A word is telling when few of the people asking weighs use it (inverse document
frequency over people, not sentences): the name of the user's son appears in half the
network's notes and says nothing of who can help; "movement disorders" appears in one person's
and says a lot. Two numbers per (need, person): the share of the need's telling words in the
person's best sentence, and anywhere in what is known of them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from giveback.pipelines.wordlists import english_stop_words

_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = english_stop_words()
# Endings cut so that "filings" meets "filing" and "taxes" meets "tax"; a stem keeps at least
# four letters ("notes" is "note", not "not"), and "es" goes only after a hiss ("taxes",
# "churches").
_ENDINGS = (("ing", 4), ("ers", 4), ("er", 4), ("ed", 4), ("s", 4))
_HISS = ("s", "x", "z", "ch", "sh")


def stem(word: str) -> str:
    """A word without its commonest ending ("filings" -> "filing", "taxes" -> "tax")."""
    if word.endswith("es") and word[:-2].endswith(_HISS) and len(word) >= 5:
        return word[:-2]
    for ending, keep in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= keep and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def content_words(text: str) -> frozenset[str]:
    """The stems of a text's words of three letters or more, stop words left out."""
    words = set()
    for raw in _WORD.findall(text.lower()):
        word = raw.strip("'-").removesuffix("'s")  # "Theo's" is Theo
        if len(word) >= 3 and word not in _STOP:
            words.add(stem(word))
    return frozenset(words)


@dataclass(frozen=True)
class PersonWords:
    """The content words of each thing known of one person, and all of them."""

    sentences: tuple[frozenset[str], ...]
    every: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, texts: Iterable[str]) -> PersonWords:
        """The words of ``texts`` (a person's sentences, entries and favors)."""
        sentences = tuple(content_words(t) for t in texts)
        return cls(sentences, frozenset().union(*sentences))


@dataclass(frozen=True)
class RareWords:
    """How many of the people weighed use each word."""

    people: int
    frequency: Counter[str]

    @classmethod
    def over(cls, people: Sequence[PersonWords]) -> RareWords:
        """The frequencies over ``people`` (each counted once per word)."""
        return cls(len(people), Counter(w for p in people for w in p.every))

    def weight(self, word: str) -> float:
        """ln((1 + people) / (1 + people using it)): 0 when everyone does."""
        return math.log((1 + self.people) / (1 + self.frequency.get(word, 0)))

    def per_sentence(self, need: frozenset[str], person: PersonWords) -> list[float]:
        """The weighted share of the need's words in each of the person's sentences."""
        weights = {w: self.weight(w) for w in need}
        total = sum(weights.values())
        if total <= 0:
            return [0.0] * len(person.sentences)
        return [sum(weights[w] for w in need & s) / total for s in person.sentences]

    def shares(self, need: frozenset[str], person: PersonWords) -> tuple[float, float]:
        """The weighted share of the need's words in the person's best sentence, and in
        anything known of them (each 0 to 1)."""
        weights = {w: self.weight(w) for w in need}
        total = sum(weights.values())
        if total <= 0:
            return 0.0, 0.0
        best = max(
            (sum(weights[w] for w in need & sentence) for sentence in person.sentences),
            default=0.0,
        )
        anywhere = sum(weights[w] for w in need & person.every)
        return best / total, anywhere / total
