"""The closure model: does a clause of a new note close a signal of an earlier one, and how.

It reads pairs: an open signal (its evidence and phrase) and a clause of the new note. The
features are what the embeddings say of the pair (their product and difference, so that it can
learn that "the agency found them a nanny" meets "childcare" while "still hunting for a lawyer"
does not close "a lawyer"), the signal's kind and owner, the clause's shape (negations,
resolutions and questions the rules heard), the words they share and the time between them.
A signal is closed by the best clause of a note when that pair scores above a threshold chosen
on the dev split; a second model says how (met, given by someone else, postponed, ...).
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
    closes: bool = False
    how: str = ""
    group: str = ""  # in training: which (signal, note) decision the pair belongs to


@dataclass
class ClosureConfig:
    """The knobs of the closure model (``models/listener/config.toml``)."""

    pair_c: float = 1.0
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
    return pair.kind == "commitment" and owes(pair.clause.text, f"{pair.phrase} {pair.evidence}")


def still_open(pair: PairExample) -> bool:
    """Whether the pair is a need and a clause that says it is still open."""
    return pair.kind == "need" and says_still_open(pair.clause.text, pair.phrase)


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


class ClosureModel:
    """Scores (open signal, clause) pairs, and names how a closing clause closes; trained by
    ``fit.py``."""

    def __init__(
        self, config: ClosureConfig, pairs: Logistic, how_words: Tfidf, how: Logistic
    ) -> None:
        self.config = config
        self.pairs = pairs
        self.how_words = how_words
        self.how = how
        self.threshold = 0.8

    @staticmethod
    def matrix(pairs: Sequence[PairExample]) -> np.ndarray:
        """The pairs' features (see the module's docstring)."""
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
        similarity = (signal * clause).sum(1, keepdims=True)
        phrase_similarity = (phrase * clause).sum(1, keepdims=True)
        return np.hstack(
            [
                signal * clause,
                np.abs(signal - clause),
                4 * similarity,
                4 * phrase_similarity,
                np.array(rows),
                2 * cues,
            ]
        )

    def scores(self, pairs: Sequence[PairExample]) -> np.ndarray:
        """The probability that each pair's clause closes its signal (none when the clause is a
        question, says that the promise it would close is still owed or does not speak of it,
        says that the need it would close is still open,
        or does not say that the event or interest it would close changed)."""
        if not pairs:
            return np.zeros(0)
        scores = np.asarray(self.pairs.predict_proba(self.matrix(pairs))[:, 1])
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
