"""Scoring the listener against hand-labeled notes (``data/eval/extract_*.jsonl``).

A predicted signal matches a gold one when both have the same kind and their evidence spans
overlap; pairs are taken greedily, best overlap first, one to one. Status and "about"
accuracy are measured on the matched pairs. The baseline is the naive listener the project
started from: every spaCy noun chunk is an interest.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from giveback.core.domain import About, ContactRef, NoteInput, Signal, SignalKind, Status
from giveback.core.errors import InvalidInput

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


def load_gold(path: Path) -> list[GoldNote]:
    """Read a labeled JSON Lines file; every evidence must occur in its note."""
    notes = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"]
        contact = ContactRef(row["contact"], tuple(row.get("aliases", ())))
        signals = []
        for sig in row["signals"]:
            start = text.find(sig["evidence"])
            if start < 0:
                raise InvalidInput(f"{path}:{lineno}: evidence not in text: {sig['evidence']!r}")
            signals.append(
                GoldSignal(
                    sig["kind"],
                    sig["phrase"],
                    start,
                    start + len(sig["evidence"]),
                    sig["about"],
                    sig["status"],
                )
            )
        notes.append(
            GoldNote(
                row["id"], NoteInput(text, date.fromisoformat(row["date"]), contact), tuple(signals)
            )
        )
    return notes


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
        for gi, g in enumerate(note.signals):
            if gi not in used_g:
                scores.fn[g.kind] += 1
        for pi, p in enumerate(preds):
            if pi not in used_p:
                scores.fp[p.kind.value] += 1
    return scores


class NounChunkBaseline:
    """The naive listener: every noun chunk that is not a pronoun is an active interest."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def listen_many(self, notes: Iterable[NoteInput]) -> list[list[Signal]]:
        """Noun chunks of each note as interest signals."""
        out = []
        for doc in self.nlp.pipe(n.text for n in notes):
            out.append(
                [
                    Signal(
                        SignalKind.INTEREST,
                        c.text.lower(),
                        c.text,
                        c.start_char,
                        c.end_char,
                        About.CONTACT,
                        Status.ACTIVE,
                        0.5,
                    )
                    for c in doc.noun_chunks
                    if c.root.pos_ != "PRON"
                ]
            )
        return out


def evaluate(
    gold: Sequence[GoldNote],
    systems: dict[str, Callable[[list[NoteInput]], Sequence[Sequence[Signal]]]],
) -> dict[str, Scores]:
    """Run each system over the gold notes and score it."""
    inputs = [g.note for g in gold]
    return {name: score(gold, run(inputs)) for name, run in systems.items()}


def report_rows(results: dict[str, Scores]) -> list[dict[str, Any]]:
    """One row per system and kind (plus "interest+need" and "all"), ready to print or dump."""
    rows = []
    groups = [(k, (k,)) for k in KINDS] + [("interest+need", ("interest", "need")), ("all", KINDS)]
    for system, s in results.items():
        for label, kinds in groups:
            p, r, f = s.prf(kinds)
            rows.append(
                {
                    "system": system,
                    "kind": label,
                    "precision": round(p, 3),
                    "recall": round(r, 3),
                    "f1": round(f, 3),
                    "gold": sum(s.tp[k] + s.fn[k] for k in kinds),
                    "predicted": sum(s.tp[k] + s.fp[k] for k in kinds),
                }
            )
        rows.append(
            {
                "system": system,
                "kind": "status accuracy",
                "value": round(s.status_accuracy, 3),
                "matched": s.matched,
            }
        )
        rows.append(
            {
                "system": system,
                "kind": "about accuracy",
                "value": round(s.about_accuracy, 3),
                "matched": s.matched,
            }
        )
    return rows
