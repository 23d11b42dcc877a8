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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from giveback.engine.suggest.naming import meaning_words


def content_words(text: str) -> frozenset[str]:
    """The words of a text that say what it is about (:func:`meaning_words`, three letters or
    more): "Theo's" is Theo, "filings" is "filing"."""
    return frozenset(meaning_words(text, shortest=3))


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
        return self.of(need, person).per_sentence

    def shares(self, need: frozenset[str], person: PersonWords) -> tuple[float, float]:
        """The weighted share of the need's words in the person's best sentence, and in
        anything known of them (each 0 to 1)."""
        return self.of(need, person).shares

    def of(self, need: frozenset[str], person: PersonWords) -> NeedWords:
        """The need's rare words in what is known of the person, both ways."""
        weights = {w: self.weight(w) for w in need}
        total = sum(weights.values())
        if total <= 0:
            return NeedWords((0.0, 0.0), [0.0] * len(person.sentences))
        each = [sum(weights[w] for w in need & s) / total for s in person.sentences]
        anywhere = sum(weights[w] for w in need & person.every) / total
        return NeedWords((max(each, default=0.0), anywhere), each)


@dataclass(frozen=True)
class NeedWords:
    """A need's rare words in one person's sentences: :meth:`RareWords.shares` (the scorer's
    two features) and :meth:`RareWords.per_sentence` (which sentence may be told back)."""

    shares: tuple[float, float]
    per_sentence: list[float]
