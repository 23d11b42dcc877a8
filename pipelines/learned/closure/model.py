"""The closure model: does a clause of a new note close a signal of an earlier one, and how.

It reads pairs: an open signal (its evidence and phrase) and a clause of the new note. The
features are how close the embeddings put the two (the clause to the signal's evidence and to
its phrase), how much closer than to the note's other clauses and the contact's other open
signals, the signal's kind and owner, the clause's shape (negations, resolutions and questions
the rules heard), what the signal model reads in the clause (a need met, a plan called off),
the words they share and the time between them. Gradient-boosted trees learn how these combine
("the agency found them a nanny" is a need met and the closest clause to "childcare"; "still
hunting for a lawyer" is near "a lawyer" and says nothing is met); a logistic regression reads
the same with the two embeddings' product and difference, and a pair's score is the mean of
the two. A signal is closed by the best clause of a note when that pair scores above a
threshold chosen on the dev split; a second model says how (met, given by someone else,
postponed, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.closure.changes import says_changed
from giveback.pipelines.learned.closure.pending import content_words, owes, says_still_open
from giveback.pipelines.learned.corpus import ABOUTS, KINDS
from giveback.pipelines.learned.features import shape
from giveback.pipelines.learned.linear import Logistic
from giveback.pipelines.learned.trees import Trees
from giveback.pipelines.tfidf import Tfidf


@dataclass(frozen=True, slots=True)
class PairExample:
    """An earlier signal and a clause of a later note, with their vectors."""

    kind: str
    about: str
    phrase: str
    evidence: str
    clause: Clause
    signal_vector: np.ndarray
    phrase_vector: np.ndarray
    clause_vector: np.ndarray
    days: int  # from the signal's note to the clause's note
    cues: np.ndarray  # the signal model's kind and status probabilities for the clause
    signal_at: int = 0  # which of the note's open signals (pairs compare within a note)
    note_key: str = ""  # in training: the note of the clause (listening pairs one note)
    closes: bool = False
    how: str = ""
    group: str = ""  # in training: which (signal, note) decision the pair belongs to


@dataclass
class ClosureConfig:
    """The knobs of the closure model (``models/listener/config.toml``)."""

    pair_c: float = 1.0  # inverse regularisation of the pair regression
    trees: int = 300
    learning_rate: float = 0.05
    leaves: int = 31  # at most, per tree
    min_leaf: int = 20  # pairs in a leaf, at least
    l2: float = 1.0
    how_c: float = 2.0
    max_iter: int = 4000
    # When set, the closing threshold; else the one with the best closure F1 on dev pairs.
    threshold: float | None = None


# A promise is closed only by a clause that speaks of what was promised: this close to the
# promise's phrase, or two meaning words in common. The corpus's writers kept most promises in
# their next note, so the model alone closes promises with unrelated news ("she's dropped the
# teaching plan" closing "design the cover"); on the suggestion dev network 10 of 12 promise
# closures were of that kind.
PROMISE_CLOSE_SIMILARITY = 0.3


def off_topic_for_promise(pair: PairExample) -> bool:
    """Whether the pair is a promise and a clause that does not speak of what was promised."""
    if pair.kind != "commitment":
        return False
    shared = content_words(f"{pair.phrase} {pair.evidence}") & content_words(pair.clause.text)
    similar = float(pair.phrase_vector @ pair.clause_vector) >= PROMISE_CLOSE_SIMILARITY
    return not similar and len(shared) < 2


def still_owed(pair: PairExample) -> bool:
    """Whether the pair's clause says that the promise it pairs with is still owed: a
    commitment, and a clause that says something promised is pending and names it (a word in
    common). Such a clause closes nothing, and its note does not close that promise."""
    return pair.kind == "commitment" and owes(
        pair.clause.text, f"{pair.phrase} {pair.evidence}", pair.clause.other_turn
    )


def still_open(pair: PairExample) -> bool:
    """Whether the pair is a need and a clause that says it is still open."""
    return pair.kind == "need" and says_still_open(pair.clause.text, pair.phrase, pair.evidence)


def no_change_of_plan(pair: PairExample) -> bool:
    """Whether the pair is an event or an interest and a clause that does not say it changed
    (put off, called off, dropped): an event that happened as planned stays as it was heard."""
    return pair.kind in ("event", "interest") and not says_changed(pair.clause.text)


def how_features(words: Tfidf, pairs: Sequence[PairExample]) -> sparse.csr_matrix:
    """The closing clauses' words (tf-idf) and the kind of what they close (one-hot)."""
    kinds = np.array([[float(p.kind == k) for k in KINDS] for p in pairs])
    return sparse.hstack(
        [words.transform([p.clause.text for p in pairs]), sparse.csr_matrix(kinds * 2)]
    ).tocsr()


# The matrix's first columns measure how close the clause is to the signal (alone, and against
# the note's other clauses and the contact's other signals): the closer, the likelier it closes,
# and the trees are held to that. Unconstrained, they let a rare shape of note outweigh it
# ("Her neighbour lent her a tent." closing the seed round as well as the tent).
CLOSER_CLOSES = 4


