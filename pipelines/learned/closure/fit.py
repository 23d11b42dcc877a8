"""Training the closure model with scikit-learn (listening needs only ``model.py``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.closure.model import (
    ClosureConfig,
    ClosureModel,
    PairExample,
    how_features,
)
from giveback.pipelines.learned.corpus import HOWS
from giveback.pipelines.learned.linear import Logistic
from giveback.pipelines.tfidf import Tfidf


def fit_closure_model(pairs: Sequence[PairExample], config: ClosureConfig) -> ClosureModel:
    """Learn which pairs close, and how the closing ones do."""
    closes = LogisticRegression(C=config.pair_c, max_iter=config.max_iter, class_weight="balanced")
    closes.fit(ClosureModel.matrix(pairs), np.array([p.closes for p in pairs]))
    closing = [p for p in pairs if p.closes and p.how in HOWS]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    how_words = Tfidf.from_fitted(vectorizer.fit([p.clause.text for p in closing]))
    how = LogisticRegression(C=config.how_c, max_iter=config.max_iter)
    how.fit(how_features(how_words, closing), [p.how for p in closing])
    return ClosureModel(config, Logistic.from_fitted(closes), how_words, Logistic.from_fitted(how))
