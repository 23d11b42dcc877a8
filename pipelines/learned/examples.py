"""Labeled notes turned into what the models learn from: clauses with kinds, and pairs.

Each labeled signal is given to the clause its evidence overlaps most, and its phrase is
matched against the phrases that clause could be named by. For closures, every note
of a thread is paired with the signals of the notes before it that were still open (active or
hedged, and not yet closed by an earlier note): the pairs whose clause holds a labeled closure
of that signal are the positives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from giveback.core.domain import OpenSignal, SignalKind
from giveback.pipelines.extraction.listener import Listener
from giveback.pipelines.learned.assemble import same_kind_rule
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.clauses import clauses_of
from giveback.pipelines.learned.closure.model import PairExample
from giveback.pipelines.learned.corpus import OPEN_STATUSES, GoldNote, open_signal, threads
from giveback.pipelines.learned.features import EncodeInner
from giveback.pipelines.learned.listener import closure_pairs, signal_examples
from giveback.pipelines.learned.phrases.candidates import candidates
from giveback.pipelines.learned.phrases.model import PhraseExample
from giveback.pipelines.learned.signals.model import SignalExample, SignalModel


@dataclass(frozen=True, slots=True)
class NoteClauses:
    """A labeled note cut into clauses, with their vectors."""

    note: GoldNote
    clauses: tuple[Clause, ...]
    vectors: np.ndarray
    phrases: tuple[PhraseExample, ...] = ()  # each labeled signal's candidates and phrase
    states: tuple[np.ndarray, ...] = ()  # each clause's token states below the kind tail


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def best_clause(clauses: Sequence[Clause], start: int, end: int) -> int | None:
    """The clause that overlaps ``[start, end)`` most, if any does."""
    best = max(
        range(len(clauses)),
        default=None,
        key=lambda i: _overlap((clauses[i].start, clauses[i].end), (start, end)),
    )
    if best is None or _overlap((clauses[best].start, clauses[best].end), (start, end)) <= 0:
        return None
    return best


class Vectors:
    """Embeddings of texts, each text encoded once however often it is asked for; token states
    below the kind tail are kept only for the texts they are asked for (clauses: the signals'
    own texts would take gigabytes)."""

    def __init__(self, encode: EncodeInner) -> None:
        self._encode = encode
        self._known: dict[str, np.ndarray] = {}
        self._states: dict[str, np.ndarray] = {}

    def of(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text."""
        self._fill([t for t in texts if t not in self._known], keep_states=False)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._known[t] for t in texts])

    def states_of(self, texts: Sequence[str]) -> tuple[np.ndarray, ...]:
        """Each text's token states below the kind tail (tokens by dims)."""
        self._fill([t for t in texts if t not in self._states], keep_states=True)
        return tuple(self._states[t] for t in texts)

    def _fill(self, texts: Sequence[str], keep_states: bool) -> None:
        todo = list(dict.fromkeys(texts))
        if not todo:
            return
        vectors, states = self._encode(todo)
        for text, vector, state in zip(todo, vectors, states, strict=True):
            self._known[text] = np.asarray(vector, dtype=np.float32)
            if keep_states:
                self._states[text] = np.asarray(state, dtype=np.float32)


def cut(listener: Listener, vectors: Vectors, notes: Sequence[GoldNote]) -> list[NoteClauses]:
    """Every note parsed and cut into clauses, with the clauses' vectors."""
    parsed = listener.parse_many([n.note_input() for n in notes])
    out = []
    for note, p in zip(notes, parsed, strict=True):
        clauses = (
            ()
            if p.doc is None
            else tuple(clauses_of(p.doc, p.rule_signals, p.note.contact, p.note.known_contacts))
        )
        phrases = []
        for signal in note.signals if p.doc is not None else ():
            at = best_clause(clauses, signal.start, signal.end)
            if at is None:
                continue
            clause = clauses[at]
            span = p.doc.char_span(clause.start, clause.end, alignment_mode="expand")
            if span is not None and len(span):
                same = same_kind_rule(clause, SignalKind(signal.kind), p.rule_signals)
                rules = same.phrase if same is not None else None
                phrases.append(
                    PhraseExample(tuple(candidates(span, signal.kind, rules)), signal.phrase)
                )
        texts = [c.text for c in clauses]
        states = vectors.states_of(texts)
        out.append(NoteClauses(note, clauses, vectors.of(texts), tuple(phrases), states))
    return out


def signal_training(cut_notes: Sequence[NoteClauses]) -> list[SignalExample]:
    """The clauses of labeled notes, each with the kinds its labeled signals carry."""
    examples = []
    for item in cut_notes:
        if not item.clauses:
            continue
        labels: dict[int, dict[str, tuple[str, str]]] = {}
        for signal in item.note.signals:
            at = best_clause(item.clauses, signal.start, signal.end)
            if at is not None:
                labels.setdefault(at, {}).setdefault(signal.kind, (signal.status, signal.about))
        contact = item.note.note_input().contact
        states = item.states or None
        for i, example in enumerate(signal_examples(item.clauses, item.vectors, contact, states)):
            examples.append(
                SignalExample(
                    example.clause,
                    example.contact_names,
                    example.vector,
                    example.previous,
                    labels.get(i, {}),
                    example.states,
                )
            )
    return examples


def closure_training(
    cut_notes: Sequence[NoteClauses], vectors: Vectors, signals: SignalModel
) -> list[PairExample]:
    """Pairs of open labeled signals and later clauses of the same thread, positives marked
    (``signals``: the trained signal model, whose reading of each clause is a feature)."""
    by_id = {item.note.id: item for item in cut_notes}
    pairs: list[PairExample] = []
    for thread in threads([item.note for item in cut_notes]).values():
        keys: list[str] = []
        opened: list[OpenSignal] = []
        closed: set[str] = set()
        for note in thread:
            item = by_id[note.id]
            live = [(k, s) for k, s in zip(keys, opened, strict=True) if k not in closed]
            if live and item.clauses:
                found: dict[str, tuple[int, str]] = {}
                for c in note.closures:
                    at = best_clause(item.clauses, c.start, c.end)
                    if at is not None:
                        found.setdefault(c.target, (at, c.how))
                signal_vectors = vectors.of([s.evidence for _, s in live])
                phrase_vectors = vectors.of([s.phrase for _, s in live])
                cues = signals.clause_cues(
                    signal_examples(item.clauses, item.vectors, note.note_input().contact)
                )
                for pair, (key, clause_index) in zip(
                    closure_pairs(
                        [s for _, s in live],
                        item.clauses,
                        signal_vectors,
                        phrase_vectors,
                        item.vectors,
                        cues,
                        note.note_input(),
                    ),
                    ((k, c) for k, _ in live for c in range(len(item.clauses))),
                    strict=True,
                ):
                    hit = found.get(key)
                    pair = replace(pair, group=f"{key}@{note.id}", note_key=note.id)
                    if hit is not None and hit[0] == clause_index:
                        pair = replace(pair, closes=True, how=hit[1])
                    pairs.append(pair)
            closed |= {c.target for c in note.closures}
            for signal in note.signals:
                if signal.status in OPEN_STATUSES:
                    keys.append(f"{note.id}/{signal.id}")
                    opened.append(open_signal(note, signal, len(opened)))
    return pairs
