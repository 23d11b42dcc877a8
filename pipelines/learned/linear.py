"""The trained parts as listening uses them: feature dicts and logistic regressions in NumPy.

Training fits scikit-learn's DictVectorizer and LogisticRegression (and TfidfVectorizer, see
:mod:`giveback.pipelines.tfidf`) in each model's ``fit.py``; what listening needs of them is a
vocabulary, a few arrays and a formula. Kept in these small classes, the trained listener loads
without importing scikit-learn (a second of every command). ``from_fitted`` copies a fitted
estimator; the tests check that both give the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class DictFeatures:
    """``DictVectorizer.transform`` for dicts of numeric features (unknown names dropped)."""

    vocabulary: Mapping[str, int]

    @classmethod
    def from_fitted(cls, vectorizer: Any) -> DictFeatures:
        """The feature names of a fitted ``DictVectorizer``."""
        return cls({str(k): int(v) for k, v in vectorizer.vocabulary_.items()})

    def transform(self, rows: Sequence[Mapping[str, float]]) -> sparse.csr_matrix:
        """One row of feature values per dict."""
        matrix = sparse.lil_matrix((len(rows), len(self.vocabulary)), dtype=np.float64)
        for i, row in enumerate(rows):
            for name, value in row.items():
                column = self.vocabulary.get(name)
                if column is not None:
                    matrix[i, column] += float(value)
        return matrix.tocsr()


@dataclass(frozen=True)
class Logistic:
    """``LogisticRegression``'s ``predict_proba`` and ``predict`` (binary or multinomial)."""

    coef: np.ndarray  # (1, features) for two classes, else (classes, features)
    intercept: np.ndarray
    classes_: np.ndarray

    @classmethod
    def from_fitted(cls, model: Any) -> Logistic:
        """The weights and classes of a fitted ``LogisticRegression``."""
        return cls(
            np.asarray(model.coef_, dtype=np.float64),
            np.asarray(model.intercept_, dtype=np.float64),
            np.asarray(model.classes_),
        )

    def _decision(self, matrix: Any) -> np.ndarray:
        scores: np.ndarray = np.asarray(matrix @ self.coef.T) + self.intercept
        return scores

    def predict_proba(self, matrix: Any) -> np.ndarray:
        """Per row, the probability of each class (in ``classes_`` order)."""
        scores = self._decision(matrix)
        if len(self.classes_) == 2:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def predict(self, matrix: Any) -> np.ndarray:
        """Per row, the most likely class."""
        scores = self._decision(matrix)
        if len(self.classes_) == 2:
            return np.asarray(self.classes_[(scores[:, 0] > 0).astype(int)])
        return np.asarray(self.classes_[scores.argmax(axis=1)])
