"""What a catalog entry or a note says first, cut to fit a draft or a digest line."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# Words whose full stop ends no sentence ("St. Joseph's", "Dr. Reis").
_ABBREVIATIONS = ("St.", "Dr.", "Mr.", "Mrs.", "Ms.", "Jr.", "Sr.", "Mt.", "No.", "Inc.", "Ltd.",
                  "vs.", "e.g.", "i.e.", "Prof.", "Co.")  # fmt: skip


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a text, cut at ``limit`` characters."""
    parts = _SENTENCE.split(text.strip()) if text.strip() else [""]
    sentence = parts[0]
    for part in parts[1:]:
        if not sentence.endswith(_ABBREVIATIONS):
            break
        sentence = f"{sentence} {part}"
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# A description cut this short would say too little; below it, the cut keeps a "…".
_SHORTEST_CUT = 0.6


def described(text: str, limit: int = 160) -> str:
    """What a catalog entry says first, for a draft: its first sentence, or when that is too
    long, the sentence up to its last comma or semicolon within ``limit`` ("who sits down with
    parents ... to work out registered partnerships."), not a cut mid-list with "…"."""
    sentence = first_sentence(text, limit=10**6)
    if len(sentence) <= limit:
        return sentence
    head = sentence[:limit]
    cut = max(head.rfind(", "), head.rfind("; "), head.rfind(" – "), head.rfind(" — "))
    if cut >= limit * _SHORTEST_CUT:
        return head[:cut].rstrip(" ,;") + "."
    return first_sentence(text, limit)
