"""The phrase model: which part of a clause names what was said ("become a vet", "tent").

Trained on the labeled phrases: for each labeled signal, the clause's candidates (see
``candidates.py``) are scored by how many words they share with the labeled phrase, and a
logistic regression learns to tell the best candidate from the rest by where it sits in the
parse. At listening time the candidate it rates highest names the signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from giveback.pipelines.learned.linear import DictFeatures, Logistic
from giveback.pipelines.learned.phrases.candidates import Candidate


@dataclass(frozen=True, slots=True)
class PhraseExample:
    """The candidates of one labeled signal's clause, and the phrase it was labeled with."""

    candidates: tuple[Candidate, ...]
    gold: str


@dataclass
class PhraseConfig:
    """The knobs of the phrase model (``models/listener/config.toml``)."""

    c: float = 1.0
    max_iter: int = 3000


class PhraseModel:
    """Chooses a clause's phrase among its candidates; trained by ``fit.py`` (``None`` parts:
    too few labeled phrases to learn from, and the parse rules name it)."""

    def __init__(
        self,
        config: PhraseConfig,
        features: DictFeatures | None = None,
        model: Logistic | None = None,
    ) -> None:
        self.config = config
        self.features = features
        self.model = model

    def choose(self, candidates: Sequence[Candidate]) -> str | None:
        """The text of the candidate most likely to be the phrase (``None`` if there is none,
        or if the model learned nothing)."""
        if not candidates or self.features is None or self.model is None:
            return None
        matrix = self.features.transform([c.features for c in candidates])
        scores = self.model.predict_proba(matrix)[:, 1]
        return candidates[int(np.argmax(scores))].text