def _best_other(values: np.ndarray, groups: Sequence[object]) -> np.ndarray:
    """For each value, the largest other value of its group; 0 when it is alone (a note of one
    clause, a contact with one open signal: nothing else is any closer)."""
    members: dict[object, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    best = np.zeros(len(values))
    for rows in members.values():
        if len(rows) < 2:
            continue
        order = sorted(rows, key=lambda i: -values[i])
        first, second = order[0], order[1]
        for i in rows:
            best[i] = values[second] if i == first else values[first]
    return best


class ClosureModel:
    """Scores (open signal, clause) pairs, and names how a closing clause closes; trained by
    ``fit.py``."""

    def __init__(
        self, config: ClosureConfig, trees: Trees, linear: Logistic, how_words: Tfidf, how: Logistic
    ) -> None:
        self.config = config
        self.trees = trees
        self.linear = linear
        self.how_words = how_words
        self.how = how
        self.threshold = 0.8

    @staticmethod
    def matrix(pairs: Sequence[PairExample]) -> np.ndarray:
        """The trees' features (see the module's docstring). Pairs are compared with the others
        of their note: the clause with the note's other clauses for the same signal, the signal
        with the other open signals for the same clause."""
        signal = np.stack([p.signal_vector for p in pairs])
        phrase = np.stack([p.phrase_vector for p in pairs])
        clause = np.stack([p.clause_vector for p in pairs])
        rows = []
        for p in pairs:
            mine, theirs = content_words(f"{p.phrase} {p.evidence}"), content_words(p.clause.text)
            rows.append(
                [
                    *(float(p.kind == k) for k in KINDS),
                    *(float(p.about == a) for a in ABOUTS),
                    len(mine & theirs) / max(len(mine), 1),
                    min(max(p.days, 0), 365) / 365.0,
                    *shape(p.clause),
                ]
            )
        kind_at = [KINDS.index(p.kind) for p in pairs]
        statuses = (len(pairs[0].cues) - len(KINDS)) // len(KINDS)
        cues = np.array([np.concatenate([p.cues[: len(KINDS)], p.cues[len(KINDS) + k * statuses:
                         len(KINDS) + (k + 1) * statuses]]) for p, k in zip(pairs, kind_at,
                         strict=True)])  # fmt: skip
        similarity = (signal * clause).sum(1)
        phrase_similarity = (phrase * clause).sum(1)
        other_clauses = _best_other(similarity, [(p.note_key, p.signal_at) for p in pairs])
        other_signals = _best_other(similarity, [(p.note_key, p.clause.start) for p in pairs])
        return np.column_stack(
            [
                similarity,
                phrase_similarity,
                similarity - other_clauses,
                similarity - other_signals,
                np.array(rows),
                cues,
            ]
        )

    @staticmethod
    def linear_matrix(pairs: Sequence[PairExample], matrix: np.ndarray) -> np.ndarray:
        """The logistic regression's features: the two embeddings' product and difference (it
        weighs the directions of meaning along which a clause meets a signal), then the trees'
        similarities, the pair's kind, owner, shared words, days and shape, and the cues."""
        signal = np.stack([p.signal_vector for p in pairs])
        clause = np.stack([p.clause_vector for p in pairs])
        cue_width = len(KINDS) + (len(pairs[0].cues) - len(KINDS)) // len(KINDS)
        return np.hstack(
            [
                signal * clause,
                np.abs(signal - clause),
                4 * matrix[:, :2],
                matrix[:, CLOSER_CLOSES:-cue_width],
                2 * matrix[:, -cue_width:],
            ]
        )

    def scores(self, pairs: Sequence[PairExample]) -> np.ndarray:
        """The probability that each pair's clause closes its signal (none when the clause is a
        question, says that the promise it would close is still owed or does not speak of it,
        says that the need it would close is still open,
        or does not say that the event or interest it would close changed)."""
        if not pairs:
            return np.zeros(0)
        # The mean of two models: the trees fit the corpus's closures better (closure F1 on
        # dev, writer by writer left out), and the regression keeps a clause from closing what
        # it does not speak of ("Her neighbour lent her a tent." and the seed round).
        matrix = self.matrix(pairs)
        trees = self.trees.predict_proba(matrix)[:, 1]
        linear = self.linear.predict_proba(self.linear_matrix(pairs, matrix))[:, 1]
        scores = np.asarray((trees + linear) / 2)
        # A question asks; it reports nothing ("did the new build ship?"): 3 of the corpus's
        # 2,327 labeled closures are questions, and those are answered in another clause.
        scores[
            np.array(
                [
                    p.clause.question
                    or still_owed(p)
                    or still_open(p)
                    or off_topic_for_promise(p)
                    or no_change_of_plan(p)
                    for p in pairs
                ]
            )
        ] = 0.0
        return scores

    def how_of(self, pairs: Sequence[PairExample]) -> list[str]:
        """How each (closing) pair closes its signal."""
        if not pairs:
            return []
        return [str(h) for h in self.how.predict(how_features(self.how_words, pairs))]
