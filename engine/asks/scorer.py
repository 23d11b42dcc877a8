"""The learned ask scorer: how likely a person is the right one to ask, from what is known.

Ranking by hand-set weights (fit plus standing) leaves near misses and people stuck on the same
thing in the top three. A logistic regression, trained on the labeled dev scenarios
(``giveback train --asks``, :mod:`giveback.engine.eval.ask_training`), weighs the same
evidence:
the best sentence and the second, the best note, a limit said of them and how it compares with
their best evidence, their wants (as said, as heard, vague, and the notes they sit in), their
catalog entry, a favor they did, their standing, the hand-set fit, and the share of the need's
rare words in their best sentence and anywhere in what is known of them
(:mod:`giveback.engine.asks.rare_words`). The rules of
:mod:`giveback.engine.asks.guards` still hold people back before it scores anyone.

The artifact is a small JSON file (``models/asks/scorer.json``): the feature names, the
weights, the margin and floor chosen by leaving each dev writer out in turn, and a version
(the hash of all of it).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from giveback.pipelines.json_artifact import VersionedJson

FEATURES = (
    "best_sentence",
    "second_sentence",
    "best_note",
    "limit",
    "limit_over_best",
    "want",
    "heard_want",
    "vague_want",
    "struggle_note",
    "catalog",
    "favor",
    "standing",
    "fit",
    "rare_words_sentence",
    "rare_words_anywhere",
)
# Beside the trained listener (``models/listener/``): where a reader looks for trained models.
DEFAULT_PATH = Path(str(resources.files("giveback.models"))) / "asks" / "scorer.json"


@dataclass(frozen=True)
class AskScorer(VersionedJson):
    """Weights over :data:`FEATURES`; people scoring ``margin`` (log-odds) below the best for
    a need, or under ``floor``, are not asked."""

    weights: tuple[float, ...]
    intercept: float
    margin: float
    floor: float
    trained_on: tuple[str, ...] = ()

    def logit(self, features: np.ndarray) -> float:
        """The log-odds that this person is right to ask."""
        return float(np.dot(self.weights, features) + self.intercept)

    @staticmethod
    def probability(logit: float) -> float:
        """Log-odds as a probability (what a score shows)."""
        return 1.0 / (1.0 + math.exp(-logit))

    def to_dict(self) -> dict[str, Any]:
        """What the artifact holds."""
        return {
            "features": list(FEATURES),
            "weights": [round(w, 8) for w in self.weights],
            "intercept": round(self.intercept, 8),
            "margin": self.margin,
            "floor": self.floor,
            "trained_on": list(self.trained_on),
        }

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> AskScorer | None:
        """The scorer saved at ``path``; ``None`` when there is none or it names other
        features (then asking ranks by the hand-set fit)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data.get("features", ())) != FEATURES:
            return None
        return cls(
            tuple(float(w) for w in data["weights"]),
            float(data["intercept"]),
            float(data["margin"]),
            float(data["floor"]),
            tuple(data.get("trained_on", ())),
        )
