"""Training the signal model with scikit-learn (listening needs only ``model.py``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.corpus import KINDS
from giveback.pipelines.learned.linear import Logistic
from giveback.pipelines.learned.signals.model import (
    SignalConfig,
    SignalExample,
    SignalModel,
    clause_features,
    kind_truth,
    with_kind,
)
from giveback.pipelines.tfidf import Tfidf


def fit_signal_model(examples: Sequence[SignalExample], config: SignalConfig) -> SignalModel:
    """Learn all three heads (kinds, status, about) from labeled clauses."""
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=config.min_df, sublinear_tf=True)
    words = Tfidf.from_fitted(vectorizer.fit([e.clause.text for e in examples]))
    matrix = clause_features(words, config.previous_weight, examples)
    kinds = []
    for kind in KINDS:
        target = np.array([kind in e.labels for e in examples])
        model = LogisticRegression(
            C=config.kind_c, max_iter=config.max_iter, class_weight="balanced"
        )
        kinds.append(Logistic.from_fitted(model.fit(matrix, target)))
    rows, asked, statuses, abouts = [], [], [], []
    for i, example in enumerate(examples):
        for kind, (status, about) in example.labels.items():
            rows.append(i)
            asked.append(kind)
            statuses.append(status)
            abouts.append(about)
    labeled = with_kind(matrix[rows], asked)
    status = LogisticRegression(C=config.status_c, max_iter=config.max_iter)
    about = LogisticRegression(C=config.about_c, max_iter=config.max_iter)
    return SignalModel(
        config,
        words,
        kinds,
        Logistic.from_fitted(status.fit(labeled, statuses)),
        Logistic.from_fitted(about.fit(labeled, abouts)),
    )


def held_out_probabilities(
    examples: Sequence[SignalExample], writers: Sequence[str], config: SignalConfig, folds: int = 4
) -> tuple[np.ndarray, np.ndarray] | None:
    """Each clause's kind probabilities (clause by kind) from a model fitted without its
    writer's clauses, with the clauses' truths; ``None`` with fewer than two writers.

    Writers are dealt in sorted order into ``folds`` groups. A threshold chosen on one dev
    writer fits that writer's habits; pooled with these, it is chosen over every writer's way
    of putting things (on the train split, writer by writer left out, interests and needs F1
    0.652 -> 0.662)."""
    names = sorted(set(writers))
    if len(names) < 2:
        return None
    groups = [names[i :: min(folds, len(names))] for i in range(min(folds, len(names)))]
    probabilities = np.zeros((len(examples), len(KINDS)))
    for group in groups:
        out = np.array([w in group for w in writers])
        model = fit_signal_model([e for e, o in zip(examples, out, strict=True) if not o], config)
        held = [e for e, o in zip(examples, out, strict=True) if o]
        probabilities[out] = model.kind_probabilities(held)
    return probabilities, kind_truth(examples)
