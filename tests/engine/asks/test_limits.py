"""A limit they said rules them out when it matches the need as well as what they do, or
nearly as well when it names a word of the need (pure: vectors set by hand)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from giveback.engine.asks.people import Evidence, Person
from giveback.engine.asks.policy import AskPolicy
from giveback.engine.asks.profile import Profile

WALKS = "Solo walks only, early before the other dogs are out."
NAMES_IT = "'I'll walk him and love him but I don't do behaviour cases.'"
OTHER = "'I don't do weddings, never again.'"
NEED = "need a force-free behaviour person for a dog who lunges on the lead"


def _profile(limits: list[str], similarity: dict[str, float]) -> Profile:
    """A person whose texts sit at the given cosine from the need (the first axis)."""

    def vectors(texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 2), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = (similarity[text], np.sqrt(1 - similarity[text] ** 2))
        return out

    person = Person(1, "Kim Brandt", notes=2, skills=[Evidence(WALKS, "note")], limits=limits)
    return Profile(person, vectors, AskPolicy())


NEED_VEC = np.array([1.0, 0.0], dtype=np.float32)
WORDS = frozenset({"force-free", "behaviour", "person", "dog", "lunge", "lead"})


def test_a_limit_that_names_the_need_need_only_come_near_their_best() -> None:
    profile = _profile([NAMES_IT], {WALKS: 0.49, NAMES_IT: 0.47})
    assert profile.says_not_theirs(NEED_VEC, WORDS) == NAMES_IT
    # without the need's words, it must match better than what they do
    assert profile.says_not_theirs(NEED_VEC) is None


def test_a_limit_that_names_nothing_of_the_need_must_match_better() -> None:
    profile = _profile([OTHER], {WALKS: 0.49, OTHER: 0.47})
    assert profile.says_not_theirs(NEED_VEC, WORDS) is None
    closer = _profile([OTHER], {WALKS: 0.49, OTHER: 0.52})
    assert closer.says_not_theirs(NEED_VEC, WORDS) == OTHER


def test_a_named_limit_far_below_their_best_or_the_bar_rules_nothing_out() -> None:
    assert (
        _profile([NAMES_IT], {WALKS: 0.60, NAMES_IT: 0.47}).says_not_theirs(NEED_VEC, WORDS) is None
    )
    assert (
        _profile([NAMES_IT], {WALKS: 0.30, NAMES_IT: 0.28}).says_not_theirs(NEED_VEC, WORDS) is None
    )


def test_a_limit_naming_the_need_below_another_that_does_not_still_counts() -> None:
    profile = _profile([OTHER, NAMES_IT], {WALKS: 0.49, OTHER: 0.485, NAMES_IT: 0.47})
    assert profile.says_not_theirs(NEED_VEC, WORDS) == NAMES_IT


def test_a_common_word_names_no_need() -> None:
    moves = "'I don't help with moves, my back's gone.'"
    words = frozenset({"someone", "help", "wedding", "flowers"})
    profile = _profile([moves], {WALKS: 0.49, moves: 0.47})
    assert profile.says_not_theirs(NEED_VEC, words) is None
