"""Gradient-boosted trees as listening uses them: scikit-learn's fitted trees, walked in NumPy.

Training fits ``HistGradientBoostingClassifier`` (binary, numeric features) in a model's
``fit.py``; listening needs only each tree's split features, thresholds, children and leaf
values, and the sum of the leaves a row reaches. Kept here, the trained listener loads without
importing scikit-learn, as :mod:`giveback.pipelines.learned.linear` does for the logistic
regressions; the tests check that both give the same probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Trees:
    """``HistGradientBoostingClassifier.predict_proba`` for two classes and numeric features.

    Every tree is padded to the same number of nodes, so that all trees step down one level at
    a time for all rows together; a leaf points at itself.
    """

    feature: np.ndarray  # (trees, nodes): the feature a node splits on
    threshold: np.ndarray  # (trees, nodes): go left when the value is at most this
    missing_left: np.ndarray  # (trees, nodes): where a missing (NaN) value goes
    left: np.ndarray  # (trees, nodes): child node indices
    right: np.ndarray
    value: np.ndarray  # (trees, nodes): a leaf's contribution to the log-odds
    baseline: float  # the log-odds before any tree
    depth: int  # the deepest leaf
    classes_: np.ndarray

    @classmethod
    def from_fitted(cls, model: Any) -> Trees:
        """The trees of a fitted binary ``HistGradientBoostingClassifier``."""
        categorical = getattr(model, "is_categorical_", None)  # None when all are numeric
        if len(model.classes_) != 2 or (categorical is not None and np.any(categorical)):
            raise ValueError("only binary models on numeric features are supported")
        nodes = [predictors[0].nodes for predictors in model._predictors]
        width = max((len(n) for n in nodes), default=1)
        shape = (len(nodes), width)
        feature = np.zeros(shape, dtype=np.int64)
        threshold = np.zeros(shape, dtype=np.float64)
        missing_left = np.zeros(shape, dtype=bool)
        left = np.tile(np.arange(width), (len(nodes), 1))  # padding and leaves stay put
        right = left.copy()
        value = np.zeros(shape, dtype=np.float64)
        for t, tree in enumerate(nodes):
            n = len(tree)
            inner = ~tree["is_leaf"].astype(bool)
            feature[t, :n] = tree["feature_idx"]
            threshold[t, :n] = tree["num_threshold"]
            missing_left[t, :n] = tree["missing_go_to_left"].astype(bool)
            left[t, :n] = np.where(inner, tree["left"], np.arange(n))
            right[t, :n] = np.where(inner, tree["right"], np.arange(n))
            value[t, :n] = np.where(inner, 0.0, tree["value"])
        depth = max((int(tree["depth"].max()) for tree in nodes), default=0)
        return cls(
            feature,
            threshold,
            missing_left,
            left,
            right,
            value,
            float(np.asarray(model._baseline_prediction).ravel()[0]),
            depth,
            np.asarray(model.classes_),
        )

    def decision(self, matrix: np.ndarray) -> np.ndarray:
        """Per row, the log-odds of the second class."""
        rows = np.asarray(matrix, dtype=np.float64)
        count, width = self.feature.shape
        size = rows.shape[0]
        # Every (tree, row) walks down at once, in flat arrays; a walk that reached its leaf
        # drops out, so the deep branches of a few trees cost only their own rows.
        leaf = (self.left == np.arange(width)).ravel()
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        missing_left, left, right = self.missing_left.ravel(), self.left.ravel(), self.right.ravel()
        flat_rows = rows.ravel()
        node = np.repeat(np.arange(count) * width, size)  # walk t * size + r starts at t's root
        walking = np.arange(count * size)
        for _ in range(self.depth):
            at = node[walking]
            inner = ~leaf[at]
            walking, at = walking[inner], at[inner]
            if not len(walking):
                break
            values = flat_rows[(walking % size) * rows.shape[1] + feature[at]]
            go_left = np.where(np.isnan(values), missing_left[at], values <= threshold[at])
            node[walking] = np.where(go_left, left[at], right[at]) + (at - at % width)
        total: np.ndarray = self.baseline + self.value.ravel()[node].reshape(count, size).sum(0)
        return total

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """Per row, the probability of each class (in ``classes_`` order)."""
        positive = 1.0 / (1.0 + np.exp(-self.decision(matrix)))
        return np.column_stack([1.0 - positive, positive])
