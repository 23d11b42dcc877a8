"""A caution that points back: "He's off the queen rearing ... and he doesn't want to hear
another word about it."

People name a topic once and then refuse it by a pronoun: "don't mention it to anyone at her
old firm", "he hates to talk about it", "don't raise it til she does". The annotators name such
a caution by what "it" stands for ("mentioning pregnancy at her old firm", "talking about his
knee"), and only that name lets the ranker hold back the gives on the topic: "another word
about it" is near nothing in the catalog. The annotators named 13 of the corpus's 15 cautions
that point back this way by what the pronoun stands for (two kept "it": "mentioning it to the
CEO"); the thing said just before the caution stands in for it here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from giveback.core.domain import Signal, SignalKind
from giveback.pipelines.learned.refusals import refused

# A verb of raising a topic, then the pronoun: "don't mention it", "hates to talk about it",
# "doesn't want to hear another word about it" (not "she was gracious about it").
_POINTS_BACK = re.compile(
    r"\b(?:mention|mentioning|bring\s+up|raise|raising|discuss|discussing|"
    r"(?:talk|talking|ask|asking|hear(?:\s+(?:another\s+word|a\s+word|anything|more))?)\s+about)"
    r"\s+(?:it|this|that|them)\b"
    # the particle after the pronoun: "Do not bring it up."
    # ("bring them up" is raising children)
    r"|\bbring\s+(?:it|this|that)\s+up\b",
    re.IGNORECASE,
)
# What "it" can stand for: something the contact wants, needs, does or is going through.
_ANTECEDENT_KINDS = frozenset({SignalKind.INTEREST, SignalKind.NEED, SignalKind.EVENT})
# "it" reaches back a sentence or two, not across the note.
MOST_CHARS_BACK = 200


def points_back(evidence: str) -> bool:
    """Whether a caution names what it refuses by a pronoun ("don't mention it"), and by
    nothing else ("no more wine gifts ... she was gracious about it" names wine gifts)."""
    return _POINTS_BACK.search(evidence) is not None and refused(evidence) is None


def named_by_antecedent(signals: Sequence[Signal], text: str) -> list[Signal]:
    """The note's signals, each caution that points back named by the phrase of the nearest
    signal said before it on the same paragraph (an interest, a need or an event)."""
    out = list(signals)
    for i, caution in enumerate(out):
        if caution.kind is not SignalKind.CAUTION or not points_back(caution.evidence):
            continue
        before = [
            s
            for s in signals
            if s.kind in _ANTECEDENT_KINDS
            and s.end <= caution.start
            and caution.start - s.end <= MOST_CHARS_BACK
            and "\n\n" not in text[s.end : caution.start]
        ]
        if before:
            nearest = max(before, key=lambda s: s.end)
            out[i] = replace(caution, phrase=nearest.phrase)
    return out
