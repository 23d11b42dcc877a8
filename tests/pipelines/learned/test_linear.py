"""The NumPy copies of the trained parts give scikit-learn's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.linear import DictFeatures, Logistic


def test_dict_features_equal_scikit_learn() -> None:
    rows = [{"root": 1.0, "words": 0.25}, {"noun": 1.0, "share": 0.5}, {"root": 1.0, "noun": 1.0}]
    fitted = DictVectorizer().fit(rows)
    new = [{"root": 1.0, "unseen": 3.0}, {}, {"share": 0.75, "words": 1.0}]
    assert np.allclose(
        DictFeatures.from_fitted(fitted).transform(new).toarray(), fitted.transform(new).toarray()
    )


@pytest.mark.parametrize("classes", [2, 4])
def test_logistic_probabilities_and_classes_equal_scikit_learn(classes: int) -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(80, 6))
    y = np.array([f"c{v}" for v in (x[:, 0] * 3 + x[:, 1]).astype(int) % classes])
    fitted = LogisticRegression(max_iter=500).fit(x, y)
    mine = Logistic.from_fitted(fitted)
    probe = rng.normal(size=(20, 6)) * 5
    assert np.allclose(mine.predict_proba(probe), fitted.predict_proba(probe), atol=1e-12)
    assert list(mine.predict(probe)) == list(fitted.predict(probe))
    assert list(mine.classes_) == list(fitted.classes_)
