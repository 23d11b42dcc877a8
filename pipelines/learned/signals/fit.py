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
