"""An introduction is built only from a signal heard surely enough, on both sides (pure)."""

from __future__ import annotations

from datetime import date

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.ranking import (
    RankPolicy,
    RankSignal,
    Relationship,
    TurnedDown,
    candidates,
)

DAY = date(2026, 5, 1)
ITEMS = [
    RankItem(0, "con-priya", "contact", "Priya Raman", "Lawyer.", None, 70),
    RankItem(1, "art-lawyer", "article", "Finding a lawyer", "", None, None),
]
VECTORS = np.eye(2, dtype=np.float32)


def _found(confidence: float) -> tuple[dict[int, object], list[TurnedDown]]:
    need = RankSignal(1, "need", "lawyer", "needs a lawyer", "active", "contact", None, DAY, 0,
                      confidence=confidence)  # fmt: skip
    rel = Relationship(7, "Ana Reis", (need,), ())
    hits = {0: [Hit(0, 0.7, 0.7, 0.7), Hit(1, 0.6, 0.6, 0.6)]}
    down: list[TurnedDown] = []
    found = candidates(rel, ITEMS, hits, VECTORS, VECTORS, DAY, RankPolicy(), {}, down)
    return dict(found), down


def test_a_sure_signal_brings_the_introduction() -> None:
    found, down = _found(0.9)
    assert set(found) == {0, 1} and not down


def test_an_unsure_signal_brings_the_article_but_no_introduction() -> None:
    found, down = _found(0.4)
    assert set(found) == {1}
    (why,) = down
    assert why.item.external_id == "con-priya"
    assert why.why == "an introduction needs a surer signal: heard at 0.40, below 0.60"
