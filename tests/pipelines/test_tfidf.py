"""Our TF-IDF gives scikit-learn's numbers: fitted by either, on hard text too."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from giveback.pipelines.tfidf import Tfidf
from giveback.pipelines.wordlists import english_stop_words

TRAIN = [
    "She needs a lawyer for the contract",
    "He is looking for a lawyer, a good one",
    "Loves trail running and trail races",
    "Closed the seed round last week; no longer needs a lawyer",
    "Her son is applying to college this fall",
    "Naïve café owner wants a new espresso machine",
    "needs needs needs a lawyer",
    "the and of to",
]
NEW = [
    "",
    "A LAWYER for the CONTRACT, a lawyer!",
    "trail trail trail running",
    "café naïve espresso 🎉 machine",
    "words nobody trained on",
    "x",
    "Her son's college essays",
]
SETTINGS = [
    {"ngram_range": (1, 2), "min_df": 1, "sublinear_tf": True},
    {"ngram_range": (1, 1), "min_df": 2, "sublinear_tf": False},
    {"ngram_range": (1, 2), "min_df": 1, "sublinear_tf": True, "stop_words": "english"},
]


@pytest.mark.parametrize("options", SETTINGS)
def test_a_copy_of_a_fitted_vectorizer_transforms_alike(options: dict) -> None:
    fitted = TfidfVectorizer(**options).fit(TRAIN)
    got = Tfidf.from_fitted(fitted).transform(NEW + TRAIN).toarray()
    assert np.allclose(got, fitted.transform(NEW + TRAIN).toarray(), atol=1e-12)


@pytest.mark.parametrize("options", SETTINGS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_fitting_here_learns_scikit_learns_vocabulary_and_weights(
    options: dict, dtype: str
) -> None:
    fitted = TfidfVectorizer(**options, dtype=np.dtype(dtype)).fit(TRAIN)
    mine = Tfidf.fit(
        TRAIN,
        ngram_range=options["ngram_range"],
        sublinear_tf=options["sublinear_tf"],
        min_df=options["min_df"],
        stop_words=english_stop_words() if options.get("stop_words") else frozenset(),
        dtype=dtype,
    )
    assert dict(mine.vocabulary) == fitted.vocabulary_
    got = mine.transform(NEW + TRAIN)
    assert got.dtype == np.dtype(dtype)
    tolerance = 1e-6 if dtype == "float32" else 1e-12
    assert np.allclose(got.toarray(), fitted.transform(NEW + TRAIN).toarray(), atol=tolerance)


def test_the_stop_words_are_scikit_learns() -> None:
    assert english_stop_words() == ENGLISH_STOP_WORDS


def test_texts_without_terms_are_refused_as_scikit_learn_refuses_them() -> None:
    with pytest.raises(ValueError):
        Tfidf.fit(["the and of", ""], stop_words=english_stop_words())


def test_a_vectorizer_it_cannot_copy_is_refused() -> None:
    with pytest.raises(ValueError):
        Tfidf.from_fitted(TfidfVectorizer(lowercase=False).fit(TRAIN))


def test_it_pickles_and_loads_as_it_was() -> None:
    fitted = Tfidf.fit(TRAIN, ngram_range=(1, 2), sublinear_tf=True)
    again = pickle.loads(pickle.dumps(fitted))
    assert dict(again.vocabulary) == dict(fitted.vocabulary)
    assert np.allclose(again.transform(NEW).toarray(), fitted.transform(NEW).toarray())
