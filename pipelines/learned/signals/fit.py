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
    owner_features,
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
    owned = with_kind(owner_features(matrix, examples)[rows], asked)
    status = LogisticRegression(C=config.status_c, max_iter=config.max_iter)
    about = LogisticRegression(C=config.about_c, max_iter=config.max_iter)
    return SignalModel(
        config,
        words,
        kinds,
        Logistic.from_fitted(status.fit(labeled, statuses)),
        Logistic.from_fitted(about.fit(owned, abouts)),
    )


def writer_folds(
    examples: Sequence[SignalExample], writers: Sequence[str], config: SignalConfig, folds: int = 4
) -> list[tuple[frozenset[str], SignalModel]]:
    """Signal models each fitted without one group of writers, with that group; none with fewer
    than two writers. Writers are dealt in sorted order into ``folds`` groups."""
    names = sorted(set(writers))
    if len(names) < 2:
        return []
    out = []
    for n in range(min(folds, len(names))):
        group = frozenset(names[n :: min(folds, len(names))])
        kept = [e for e, w in zip(examples, writers, strict=True) if w not in group]
        out.append((group, fit_signal_model(kept, config)))
    return out


def held_out_probabilities(
    examples: Sequence[SignalExample],
    writers: Sequence[str],
    config: SignalConfig,
    folds: int = 4,
    fitted: Sequence[tuple[frozenset[str], SignalModel]] | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Each clause's kind probabilities (clause by kind) from a model fitted without its
    writer's clauses, with the clauses' truths; ``None`` with fewer than two writers.
    ``fitted``: the :func:`writer_folds` models, when they are at hand.

    A threshold chosen on one dev writer fits that writer's habits; pooled with these, it is
    chosen over every writer's way of putting things (on the train split, writer by writer
    left out, interests and needs F1 0.652 -> 0.662)."""
    fitted = writer_folds(examples, writers, config, folds) if fitted is None else fitted
    if not fitted:
        return None
    probabilities = np.zeros((len(examples), len(KINDS)))
    for group, model in fitted:
        out = np.array([w in group for w in writers])
        held = [e for e, o in zip(examples, out, strict=True) if o]
        probabilities[out] = model.kind_probabilities(held)
    return probabilities, kind_truth(examples)
