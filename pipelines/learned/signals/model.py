"""The signal model: which kinds of signal a clause carries, and each one's status and owner.

Three heads over the same features (the clause's embedding, the previous clause's embedding at
half weight, TF-IDF of its words and bigrams, and its shape with what the rules heard):

- kind: one logistic regression per kind (a clause can be a negated interest and a caution),
  averaged with the kind tail (the embedding model's top layers tuned to hear kinds: ``tail.py``)
  where the model has one, each kind with a threshold chosen on the dev split for F1;
- status (active, negated, hedged, resolved) and about (contact, third party, user): one
  multinomial logistic regression each, given the clause and the kind; the about head also
  reads whom the clause's line is about (its heading, the clause before it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.corpus import KINDS
from giveback.pipelines.learned.features import context, shape
from giveback.pipelines.learned.linear import Logistic
from giveback.pipelines.learned.signals.tail import KindTail
from giveback.pipelines.tfidf import Tfidf


@dataclass(frozen=True, slots=True)
class SignalExample:
    """A clause with its embeddings and, when labeled, the kinds it carries."""

    clause: Clause
    contact_names: tuple[str, ...]
    vector: np.ndarray
    previous: np.ndarray
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> (status, about)
    states: np.ndarray | None = None  # its token states below the kind tail (tokens by dims)


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
    # A need read as active by less than this over met or given up is heard so (see
    # lean_from_active).
    settled_lean: float = 0.0
    # The kind tail's share of a kind's probability (the logistic heads have the rest), for the
    # kinds it speaks to.
    tail_weight: float = 0.5
    tail_kinds: tuple[str, ...] = KINDS
    # Thresholds set rather than tuned, per kind: the dev F1 is flat around them, and a tuned
    # one moved with float rounding between two trainings of the same model (need 0.55 / 0.60).
    thresholds: dict[str, float] = field(default_factory=dict)


def clause_features(
    words: Tfidf, previous_weight: float, examples: Sequence[SignalExample]
) -> sparse.csr_matrix:
    """The clauses' features: their embeddings, the previous clause's (weighted), their words
    (tf-idf) and their shape."""
    vectors = np.stack([e.vector for e in examples])
    previous = np.stack([e.previous for e in examples]) * previous_weight
    shapes = np.array([shape(e.clause, e.contact_names) for e in examples])
    return sparse.hstack(
        [
            sparse.csr_matrix(vectors),
            sparse.csr_matrix(previous),
            words.transform([e.clause.text for e in examples]),
            sparse.csr_matrix(shapes),
        ]
    ).tocsr()


def owner_features(
    matrix: sparse.csr_matrix, examples: Sequence[SignalExample]
) -> sparse.csr_matrix:
    """The clauses' features with whom their line is about (``context``), for the owner head
    alone: the kinds and statuses read the clause as it is said, whoever's line it is on."""
    lines = np.array([context(e.clause) for e in examples]).reshape(len(examples), -1)
    return sparse.hstack([matrix, sparse.csr_matrix(lines)]).tocsr()


def lean_from_active(
    probabilities: np.ndarray, classes: Sequence[str], kinds: Sequence[str], lean: float
) -> list[str]:
    """Each row's status, the likeliest, except that a need read as active by less than
    ``lean`` over met or given up (resolved or negated, whichever is likelier) is heard so.

    The two mistakes cost differently: a met or dropped need read as active is offered help
    for what is done or no longer wanted ("license renewed in April, all good" read active by
    0.49 to 0.48 brought a renewal guide; "so she's stopped looking for a tutor" read active
    by 0.53 to 0.44 negated), the most harmful give there is; an active need read as settled
    loses one give. ``lean`` is chosen on the dev suggestion networks."""
    active, resolved = classes.index("active"), classes.index("resolved")
    negated = classes.index("negated")
    out = [classes[int(j)] for j in probabilities.argmax(axis=1)]
    for n, kind in enumerate(kinds):
        row = probabilities[n]
        settled = resolved if row[resolved] >= row[negated] else negated
        if kind == "need" and out[n] == "active" and row[settled] + lean >= row[active]:
            out[n] = classes[settled]
    return out


