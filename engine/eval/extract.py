"""Scoring the listener against hand-labeled notes (``data/eval/extract_*.jsonl``).

A predicted signal matches a gold one when both have the same kind and their evidence spans
overlap; pairs are taken greedily, best overlap first, one to one. Status and "about"
accuracy are measured on the matched pairs. :mod:`giveback.engine.eval.listening` runs the
listeners over the labeled corpus and reports with these scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from giveback.core.domain import NoteInput, Signal, SignalKind
from giveback.pipelines.learned.phrases.overlap import phrase_overlap

KINDS = tuple(k.value for k in SignalKind)


@dataclass(frozen=True, slots=True)
class GoldSignal:
    """One labeled signal with its character span in the note."""

    kind: str
    phrase: str
    start: int
    end: int
    about: str
    status: str
    event_date: date | None = None


@dataclass(frozen=True, slots=True)
class GoldNote:
    """A labeled note."""

    id: str
    note: NoteInput
    signals: tuple[GoldSignal, ...]


@dataclass
class Scores:
    """Counts for one system on one data set, turned into the usual ratios."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    status_ok: int = 0
    about_ok: int = 0
    matched: int = 0
    phrase_words: float = 0.0  # the sum over matches of the phrases' word-overlap F1
    events_matched: int = 0
    event_date_ok: int = 0  # matched events whose date is the labeled one (or both have none)

    def prf(self, kinds: Sequence[str]) -> tuple[float, float, float]:
        """Micro precision, recall and F1 over ``kinds``."""
        tp = sum(self.tp[k] for k in kinds)
        fp = sum(self.fp[k] for k in kinds)
        fn = sum(self.fn[k] for k in kinds)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def status_accuracy(self) -> float:
        """Share of matched signals whose status is right."""
        return self.status_ok / self.matched if self.matched else 0.0

    @property
    def about_accuracy(self) -> float:
        """Share of matched signals whose "about" is right."""
        return self.about_ok / self.matched if self.matched else 0.0

    @property
    def event_date_accuracy(self) -> float:
        """Share of matched events whose date is the labeled date (no date where none is)."""
        return self.event_date_ok / self.events_matched if self.events_matched else 0.0

    @property
    def phrase_f1(self) -> float:
        """Mean word-overlap F1 of matched signals' phrases with the labeled phrases."""
        return self.phrase_words / self.matched if self.matched else 0.0


def score(gold: Sequence[GoldNote], predicted: Sequence[Sequence[Signal]]) -> Scores:
    """Match predictions to gold notes and count."""
    scores = Scores()
    for note, preds in zip(gold, predicted, strict=True):
        pairs = []
        for gi, g in enumerate(note.signals):
            for pi, p in enumerate(preds):
                overlap = min(g.end, p.end) - max(g.start, p.start)
                if overlap > 0 and p.kind.value == g.kind:
                    pairs.append((overlap, gi, pi))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, gi, pi in sorted(pairs, reverse=True):
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = note.signals[gi], preds[pi]
            scores.tp[g.kind] += 1
            scores.matched += 1
            scores.status_ok += p.status.value == g.status
            scores.about_ok += p.about.value == g.about
            scores.phrase_words += phrase_overlap(p.phrase, g.phrase)
            if g.kind == SignalKind.EVENT.value:
                scores.events_matched += 1
                scores.event_date_ok += p.event_date == g.event_date
        for gi, g in enumerate(note.signals):
            if gi not in used_g:
                scores.fn[g.kind] += 1
        for pi, p in enumerate(preds):
            if pi not in used_p:
                scores.fp[p.kind.value] += 1
    return scores
