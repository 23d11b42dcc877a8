"""Ordinary sentences of notes, as negatives: what most of a note is.

The hard-time writers were asked for near misses, so a few hundred of their sentences are
close calls; a note is mostly skills, plans, small talk and favours, and a model that never
saw those takes "Soledad called in a panic" or "looked exhausted at pickup" for a hard time.
The listener's labeled corpus (``data/annotation``) holds thousands of such sentences, written
by other writers for other briefs. A sentence is taken as ordinary when no labeled event
overlaps it (the corpus labels a death, an operation or a birth as an event) and no rule that
hears hard times hears it (the caller's: "Surgery went fine, he's in the sling for 6 weeks" is
labeled no event, and is a hard time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from giveback.pipelines.hard_times.sentences import LabeledSentence
from giveback.pipelines.learned.corpus import GoldNote, load_split

_BREAK = re.compile(r"\n+|(?<=[.!?])\s+")
_LABEL = re.compile(r"^\s*(?:[-*•]+\s*|[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?:\s+)")
MIN_WORDS = 4


def _spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for gap in _BREAK.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(text)))
    return spans


def ordinary_in(
    notes: Sequence[GoldNote], heard: Callable[[str], bool] = lambda _: False
) -> list[LabeledSentence]:
    """The sentences of ``notes`` that no labeled event overlaps and ``heard`` (a rule that
    hears hard times) does not hear, as ``not`` sentences of the kind "note"."""
    out = []
    for note in notes:
        events = [(s.start, s.end) for s in note.signals if s.kind == "event"]
        for start, end in _spans(note.text):
            if any(a < end and start < b for a, b in events):
                continue
            text = _LABEL.sub("", note.text[start:end]).strip()
            if len(text.split()) >= MIN_WORDS and not heard(text):
                out.append(LabeledSentence(text, False, "note", "contact", note.writer))
    return out


def ordinary_sentences(
    corpus: Path, split: str, heard: Callable[[str], bool] = lambda _: False
) -> list[LabeledSentence]:
    """The ordinary sentences of one split of the listener's labeled corpus."""
    return ordinary_in(load_split(corpus, split), heard)
