"""The closure model compares each pair with the others of its note."""

from __future__ import annotations

import numpy as np

from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.closure.model import ClosureModel, PairExample
from giveback.pipelines.learned.corpus import KINDS


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


CUES = np.zeros(len(KINDS) * 5)
CLAUSES = [Clause(0, 20, "The agency found a nanny"), Clause(21, 40, "Back from Porto")]
SIGNALS = [_unit(1, 0, 0), _unit(0, 1, 0)]  # childcare, then a trip
CLAUSE_VECTORS = [_unit(0.9, 0.1, 0.4), _unit(0.2, 0.5, 0.8)]


def _pairs(note_key: str = "") -> list[PairExample]:
    return [
        PairExample(
            "need",
            "contact",
            "childcare" if s == 0 else "trip",
            "needs childcare" if s == 0 else "off to Porto",
            clause,
            SIGNALS[s],
            SIGNALS[s],
            CLAUSE_VECTORS[c],
            30,
            CUES,
            signal_at=s,
            note_key=note_key,
        )
        for s in range(2)
        for c, clause in enumerate(CLAUSES)
    ]


def test_each_pair_is_measured_against_the_other_clauses_and_the_other_signals() -> None:
    pairs = _pairs()
    matrix = ClosureModel.matrix(pairs)
    similarity = np.array([float(p.signal_vector @ p.clause_vector) for p in pairs])
    assert np.allclose(matrix[:, 0], similarity)
    # the nanny clause against the note's other clause, for childcare
    assert np.isclose(matrix[0, 2], similarity[0] - similarity[1])
    # and against the other open signal (the trip), for the same clause
    assert np.isclose(matrix[0, 3], similarity[0] - similarity[2])


def test_pairs_of_different_notes_are_never_compared() -> None:
    alone = ClosureModel.matrix(_pairs("n1")[:1] + _pairs("n2")[1:2])
    # no other clause and no other signal: nothing else is any closer
    assert list(alone[:, 2]) == list(alone[:, 3]) == list(alone[:, 0])
