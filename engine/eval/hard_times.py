"""Scoring hard-time detectors on labeled sentences (``giveback eval hard-times``).

Three systems in one run: the lexicon asking has always used
(:func:`giveback.engine.asks.guards.hard_time_in`), the learned model alone, and the two
together (a sentence either hears is a hard time), which is what asking uses. Beside precision,
recall and F1: the recall of each kind of hard time, and how often each kind of near miss is
taken for one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from giveback.engine.asks.guards import hard_time_in
from giveback.engine.catalog.embedding_cache import Encoder
from giveback.pipelines.hard_times.fit import Scores
from giveback.pipelines.hard_times.model import HardTimeModel
from giveback.pipelines.hard_times.ordinary import ordinary_sentences
from giveback.pipelines.hard_times.sentences import (
    HARD_KINDS,
    NOT_KINDS,
    LabeledSentence,
    load_split,
)


def labeled_split(hard_times: Path, corpus: Path, split: str) -> list[LabeledSentence]:
    """One split's sentences: the hard-time writers' (``data/hard_times/<split>``), and the
    ordinary sentences of the same split of the listener's corpus (``data/annotation``) that
    the lexicon hears no hard time in."""
    return [
        *load_split(hard_times, split),
        *ordinary_sentences(corpus, split, lambda text: hard_time_in(text) is not None),
    ]


def _breakdown(said: Sequence[bool], sentences: Sequence[LabeledSentence]) -> dict[str, Any]:
    recall = {}
    for kind in HARD_KINDS:
        of_kind = [s for s, x in zip(said, sentences, strict=True) if x.hard and x.kind == kind]
        if of_kind:
            recall[kind] = round(sum(of_kind) / len(of_kind), 3)
    false_alarms = {}
    for kind in NOT_KINDS:
        of_kind = [s for s, x in zip(said, sentences, strict=True) if not x.hard and x.kind == kind]
        if of_kind:
            false_alarms[kind] = round(sum(of_kind) / len(of_kind), 3)
    return {"recall_by_kind": recall, "false_alarms_by_near_miss": false_alarms}


def evaluate_hard_times(
    sentences: Sequence[LabeledSentence], model: HardTimeModel | None, encoder: Encoder
) -> dict[str, Any]:
    """The scores of the lexicon, the learned model and both together on ``sentences``."""
    gold = [s.hard for s in sentences]
    lexicon = [hard_time_in(s.text) is not None for s in sentences]
    systems: dict[str, list[bool]] = {"lexicon": lexicon}
    if model is not None:
        learned = [bool(h) for h in model.hard(encoder.encode([s.text for s in sentences]))]
        systems["learned"] = learned
        systems["lexicon or learned"] = [a or b for a, b in zip(lexicon, learned, strict=True)]
    return {
        "sentences": len(sentences),
        "hard": sum(gold),
        "writers": sorted({s.writer for s in sentences}),
        "model": model.version if model is not None else None,
        "systems": {
            name: {**Scores.of(said, gold).as_dict(), **_breakdown(said, sentences)}
            for name, said in systems.items()
        },
    }
