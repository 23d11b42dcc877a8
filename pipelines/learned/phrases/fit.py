"""Training the phrase model with scikit-learn (listening needs only ``model.py``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.linear import DictFeatures, Logistic
from giveback.pipelines.learned.phrases.model import PhraseConfig, PhraseExample, PhraseModel
from giveback.pipelines.learned.phrases.overlap import phrase_overlap

# A candidate sharing less than this with the labeled phrase teaches nothing as a positive.
MIN_OVERLAP = 0.5


def fit_phrase_model(examples: Sequence[PhraseExample], config: PhraseConfig) -> PhraseModel:
    """Learn from labeled signals whose clause has a candidate close to the label."""
    rows: list[dict[str, float]] = []
    target: list[bool] = []
    for example in examples:
        scores = [phrase_overlap(c.text, example.gold) for c in example.candidates]
        if not scores or max(scores) < MIN_OVERLAP:
            continue
        # Ties go to the shorter candidate: the label names the matter, not its setting.
        best = max(range(len(scores)), key=lambda i: (scores[i], -len(example.candidates[i].text)))
        for i, candidate in enumerate(example.candidates):
            rows.append(candidate.features)
            target.append(i == best)
    if len(set(target)) < 2:
        return PhraseModel(config)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=config.c, max_iter=config.max_iter).fit(matrix, np.array(target))
    return PhraseModel(config, DictFeatures.from_fitted(vectorizer), Logistic.from_fitted(model))
