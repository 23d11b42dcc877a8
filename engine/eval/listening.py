"""Scoring listeners on the labeled corpus (``data/annotation``): signals, and closures.

Signals are scored as in :mod:`giveback.engine.eval.extract` (a predicted signal matches a
labeled one of the same kind whose evidence it overlaps; status and "about" accuracy over the
matches). Closures are scored by replaying each thread in order, as the store would: every note
is heard with the labeled signals of the earlier notes that are still open (active or hedged,
and not yet closed by what the listener itself decided before), and a predicted closure counts
when it closes the labeled signal in the labeled note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from giveback.core.domain import (
    About,
    Extraction,
    NoteInput,
    OpenSignal,
    Signal,
    SignalKind,
    Status,
)
from giveback.engine.eval.extract import GoldNote as ScoredNote
from giveback.engine.eval.extract import GoldSignal as ScoredSignal
from giveback.engine.eval.extract import Scores, score
from giveback.pipelines.learned.corpus import OPEN_STATUSES, GoldNote, open_signal, threads

Listen = Callable[[list[NoteInput]], list[Extraction]]


def scored_notes(notes: Sequence[GoldNote]) -> list[ScoredNote]:
    """The corpus's notes in the shape the signal scorer reads."""
    return [
        ScoredNote(
            n.id,
            n.note_input(),
            tuple(
                ScoredSignal(s.kind, s.phrase, s.start, s.end, s.about, s.status, s.event_date)
                for s in n.signals
            ),
        )
        for n in notes
    ]


@dataclass
class ClosureScores:
    """Closures found against closures labeled, and how often the "how" was right."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    how_ok: int = 0
    evidence_ok: int = 0  # matched closures whose sentence overlaps the labeled one

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Replay:
    """Everything one system heard in a replay of the corpus."""

    signals: dict[str, list[Signal]] = field(default_factory=dict)  # by note id
    closures: ClosureScores = field(default_factory=ClosureScores)


def replay(notes: Sequence[GoldNote], listen: Listen) -> Replay:
    """Hear every note in thread order, the k-th notes of all threads in one batch."""
    out = Replay()
    ordered = list(threads(notes).values())
    state: list[dict[str, OpenSignal]] = [{} for _ in ordered]  # open signals by key
    ids: list[dict[int, str]] = [{} for _ in ordered]
    depth = max((len(t) for t in ordered), default=0)
    for k in range(depth):
        batch = [(i, t[k]) for i, t in enumerate(ordered) if k < len(t)]
        inputs = [
            replace(note.note_input(), open_signals=tuple(state[i].values())) for i, note in batch
        ]
        for (i, note), heard in zip(batch, listen(inputs), strict=True):
            out.signals[note.id] = list(heard.signals)
            labeled = {c.target: c for c in note.closures}
            found = {ids[i][c.signal_id]: c for c in heard.closures if c.signal_id in ids[i]}
            for key, closure in found.items():
                gold = labeled.get(key)
                if gold is None:
                    out.closures.fp += 1
                    continue
                out.closures.tp += 1
                out.closures.how_ok += closure.how.value == gold.how
                out.closures.evidence_ok += min(closure.end, gold.end) > max(
                    closure.start, gold.start
                )
            out.closures.fn += sum(1 for key in labeled if key not in found)
            for key in found:
                state[i].pop(key, None)
            for signal in note.signals:
                if signal.status in OPEN_STATUSES:
                    key = f"{note.id}/{signal.id}"
                    number = len(ids[i])
                    ids[i][number] = key
                    state[i][key] = open_signal(note, signal, number)
    return out


def signal_scores(notes: Sequence[GoldNote], heard: dict[str, list[Signal]]) -> Scores:
    """The signal scores of what a replay heard."""
    return score(scored_notes(notes), [heard[n.id] for n in notes])


_SENTENCES = re.compile(r"[^.!?\n]+[.!?]?")
_KEYWORDS = {
    SignalKind.NEED: re.compile(
        r"\b(needs?|looking for|wants?|hoping|hopes? to|searching|"
        r"hiring|raising|struggl\w*|help with|asked for)\b",
        re.I,
    ),
    SignalKind.INTEREST: re.compile(
        r"\b(loves?|into|enjoys?|fan of|hobby|obsessed|passion\w*|"
        r"likes?|favou?rite)\b",
        re.I,
    ),
    SignalKind.EVENT: re.compile(
        r"\b(moving|moved|wedding|baby|due|starts?|new job|retir\w+|"
        r"graduat\w+|surgery|birthday|promot\w+|launch\w*)\b",
        re.I,
    ),
    SignalKind.COMMITMENT: re.compile(
        r"\b(i'll|i will|i promised|promised to|i can send|"
        r"i'd send|will send)\b",
        re.I,
    ),
    SignalKind.CAUTION: re.compile(
        r"\b(don't send|do not send|never send|allergic|avoid|"
        r"no more|hates|sober)\b",
        re.I,
    ),
}
_NEGATION = re.compile(r"\b(not|no|never|n't|no longer)\b", re.I)
_HEDGE = re.compile(r"\b(maybe|might|thinking about|considering|perhaps)\b", re.I)


class KeywordBaseline:
    """A plain keyword listener: a sentence with a kind's keyword is a signal of that kind."""

    def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
        """Keyword signals of each note (no closures)."""
        out = []
        for note in notes:
            signals = []
            for match in _SENTENCES.finditer(note.text):
                text = match.group().strip()
                if len(text) < 3:
                    continue
                start = note.text.index(text, match.start())
                for kind, pattern in _KEYWORDS.items():
                    if pattern.search(text):
                        status = (
                            Status.NEGATED
                            if _NEGATION.search(text)
                            else Status.HEDGED
                            if _HEDGE.search(text)
                            else Status.ACTIVE
                        )
                        about = About.USER if kind is SignalKind.COMMITMENT else About.CONTACT
                        signals.append(
                            Signal(
                                kind,
                                text.lower()[:60],
                                text,
                                start,
                                start + len(text),
                                about,
                                status,
                            )
                        )
            out.append(Extraction(tuple(signals)))
        return out


