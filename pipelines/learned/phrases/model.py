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
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.phrases.candidates import Candidate
from giveback.pipelines.learned.phrases.overlap import phrase_overlap

# A candidate sharing less than this with the labeled phrase teaches nothing as a positive.
MIN_OVERLAP = 0.5


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
    """Chooses a clause's phrase among its candidates; trained with :meth:`fit`."""

    def __init__(self, config: PhraseConfig | None = None) -> None:
        self.config = config or PhraseConfig()
        self.features = DictVectorizer()
        self.model = LogisticRegression(C=self.config.c, max_iter=self.config.max_iter)
        self.fitted = False  # too few labeled phrases to learn from: the parse rules name it

    def fit(self, examples: Sequence[PhraseExample]) -> PhraseModel:
        """Learn from labeled signals whose clause has a candidate close to the label."""
        rows: list[dict[str, float]] = []
        target: list[bool] = []
        for example in examples:
            scores = [phrase_overlap(c.text, example.gold) for c in example.candidates]
            if not scores or max(scores) < MIN_OVERLAP:
                continue
            # Ties go to the shorter candidate: the label names the matter, not its setting.
            best = max(
                range(len(scores)), key=lambda i: (scores[i], -len(example.candidates[i].text))
            )
            for i, candidate in enumerate(example.candidates):
                rows.append(candidate.features)
                target.append(i == best)
        if len(set(target)) < 2:
            return self
        self.model.fit(self.features.fit_transform(rows), np.array(target))
        self.fitted = True
        return self

    def choose(self, candidates: Sequence[Candidate]) -> str | None:
        """The text of the candidate most likely to be the phrase (``None`` if there is none,
        or if the model learned nothing)."""
        if not candidates or not self.fitted:
            return None
        matrix = self.features.transform([c.features for c in candidates])
        scores = self.model.predict_proba(matrix)[:, 1]
        return candidates[int(np.argmax(scores))].text
