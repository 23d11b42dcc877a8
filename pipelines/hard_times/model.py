"""The learned hard-time detector: a logistic regression over a sentence's embedding.

A lexicon of hard-time words is exact on the wording it knows and deaf to the rest ("went very
quickly in the end", "round 3 of 6 done, hair coming out"). This model reads what a sentence
means, from the same MiniLM vectors the rest of Giveback embeds, and says how likely it tells
of a hard time now. It is trained on labeled sentences (``giveback train --hard-times``), and
its artifact is a small JSON file (``models/hard_times/hard_time.json``): the weights, the
threshold chosen on the dev writers, the embedding model the weights belong to, and a version
(the hash of all of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from giveback.pipelines.json_artifact import VersionedJson, load_checked

# Beside the other trained models (``models/``): where a reader looks for them.
DEFAULT_PATH = Path(str(resources.files("giveback.models"))) / "hard_times" / "hard_time.json"
FORMAT = 1


@dataclass(frozen=True)
class HardTimeModel(VersionedJson):
    """Weights over a sentence embedding; a sentence at or above ``threshold`` is a hard time."""

    weights: np.ndarray
    intercept: float
    threshold: float
    embedding_model: str  # the weights mean something only for this model's vectors
    trained_on: tuple[str, ...] = ()

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """How likely each embedded sentence tells of a hard time now."""
        if len(vectors) == 0:
            return np.zeros(0)
        logits = np.asarray(vectors, dtype=np.float64) @ self.weights + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def hard(self, vectors: np.ndarray) -> np.ndarray:
        """Whether each embedded sentence is heard as a hard time."""
        return self.probabilities(vectors) >= self.threshold

    def reads(self, embedding_model: str) -> bool:
        """Whether this model's weights fit vectors of ``embedding_model``."""
        return embedding_model == self.embedding_model

    def to_dict(self) -> dict[str, Any]:
        """What the artifact holds."""
        return {
            "format": FORMAT,
            "embedding_model": self.embedding_model,
            "weights": [round(float(w), 8) for w in self.weights],
            "intercept": round(self.intercept, 8),
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
        }

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> HardTimeModel | None:
        """The model saved at ``path``; ``None`` when there is none (asking then hears hard
        times by the lexicon alone). A damaged file is an error, never a silent lexicon-only
        guard: ``ModelUnavailable`` names it and says how to rebuild it."""

        def build(data: dict[str, Any]) -> HardTimeModel:
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, not {FORMAT}")
            model = cls(
                np.asarray(data["weights"], dtype=np.float64),
                float(data["intercept"]),
                float(data["threshold"]),
                str(data["embedding_model"]),
                tuple(str(w) for w in data.get("trained_on", ())),
            )
            if model.weights.ndim != 1 or not np.isfinite(model.weights).all():
                raise ValueError("the weights are not one row of numbers")
            return model

        return load_checked(path, "hard-time model", "giveback train --hard-times", build)
