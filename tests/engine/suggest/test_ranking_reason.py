"""A give found by two signals is given for the one it answers (pure, no models)."""

from __future__ import annotations

from datetime import date

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.ranking import (
    Candidate,
    RankPolicy,
    RankSignal,
    Relationship,
    candidates,
)

AS_OF = date(2026, 6, 1)
ITEM = RankItem(0, "rust-article", "article", "Rust for Go developers", "", None, None)


def _signal(row: int, kind: str, evidence: str) -> RankSignal:
    return RankSignal(row, kind, evidence, evidence, "active", "contact", None, AS_OF, row)


def _found(rust: float, talks: float, item: RankItem = ITEM) -> Candidate:
    """The Rust article as found by an interest in Rust and a need to speak at conferences
    (which weighs more), matched at these cosines."""
    rel = Relationship(
        7,
        "Aisha",
        (
            _signal(0, "interest", "she is learning Rust alongside her team"),
            _signal(1, "need", "she might start speaking at conferences"),
        ),
    )
    hits = {0: [Hit(0, rust, 0.0, rust)], 1: [Hit(0, talks, 0.0, talks)]}
    vectors = np.eye(2, dtype=np.float32)
    return candidates(rel, [item], hits, vectors[:1], vectors, AS_OF, RankPolicy())[0]


def test_a_give_is_given_for_the_signal_it_matches_clearly_best() -> None:
    assert "Rust" in _found(rust=0.6, talks=0.45).signal.evidence
    # Close matches: the signal whose words name the give ("Rust")...
    assert "Rust" in _found(rust=0.5, talks=0.47).signal.evidence
    # ... and when neither's do, the one that scores it higher (the need, which weighs more).
    unnamed = RankItem(0, "systems", "article", "Systems programming for gophers", "", None, None)
    assert "conferences" in _found(rust=0.5, talks=0.47, item=unnamed).signal.evidence
    assert "Rust" in _found(rust=0.6, talks=0.45, item=unnamed).signal.evidence


def test_the_score_is_the_best_either_signal_gives() -> None:
    weights = RankPolicy().kind_weight
    best = max(weights["need"] * 0.45, weights["interest"] * 0.6)
    assert abs(_found(rust=0.6, talks=0.45).score - best) < 1e-6
