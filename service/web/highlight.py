"""A note cut into segments for highlighting: which signals cover which stretch of text.

Pure: no HTML is built here. The template escapes every segment's text, so a note holding
markup shows it literally.

Signals carry character offsets into the note (``start``, ``end``) and the evidence text found
there ("is looking for a SaaS contracts lawyer"). Spans may overlap or nest (two needs sharing
one "looking for"); the text is cut at every span boundary, and each piece lists the signals
covering it, the innermost (shortest) first. Offsets that no longer fit the text (a note
re-cleaned after extraction, a stale signal) are corrected by finding the evidence nearest to
where it was said to be; a signal whose evidence is nowhere in the text is returned as
*unplaced*, never guessed onto the wrong words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, Protocol, TypeVar


class Span(Protocol):
    """Anything with offsets into a text and the evidence text it claims to cover."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def evidence(self) -> str: ...


S = TypeVar("S", bound=Span)


@dataclass(frozen=True, slots=True)
class Segment(Generic[S]):
    """A stretch of the note and the signals covering it, innermost first (none: plain text)."""

    text: str
    signals: tuple[S, ...] = ()

    @property
    def signal(self) -> S | None:
        """The innermost signal covering this stretch, or ``None`` for plain text."""
        return self.signals[0] if self.signals else None


@dataclass(frozen=True, slots=True)
class Highlighted(Generic[S]):
    """A note cut into segments (their texts join back to the note) and the unplaced signals."""

    segments: tuple[Segment[S], ...]
    unplaced: tuple[S, ...]


def locate(text: str, span: Span) -> tuple[int, int] | None:
    """Where ``span`` really is in ``text``: its own offsets if they hold its evidence, else the
    occurrence of the evidence nearest to them (case and runs of whitespace ignored), else
    ``None``. A span without evidence is trusted as far as its offsets fall inside the text.
    """
    start, end, evidence = span.start, span.end, (span.evidence or "").strip()
    if not evidence:
        start, end = max(0, start), min(len(text), end)
        return (start, end) if start < end else None
    if 0 <= start < end <= len(text) and text[start:end] == span.evidence:
        return start, end
    words = evidence.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    found = [(abs(m.start() - start), m.start(), m.end()) for m in pattern.finditer(text)]
    if not found:
        return None
    _, best_start, best_end = min(found)
    return best_start, best_end


def segments(text: str, spans: Sequence[S]) -> Highlighted[S]:
    """Cut ``text`` at every boundary of the located ``spans``.

    Consecutive pieces covered by exactly the same signals are joined, so a signal that
    overlaps nothing is one segment. Segments' texts concatenate to ``text``.
    """
    placed: list[tuple[int, int, int, S]] = []  # start, end, input order, signal
    unplaced: list[S] = []
    for order, span in enumerate(spans):
        where = locate(text, span)
        if where is None:
            unplaced.append(span)
        else:
            placed.append((where[0], where[1], order, span))
    cuts = sorted({0, len(text)} | {p[0] for p in placed} | {p[1] for p in placed})
    out: list[Segment[S]] = []
    last_key: tuple[int, ...] | None = None
    for left, right in pairwise(cuts):
        covering = sorted(
            (p for p in placed if p[0] <= left and right <= p[1]),
            key=lambda p: (p[1] - p[0], p[0], p[2]),
        )
        key = tuple(p[2] for p in covering)
        piece = text[left:right]
        if out and key == last_key:
            out[-1] = Segment(out[-1].text + piece, out[-1].signals)
        else:
            out.append(Segment(piece, tuple(p[3] for p in covering)))
        last_key = key
    return Highlighted(tuple(out), tuple(unplaced))
