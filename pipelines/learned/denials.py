"""Closures the rules are sure of: a later denial or resolution of the same matter.

The closure model learns what a clause closes; these rules add what it may miss when the new
note itself says the matter is over: a signal it hears as resolved or negated closes an
earlier open signal with the same phrase head ("found a lawyer" / "a contracts lawyer"), the
same standing matter (a job search, hiring, funding, housing), or a close paraphrase (by the
same MiniLM vectors the closure model reads). Both decide at one time, when the note is heard,
and one stored closure results.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from giveback.core.domain import ClosedHow, Closure, OpenSignal, Signal, SignalKind, Status
from giveback.pipelines.extraction.matching import content_words, phrases_match, topic_families

# Similarity of a denial's clause to an earlier signal's evidence that closes it: lower when
# they share a content word ("lawyer"), higher when they share none.
SIMILAR_SHARED_WORD = 0.35
SIMILAR = 0.6
_CLOSERS = (Status.NEGATED, Status.RESOLVED)
_TOPICAL = (SignalKind.NEED, SignalKind.INTEREST)


def _about_the_same(earlier: OpenSignal, later: Signal, similarity: float) -> bool:
    if later.kind is earlier.kind and phrases_match(earlier.phrase, later.phrase):
        return True
    if (
        later.kind in _TOPICAL
        and earlier.kind in (*_TOPICAL, SignalKind.COMMITMENT)
        and (
            topic_families(f"{earlier.phrase} {earlier.evidence}")
            & topic_families(f"{later.phrase} {later.evidence}")
        )
    ):
        return True
    if content_words(earlier.phrase) & content_words(later.phrase):
        return similarity >= SIMILAR_SHARED_WORD
    return similarity >= SIMILAR


def denials(
    open_signals: Sequence[OpenSignal],
    heard: Sequence[Signal],
    open_vectors: np.ndarray,
    heard_vectors: np.ndarray,
) -> list[Closure]:
    """The open signals that a resolved or negated signal of the new note takes back, each
    closed by the first such signal (``*_vectors``: one row per open and per heard signal)."""
    out = []
    for s, earlier in enumerate(open_signals):
        for h, later in enumerate(heard):
            if later.status not in _CLOSERS or later.kind is SignalKind.COMMITMENT:
                continue
            similarity = float(open_vectors[s] @ heard_vectors[h])
            if _about_the_same(earlier, later, similarity):
                how = (
                    ClosedHow.NO_LONGER_WANTED
                    if later.status is Status.NEGATED
                    else ClosedHow.DONE_BY_USER
                    if earlier.kind is SignalKind.COMMITMENT
                    else ClosedHow.MET
                )
                out.append(
                    Closure(
                        earlier.id, later.start, later.end, later.evidence, how, later.confidence
                    )
                )
                break
    return out
