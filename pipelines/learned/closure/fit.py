"""Training the closure model with scikit-learn (listening needs only ``model.py``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.closure.model import (
    CLOSER_CLOSES,
    ClosureConfig,
    ClosureModel,
    PairExample,
    how_features,
)
from giveback.pipelines.learned.corpus import HOWS
from giveback.pipelines.learned.linear import Logistic
from giveback.pipelines.learned.trees import Trees
from giveback.pipelines.tfidf import Tfidf


def fit_closure_model(pairs: Sequence[PairExample], config: ClosureConfig) -> ClosureModel:
    """Learn which pairs close, and how the closing ones do."""
    matrix = ClosureModel.matrix(pairs)
    rising = [1] * CLOSER_CLOSES + [0] * (matrix.shape[1] - CLOSER_CLOSES)
    # Seeded, and no early stopping (which would hold out a random tenth of the pairs): the
    # same pairs give the same trees.
    closes = HistGradientBoostingClassifier(
        max_iter=config.trees,
        learning_rate=config.learning_rate,
        max_leaf_nodes=config.leaves,
        min_samples_leaf=config.min_leaf,
        l2_regularization=config.l2,
        class_weight="balanced",
        early_stopping=False,
        random_state=0,
        monotonic_cst=rising,
    )
    truth = np.array([p.closes for p in pairs])
    closes.fit(matrix, truth)
    linear = LogisticRegression(C=config.pair_c, max_iter=config.max_iter, class_weight="balanced")
    linear.fit(ClosureModel.linear_matrix(pairs, matrix), truth)
    closing = [p for p in pairs if p.closes and p.how in HOWS]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    how_words = Tfidf.from_fitted(vectorizer.fit([p.clause.text for p in closing]))
    how = LogisticRegression(C=config.how_c, max_iter=config.max_iter)
    how.fit(how_features(how_words, closing), [p.how for p in closing])
    return ClosureModel(
        config,
        Trees.from_fitted(closes),
        Logistic.from_fitted(linear),
        how_words,
        Logistic.from_fitted(how),
    )