def kind_truth(examples: Sequence[SignalExample]) -> np.ndarray:
    """Clause by kind (in :data:`KINDS` order): whether the clause is labeled with the kind."""
    truth = np.array([[kind in e.labels for kind in KINDS] for e in examples], dtype=bool)
    return truth.reshape(len(examples), len(KINDS))


def with_kind(matrix: sparse.csr_matrix, kinds: Sequence[str]) -> sparse.csr_matrix:
    """The clause features with the kind they are asked about, one-hot, at the end."""
    onehot = np.array([[float(k == kind) for kind in KINDS] for k in kinds])
    return sparse.hstack([matrix, sparse.csr_matrix(onehot)]).tocsr()


class SignalModel:
    """Kinds, status and about of clauses, as trained by ``fit.py``; used with :meth:`hear`."""

    def __init__(
        self,
        config: SignalConfig,
        words: Tfidf,
        kinds: Sequence[Logistic],
        status: Logistic,
        about: Logistic,
        tail: KindTail | None = None,
    ) -> None:
        self.config = config
        self.words = words
        self.kinds = list(kinds)  # one per kind, in KINDS order
        self.tail = tail
        self.thresholds: dict[str, float] = dict.fromkeys(KINDS, 0.5)
        self.status = status
        self.about = about

    # -- features ---------------------------------------------------------------------------
    def matrix(self, examples: Sequence[SignalExample]) -> sparse.csr_matrix:
        """The clauses' features: embeddings, the previous clause's, words, shape."""
        return clause_features(self.words, self.config.previous_weight, examples)

    def linear_kind_probabilities(self, examples: Sequence[SignalExample]) -> np.ndarray:
        """Per clause and kind (in :data:`KINDS` order), the logistic heads' probability."""
        if not examples:
            return np.zeros((0, len(KINDS)))
        matrix = self.matrix(examples)
        return np.column_stack([m.predict_proba(matrix)[:, 1] for m in self.kinds])

    def kind_probabilities(self, examples: Sequence[SignalExample]) -> np.ndarray:
        """Per clause and kind (in :data:`KINDS` order), the probability the clause carries it:
        the logistic heads', averaged with the kind tail's where the model has one."""
        linear = self.linear_kind_probabilities(examples)
        if self.tail is None or not examples:
            return linear
        tail = self._tail_probabilities(examples)
        weight = np.array([self.config.tail_weight * (k in self.config.tail_kinds) for k in KINDS])
        return np.asarray((1.0 - weight) * linear + weight * tail)

    def _tail_probabilities(self, examples: Sequence[SignalExample]) -> np.ndarray:
        # The kind tail's probabilities; it reads token states, which every clause must have.
        assert self.tail is not None
        states = [e.states for e in examples]
        if any(s is None for s in states):
            raise ValueError("the kind tail needs every clause's token states")
        return self.tail.probabilities([s for s in states if s is not None])

    def tune_thresholds(
        self,
        examples: Sequence[SignalExample],
        held_out: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> dict[str, float]:
        """Per kind, the threshold with the best F1 on these (dev) clauses, pooled with
        ``held_out``: probabilities and truths (clause by kind) of train clauses, each from a
        model that never saw its writer (see ``fit.held_out_probabilities``), for the kinds
        the kind tail does not speak to; a kind the config sets a threshold for keeps it."""
        dev_probabilities = self.kind_probabilities(examples)
        dev_truth = kind_truth(examples)
        for j, kind in enumerate(KINDS):
            probabilities, truth = dev_probabilities[:, j], dev_truth[:, j]
            # The held-out probabilities are the logistic heads' alone: they are pooled only
            # for a kind the tail does not speak to.
            if held_out is not None and (self.tail is None or kind not in self.config.tail_kinds):
                probabilities = np.concatenate([probabilities, held_out[0][:, j]])
                truth = np.concatenate([truth, held_out[1][:, j]])
            best = (0.0, 0.5)
            for threshold in np.arange(0.3, 0.91, 0.05):
                predicted = probabilities >= threshold
                tp = int((predicted & truth).sum())
                f1 = 2 * tp / max(int(predicted.sum()) + int(truth.sum()), 1)
                best = max(best, (f1, round(float(threshold), 2)))
            self.thresholds[kind] = self.config.thresholds.get(kind, best[1])
        return dict(self.thresholds)

    def clause_cues(self, examples: Sequence[SignalExample]) -> np.ndarray:
        """Per clause: the probability of each kind, then for each kind the probabilities of
        each status (what the closure model reads: "found a lawyer" reads as a met need)."""
        if not examples:
            return np.zeros((0, len(KINDS) * (1 + len(self.status.classes_))))
        # The logistic heads alone: the closure model learned its pairs from models without a
        # tail (the writer folds), and reads cues as those gave them.
        matrix = self.matrix(examples)
        kinds = np.column_stack([m.predict_proba(matrix)[:, 1] for m in self.kinds])
        statuses = [self.status.predict_proba(with_kind(matrix, [kind] * len(examples)))
                    for kind in KINDS]  # fmt: skip
        return np.hstack([kinds, *statuses])

    # -- hearing ----------------------------------------------------------------------------
    def deciding_probabilities(self, examples: Sequence[SignalExample]) -> np.ndarray:
        """:meth:`kind_probabilities` wherever they can decide a kind, with the tail run only
        on the clauses it could lift over a threshold; elsewhere a tail kind's is a bound
        below its threshold. Listening pays for the tail on a few clauses, not all (a note of
        18 sentences: 378 ms with the tail on every clause, against 163 ms for the parse and
        the encode alone)."""
        weight = self.config.tail_weight
        if self.tail is None or not examples or weight >= 1.0:
            return self.kind_probabilities(examples)
        linear = self.linear_kind_probabilities(examples)
        columns = [j for j, kind in enumerate(KINDS) if kind in self.config.tail_kinds]
        out = linear.copy()
        out[:, columns] *= 1.0 - weight  # the tail's share at its lowest
        # Below (threshold - weight) / (1 - weight), even a certain tail leaves it unheard.
        floors = np.array([(self.thresholds[KINDS[j]] - weight) / (1.0 - weight) for j in columns])
        rows = np.flatnonzero((linear[:, columns] >= floors).any(axis=1))
        if len(rows):
            tail = self._tail_probabilities([examples[int(i)] for i in rows])
            block = np.ix_(rows, np.array(columns))
            out[block] = (1.0 - weight) * linear[block] + weight * tail[:, columns]
        return out

    def hear(self, examples: Sequence[SignalExample]) -> list[list[Heard]]:
        """For each clause, the kinds heard in it (above their thresholds), most likely first."""
        probabilities = self.deciding_probabilities(examples)
        found = [
            (i, KINDS[j], float(probabilities[i, j]))
            for i in range(len(examples))
            for j in range(len(KINDS))
            if probabilities[i, j] >= self.thresholds[KINDS[j]]
        ]
        out: list[list[Heard]] = [[] for _ in examples]
        if not found:
            return out
        rows, kinds = [i for i, _, _ in found], [k for _, k, _ in found]
        matrix = self.matrix(examples)
        statuses = lean_from_active(
            self.status.predict_proba(with_kind(matrix[rows], kinds)),
            list(self.status.classes_),
            kinds,
            self.config.settled_lean,
        )
        abouts = self.about.predict(with_kind(owner_features(matrix, examples)[rows], kinds))
        for (i, kind, p), status, about in zip(found, statuses, abouts, strict=True):
            out[i].append(Heard(kind, p, str(status), str(about)))
        for heard in out:
            heard.sort(key=lambda h: -h.probability)
        return out
