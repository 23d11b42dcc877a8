"""Training the hard-time detector on labeled sentences (``giveback train --hard-times``).

A logistic regression (scikit-learn, lbfgs: deterministic) learns from the train writers'
sentences; the threshold is the one with the best F1 on the dev writers; test is never read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from giveback.pipelines.hard_times.model import HardTimeModel
from giveback.pipelines.hard_times.sentences import LabeledSentence

# Thresholds tried on dev, coarse on purpose: a few hundred dev sentences cannot tell 0.52
# from 0.55.
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(15))


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of "hard" on labeled sentences."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, said: Sequence[bool], gold: Sequence[bool]) -> Scores:
        """The scores of ``said`` against ``gold``."""
        hits = sum(1 for s, g in zip(said, gold, strict=True) if s and g)
        precision = hits / max(sum(said), 1)
        recall = hits / max(sum(gold), 1)
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        return cls(round(precision, 3), round(recall, 3), round(f1, 3))

    def as_dict(self) -> dict[str, float]:
        """The scores by name."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def fit(
    train: Sequence[LabeledSentence],
    dev: Sequence[LabeledSentence],
    encode: Callable[[Sequence[str]], np.ndarray],
    embedding_model: str,
    c: float = 1.0,
    threshold: float | None = None,
) -> tuple[HardTimeModel, dict[str, Any]]:
    """The model learned from ``train`` with ``threshold``, or else the one with the best F1
    on ``dev``; and its card (the dev scores at both)."""
    # scikit-learn loads only when the detector is trained: `giveback train` is in every
    # command's help, and the import costs a second.
    from sklearn.linear_model import LogisticRegression

    x = encode([s.text for s in train])
    y = np.array([s.hard for s in train])
    # Balanced: the writers were asked for more near misses than hard times.
    regression = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    regression.fit(x, y)
    draft = HardTimeModel(
        regression.coef_[0].astype(np.float64), float(regression.intercept_[0]), 0.5,
        embedding_model,
    )  # fmt: skip
    dev_probabilities = draft.probabilities(encode([s.text for s in dev]))
    gold = [s.hard for s in dev]
    by_threshold = {t: Scores.of(list(dev_probabilities >= t), gold) for t in THRESHOLDS}
    # The best F1; of equals, the higher threshold (a false alarm skips a helper for months).
    best = max(THRESHOLDS, key=lambda t: (by_threshold[t].f1, t))
    if threshold is None:
        threshold = best
    elif threshold not in by_threshold:
        by_threshold[threshold] = Scores.of(list(dev_probabilities >= threshold), gold)
    writers = tuple(sorted({s.writer for s in train}))
    model = HardTimeModel(draft.weights, draft.intercept, threshold, embedding_model, writers)
    card = {
        "version": model.version,
        "c": c,
        "threshold": threshold,
        "best_dev_threshold": best,
        "train": {"writers": list(writers), "sentences": len(train), "hard": int(y.sum())},
        "dev": {
            "writers": sorted({s.writer for s in dev}),
            "sentences": len(dev),
            "hard": sum(gold),
            "learned": by_threshold[threshold].as_dict(),
            "learned_at_best_threshold": by_threshold[best].as_dict(),
        },
    }
    return model, card