SIGNAL_KINDS = ("interest", "need", "event", "commitment", "caution")
GROUPS = (
    *((k, (k,)) for k in SIGNAL_KINDS),
    ("interest+need", ("interest", "need")),
    ("all", SIGNAL_KINDS),
)


def _rounded(values: tuple[float, float, float]) -> dict[str, float]:
    return dict(zip(("precision", "recall", "f1"), (round(v, 3) for v in values), strict=True))


def system_report(notes: Sequence[GoldNote], run: Replay) -> dict[str, object]:
    """One system's scores: per kind group, status and about accuracy, closures."""
    scores = signal_scores(notes, run.signals)
    closures = run.closures
    return {
        "kinds": {
            label: {
                **_rounded(scores.prf(kinds)),
                "gold": sum(scores.tp[k] + scores.fn[k] for k in kinds),
            }
            for label, kinds in GROUPS
        },
        "status_accuracy": round(scores.status_accuracy, 3),
        "about_accuracy": round(scores.about_accuracy, 3),
        "phrase_f1": round(scores.phrase_f1, 3),
        "event_date_accuracy": round(scores.event_date_accuracy, 3),
        "matched": scores.matched,
        "closures": {
            **_rounded(closures.prf()),
            "how_accuracy": round(closures.how_ok / closures.tp, 3) if closures.tp else 0.0,
            "found": closures.tp + closures.fp,
            "gold": closures.tp + closures.fn,
        },
    }


def writer_report(notes: Sequence[GoldNote], run: Replay) -> dict[str, dict[str, object]]:
    """Interests-and-needs F1 and status accuracy per writer: how much the scores vary."""
    out: dict[str, dict[str, object]] = {}
    for writer in sorted({n.writer for n in notes}):
        mine = [n for n in notes if n.writer == writer]
        scores = signal_scores(mine, run.signals)
        out[writer] = {
            "notes": len(mine),
            "interest+need f1": round(scores.prf(("interest", "need"))[2], 3),
            "status_accuracy": round(scores.status_accuracy, 3),
            "about_accuracy": round(scores.about_accuracy, 3),
        }
    return out


def evaluate_listeners(
    notes: Sequence[GoldNote], systems: dict[str, Listen], per_writer: bool = False
) -> dict[str, Any]:
    """Every system replayed over the notes and scored, side by side."""
    report: dict[str, Any] = {
        "notes": len(notes),
        "gold_signals": sum(len(n.signals) for n in notes),
        "gold_closures": sum(len(n.closures) for n in notes),
    }
    runs = {name: replay(notes, listen) for name, listen in systems.items()}
    report["systems"] = {name: system_report(notes, run) for name, run in runs.items()}
    if per_writer:
        report["writers"] = {name: writer_report(notes, run) for name, run in runs.items()}
    return report


def _matches(gold: GoldNote, other: GoldNote) -> dict[str, str]:
    """Gold signal id -> the other annotation's signal id, paired as the scorer pairs them."""
    pairs = sorted(
        ((min(g.end, o.end) - max(g.start, o.start), g.id, o.id)
         for g in gold.signals for o in other.signals
         if g.kind == o.kind and min(g.end, o.end) > max(g.start, o.start)),
        reverse=True,
    )  # fmt: skip
    used_gold: set[str] = set()
    used_other: set[str] = set()
    out = {}
    for _, g, o in pairs:
        if g not in used_gold and o not in used_other:
            used_gold.add(g)
            used_other.add(o)
            out[g] = o
    return out


def agreement(gold: Sequence[GoldNote], other: Sequence[GoldNote]) -> dict[str, Any]:
    """How well a second annotation of the same notes agrees with the first: the signal scores
    (the second read as a system's output) and closures, a closure agreeing when it closes the
    matching signal in the same note. It bounds what any model can reach on these notes."""
    theirs = {n.id: n for n in other}
    shared = [n for n in gold if n.id in theirs]
    as_heard = {
        n.id: [Signal(SignalKind(s.kind), s.phrase, s.evidence, s.start, s.end, About(s.about),
                      Status(s.status)) for s in theirs[n.id].signals]
        for n in shared
    }  # fmt: skip
    run = Replay(signals=as_heard)
    maps = {n.id: _matches(n, theirs[n.id]) for n in shared}
    for note in shared:
        labeled = {c.target: c for c in note.closures}
        found = {}
        for closure in theirs[note.id].closures:
            earlier, _, signal = closure.target.partition("/")
            back = {o: g for g, o in maps.get(earlier, {}).items()}
            found[f"{earlier}/{back.get(signal, '?')}"] = closure
        for key, closure in found.items():
            if key in labeled:
                run.closures.tp += 1
                run.closures.how_ok += closure.how == labeled[key].how
            else:
                run.closures.fp += 1
        run.closures.fn += sum(1 for key in labeled if key not in found)
    return {"notes": len(shared), **system_report(shared, run)}
