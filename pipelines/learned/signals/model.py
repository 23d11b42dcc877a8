"""The signal model: which kinds of signal a clause carries, and each one's status and owner.

Three heads over the same features (the clause's embedding, the previous clause's embedding at
half weight, TF-IDF of its words and bigrams, and its shape with what the rules heard):

- kind: one logistic regression per kind (a clause can be a negated interest and a caution),
  each with a threshold chosen on the dev split for F1;
- status (active, negated, hedged, resolved) and about (contact, third party, user): one
  multinomial logistic regression each, given the clause and the kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.corpus import KINDS
from giveback.pipelines.learned.features import shape


@dataclass(frozen=True, slots=True)
class SignalExample:
    """A clause with its embeddings and, when labeled, the kinds it carries."""

    clause: Clause
    contact_names: tuple[str, ...]
    vector: np.ndarray
    previous: np.ndarray
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> (status, about)


@dataclass(frozen=True, slots=True)
class Heard:
    """One kind of signal the model hears in a clause."""

    kind: str
    probability: float
    status: str
    about: str


@dataclass
class SignalConfig:
    """The knobs of the signal model (``models/listener/config.toml``)."""

    kind_c: float = 4.0
    status_c: float = 4.0
    about_c: float = 4.0
    previous_weight: float = 0.5
    min_df: int = 2
    max_iter: int = 3000


class SignalModel:
    """Kinds, status and about of clauses; trained with :meth:`fit`, used with :meth:`hear`."""

    def __init__(self, config: SignalConfig | None = None) -> None:
        self.config = config or SignalConfig()
        self.words = TfidfVectorizer(
            ngram_range=(1, 2), min_df=self.config.min_df, sublinear_tf=True
        )
        self.kinds: list[LogisticRegression] = []
        self.thresholds: dict[str, float] = dict.fromkeys(KINDS, 0.5)
        self.status = LogisticRegression(C=self.config.status_c, max_iter=self.config.max_iter)
        self.about = LogisticRegression(C=self.config.about_c, max_iter=self.config.max_iter)

    # -- features ---------------------------------------------------------------------------
    def _matrix(self, examples: Sequence[SignalExample]) -> sparse.csr_matrix:
        vectors = np.stack([e.vector for e in examples])
        previous = np.stack([e.previous for e in examples]) * self.config.previous_weight
        shapes = np.array([shape(e.clause, e.contact_names) for e in examples])
        words = self.words.transform([e.clause.text for e in examples])
        return sparse.hstack(
            [
                sparse.csr_matrix(vectors),
                sparse.csr_matrix(previous),
                words,
                sparse.csr_matrix(shapes),
            ]
        ).tocsr()

    @staticmethod
    def _with_kind(matrix: sparse.csr_matrix, kinds: Sequence[str]) -> sparse.csr_matrix:
        onehot = np.array([[float(k == kind) for kind in KINDS] for k in kinds])
        return sparse.hstack([matrix, sparse.csr_matrix(onehot)]).tocsr()

    # -- training ---------------------------------------------------------------------------
    def fit(self, examples: Sequence[SignalExample]) -> SignalModel:
        """Learn all three heads from labeled clauses."""
        self.words.fit([e.clause.text for e in examples])
        matrix = self._matrix(examples)
        self.kinds = []
        for kind in KINDS:
            target = np.array([kind in e.labels for e in examples])
            model = LogisticRegression(
                C=self.config.kind_c, max_iter=self.config.max_iter, class_weight="balanced"
            )
            self.kinds.append(model.fit(matrix, target))
        rows, kinds, statuses, abouts = [], [], [], []
        for i, example in enumerate(examples):
            for kind, (status, about) in example.labels.items():
                rows.append(i)
                kinds.append(kind)
                statuses.append(status)
                abouts.append(about)
        labeled = self._with_kind(matrix[rows], kinds)
        self.status.fit(labeled, statuses)
        self.about.fit(labeled, abouts)
        return self

    def kind_probabilities(self, examples: Sequence[SignalExample]) -> np.ndarray:
        """Per clause and kind (in :data:`KINDS` order), the probability the clause carries it."""
        if not examples:
            return np.zeros((0, len(KINDS)))
        matrix = self._matrix(examples)
        return np.column_stack([m.predict_proba(matrix)[:, 1] for m in self.kinds])

    def tune_thresholds(self, examples: Sequence[SignalExample]) -> dict[str, float]:
        """Per kind, the threshold with the best F1 on these (dev) clauses."""
        probabilities = self.kind_probabilities(examples)
        for j, kind in enumerate(KINDS):
            truth = np.array([kind in e.labels for e in examples])
            best = (0.0, 0.5)
            for threshold in np.arange(0.3, 0.91, 0.05):
                predicted = probabilities[:, j] >= threshold
                tp = int((predicted & truth).sum())
                f1 = 2 * tp / max(int(predicted.sum()) + int(truth.sum()), 1)
                best = max(best, (f1, round(float(threshold), 2)))
            self.thresholds[kind] = best[1]
        return dict(self.thresholds)

    def clause_cues(self, examples: Sequence[SignalExample]) -> np.ndarray:
        """Per clause: the probability of each kind, then for each kind the probabilities of
        each status (what the closure model reads: "found a lawyer" reads as a met need)."""
        if not examples:
            return np.zeros((0, len(KINDS) * (1 + len(self.status.classes_))))
        matrix = self._matrix(examples)
        kinds = np.column_stack([m.predict_proba(matrix)[:, 1] for m in self.kinds])
        statuses = [self.status.predict_proba(self._with_kind(matrix, [kind] * len(examples)))
                    for kind in KINDS]  # fmt: skip
        return np.hstack([kinds, *statuses])

    # -- hearing ----------------------------------------------------------------------------
    def hear(self, examples: Sequence[SignalExample]) -> list[list[Heard]]:
        """For each clause, the kinds heard in it (above their thresholds), most likely first."""
        probabilities = self.kind_probabilities(examples)
        found = [
            (i, KINDS[j], float(probabilities[i, j]))
            for i in range(len(examples))
            for j in range(len(KINDS))
            if probabilities[i, j] >= self.thresholds[KINDS[j]]
        ]
        out: list[list[Heard]] = [[] for _ in examples]
        if not found:
            return out
        labeled = self._with_kind(
            self._matrix(examples)[[i for i, _, _ in found]], [k for _, k, _ in found]
        )
        statuses = self.status.predict(labeled)
        abouts = self.about.predict(labeled)
        for (i, kind, p), status, about in zip(found, statuses, abouts, strict=True):
            out[i].append(Heard(kind, p, str(status), str(about)))
        for heard in out:
            heard.sort(key=lambda h: -h.probability)
        return out
