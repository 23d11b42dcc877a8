"""Retrieval over the catalog: semantic vectors plus TF-IDF, behind a small index interface.

Brute force is exact and fast enough for tens of thousands of items on two cores; an ANN
library can stand in for :class:`BruteForceIndex` by implementing :class:`VectorIndex`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class VectorIndex(Protocol):
    """Nearest neighbours by inner product over unit vectors (cosine similarity)."""

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` item indices and similarities per query row, best first."""
        ...


class BruteForceIndex:
    """Exact search: one matrix product per batch of queries."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` item indices and similarities per query row, best first."""
        n = self.vectors.shape[0]
        if n == 0 or len(queries) == 0:
            return (np.zeros((len(queries), 0), dtype=np.int64),
                    np.zeros((len(queries), 0), dtype=np.float32))
        k = min(k, n)
        sims = queries.astype(np.float32) @ self.vectors.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-top, axis=1)
        return np.take_along_axis(part, order, axis=1), np.take_along_axis(top, order, axis=1)


class LexicalIndex:
    """TF-IDF cosine over the catalog texts, so rare exact terms still count."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english",
                                          ngram_range=(1, 2), min_df=1, dtype=np.float32)
        self.matrix = None
        if any(t.strip() for t in texts):
            try:
                self.matrix = self.vectorizer.fit_transform(texts).tocsr()
            except ValueError:  # nothing but stop words
                self.matrix = None

    def scores(self, queries: Sequence[str]) -> Any:
        """Sparse ``(len(queries), n_items)`` matrix of cosines; ``None`` for an empty index."""
        if self.matrix is None:
            return None
        return (self.vectorizer.transform(queries) @ self.matrix.T).tocsr()


@dataclass(frozen=True, slots=True)
class Hit:
    """One catalog item found for one query."""

    item: int
    semantic: float
    lexical: float
    score: float


class HybridRetriever:
    """Semantic candidates re-scored with a lexical term: ``semantic + w * lexical``."""

    def __init__(self, item_texts: Sequence[str], item_vectors: np.ndarray,
                 lexical_weight: float = 0.25, index: VectorIndex | None = None) -> None:
        self.item_vectors = item_vectors
        self.index = index if index is not None else BruteForceIndex(item_vectors)
        self.lexical = LexicalIndex(item_texts)
        self.lexical_weight = lexical_weight

    def search(self, query_texts: Sequence[str], query_vectors: np.ndarray,
               k: int = 30) -> list[list[Hit]]:
        """The best ``k`` items per query by hybrid score, best first.

        Candidates are the semantic top ``k`` and the lexical top ``k``; each is scored on both.
        """
        idx, sims = self.index.search(query_vectors, k)
        lexical = self.lexical.scores(query_texts)
        results = []
        for row in range(idx.shape[0]):
            lex_row: dict[int, float] = {}
            if lexical is not None:
                start, end = lexical.indptr[row], lexical.indptr[row + 1]
                cols, vals = lexical.indices[start:end], lexical.data[start:end]
                lex_row = dict(zip(cols.tolist(), vals.tolist(), strict=True))
            candidates = dict(zip(idx[row].tolist(), sims[row].tolist(), strict=True))
            for col in sorted(lex_row, key=lex_row.__getitem__, reverse=True)[:k]:
                if col not in candidates:
                    candidates[col] = float(self.item_vectors[col] @ query_vectors[row])
            hits = [Hit(i, s, lex_row.get(i, 0.0), s + self.lexical_weight * lex_row.get(i, 0.0))
                    for i, s in candidates.items()]
            hits.sort(key=lambda h: -h.score)
            results.append(hits[:k])
        return results
