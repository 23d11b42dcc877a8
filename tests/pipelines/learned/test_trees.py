"""The NumPy walk of the fitted trees gives scikit-learn's probabilities."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from giveback.pipelines.learned.trees import Trees


def _fitted(
    classes: int, rows: int = 600
) -> tuple[HistGradientBoostingClassifier, np.random.Generator]:
    rng = np.random.default_rng(11)
    x = rng.random((rows, 5))
    x[rng.random(x.shape) < 0.05] = np.nan  # missing values go the way the tree learned
    y = (np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) * np.nan_to_num(x[:, 2]) * 2).astype(int)
    model = HistGradientBoostingClassifier(
        max_iter=40, max_leaf_nodes=9, early_stopping=False, random_state=0
    )
    return model.fit(x, y % classes), rng


def test_trees_give_the_probabilities_of_scikit_learn() -> None:
    fitted, rng = _fitted(2)
    probe = rng.random((300, 5)) * 1.5 - 0.25
    probe[rng.random(probe.shape) < 0.05] = np.nan
    mine = Trees.from_fitted(fitted)
    assert np.allclose(mine.predict_proba(probe), fitted.predict_proba(probe), atol=1e-12)
    assert list(mine.classes_) == list(fitted.classes_)
    assert mine.depth > 1


def test_a_model_that_learned_no_split_gives_its_baseline() -> None:
    x = np.zeros((50, 3))
    y = np.array([0, 1] * 25)
    fitted = HistGradientBoostingClassifier(max_iter=3, early_stopping=False).fit(x, y)
    mine = Trees.from_fitted(fitted)
    assert mine.depth == 0
    assert np.allclose(mine.predict_proba(x[:4]), fitted.predict_proba(x[:4]))


def test_only_binary_models_are_copied() -> None:
    fitted, _ = _fitted(3)
    with pytest.raises(ValueError, match="binary"):
        Trees.from_fitted(fitted)


def test_a_model_with_categorical_features_is_refused() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.random(200), rng.integers(0, 3, 200)])
    fitted = HistGradientBoostingClassifier(max_iter=3, categorical_features=[1]).fit(
        x, x[:, 0] > 0.5
    )
    with pytest.raises(ValueError, match="numeric"):
        Trees.from_fitted(fitted)
