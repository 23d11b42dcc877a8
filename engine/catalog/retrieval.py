"""Retrieval over the catalog: semantic vectors plus TF-IDF, behind a small index interface.

Brute force is exact and fast enough for tens of thousands of items on two cores; an ANN
library can stand in for :class:`BruteForceIndex` by implementing :class:`VectorIndex`.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from giveback.pipelines.tfidf import Tfidf
from giveback.pipelines.wordlists import english_stop_words


class VectorIndex(Protocol):
    """Nearest neighbours by inner product over unit vectors (cosine similarity)."""

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` item indices and similarities per query row, best first."""
        ...


class BruteForceIndex:
    """Exact search: one matrix product per batch of queries."""

    def __init__(self, vectors: np.ndarray) -> None:
        # The very array when it already fits (the catalog index shares it), else a copy.
        self.vectors = (
            vectors
            if vectors.dtype == np.float32 and vectors.flags.c_contiguous
            else np.ascontiguousarray(vectors, dtype=np.float32)
        )

    def __getstate__(self) -> dict[str, Any]:
        return {"vectors": self.vectors}  # the transposed copy is rebuilt on first use

    def _by_dimension(self) -> np.ndarray:
        # A product with a transposed view takes half again as long as with a contiguous
        # copy of it (the catalog is read once per search, and it is the whole cost).
        columns = getattr(self, "_columns", None)
        if columns is None:
            columns = self._columns = np.ascontiguousarray(self.vectors.T)
        return columns

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` item indices and similarities per query row, best first."""
        n = self.vectors.shape[0]
        if n == 0 or len(queries) == 0:
            return (
                np.zeros((len(queries), 0), dtype=np.int64),
                np.zeros((len(queries), 0), dtype=np.float32),
            )
        k = min(k, n)
        sims = queries.astype(np.float32) @ self._by_dimension()
        part = np.argpartition(sims, n - k, axis=1)[:, n - k :]
        top = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-top, axis=1)
        return np.take_along_axis(part, order, axis=1), np.take_along_axis(top, order, axis=1)


class LexicalIndex:
    """TF-IDF cosine over the catalog texts, so rare exact terms still count."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer: Tfidf | None = None
        self._by_term = None
        if any(t.strip() for t in texts):
            try:
                self.vectorizer = Tfidf.fit(
                    texts,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    stop_words=english_stop_words(),
                    dtype="float32",
                )
            except ValueError:  # nothing but stop words
                return
            # Terms by item, row-major, once: transposing per search cost more than the search.
            self._by_term = self.vectorizer.transform(texts).T.tocsr()

    def __getstate__(self) -> dict[str, Any]:
        # One blob of the standard (C) pickler: the vocabulary is tens of thousands of small
        # strings, slow through joblib's pure-Python unpickler.
        return {"blob": pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(pickle.loads(state["blob"]) if "blob" in state else state)

    def scores(self, queries: Sequence[str]) -> Any:
        """Sparse ``(len(queries), n_items)`` matrix of cosines; ``None`` for an empty index."""
        if self._by_term is None or self.vectorizer is None:
            return None
        return (self.vectorizer.transform(queries) @ self._by_term).tocsr()


@dataclass(frozen=True, slots=True)
class Hit:
    """One catalog item found for one query."""

    item: int
    semantic: float
    lexical: float
    score: float


@dataclass(frozen=True, slots=True)
class _Found:
    """What one query found, kept compact: arrays, not a thousand small objects."""

    items: np.ndarray
    semantic: np.ndarray
    lexical: np.ndarray
    score: np.ndarray

    @classmethod
    def of(cls, hits: Sequence[Hit]) -> _Found:
        return cls(
            np.array([h.item for h in hits], dtype=np.int64),
            np.array([h.semantic for h in hits], dtype=np.float64),
            np.array([h.lexical for h in hits], dtype=np.float64),
            np.array([h.score for h in hits], dtype=np.float64),
        )

    def hits(self) -> list[Hit]:
        return [
            Hit(*row)
            for row in zip(
                self.items.tolist(),
                self.semantic.tolist(),
                self.lexical.tolist(),
                self.score.tolist(),
                strict=True,
            )
        ]


class HybridRetriever:
    """Semantic candidates re-scored with a lexical term: ``semantic + w * lexical``.

    The results of recent queries are remembered: a contact's earlier signals are searched
    again on every paste and every ranking, and the catalog under a retriever never changes
    (a changed catalog gets a new retriever).
    """

    remembered = 4096  # queries; about 1.5 KB each

    def __init__(
        self,
        item_texts: Sequence[str],
        item_vectors: np.ndarray,
        lexical_weight: float = 0.25,
        index: VectorIndex | None = None,
    ) -> None:
        self.item_vectors = item_vectors
        self.index = index if index is not None else BruteForceIndex(item_vectors)
        self.lexical = LexicalIndex(item_texts)
        self.lexical_weight = lexical_weight
        self._init_memory()

    def _init_memory(self) -> None:
        self._memory: OrderedDict[tuple[int, str, bytes], _Found] = OrderedDict()
        self._memory_lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        # Saved without what it remembers (and a lock cannot be pickled), and without a second
        # copy of the vectors: joblib would save, and load, the same array once per reference.
        state = dict(self.__dict__)
        state.pop("_memory", None)
        state.pop("_memory_lock", None)
        if isinstance(self.index, BruteForceIndex) and self.index.vectors is self.item_vectors:
            state["index"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self.index is None:
            self.index = BruteForceIndex(self.item_vectors)
        self._init_memory()

    def search(
        self, query_texts: Sequence[str], query_vectors: np.ndarray, k: int = 30
    ) -> list[list[Hit]]:
        """The best ``k`` items per query by hybrid score, best first.

        Candidates are the semantic top ``k`` and the lexical top ``k``; each is scored on both.
        """
        vectors = np.ascontiguousarray(query_vectors, dtype=np.float32)
        # Keyed by the vector too: the same text under another model is another query.
        keys = [
            (k, text, hashlib.blake2b(vectors[i].tobytes(), digest_size=16).digest())
            for i, text in enumerate(query_texts)
        ]
        results: list[list[Hit] | None] = [None] * len(keys)
        with self._memory_lock:
            for i, key in enumerate(keys):
                known = self._memory.get(key)
                if known is not None:
                    self._memory.move_to_end(key)
                    results[i] = known.hits()
        todo = [i for i, found in enumerate(results) if found is None]
        if todo:
            fresh = self._search([query_texts[i] for i in todo], vectors[todo], k)
            with self._memory_lock:
                for i, hits in zip(todo, fresh, strict=True):
                    results[i] = hits
                    self._memory[keys[i]] = _Found.of(hits)
                while len(self._memory) > self.remembered:
                    self._memory.popitem(last=False)
        return [hits if hits is not None else [] for hits in results]

    def _search(
        self, query_texts: Sequence[str], query_vectors: np.ndarray, k: int
    ) -> list[list[Hit]]:
        idx, sims = self.index.search(query_vectors, k)
        lexical = self.lexical.scores(query_texts)
        if lexical is not None:
            lexical.sort_indices()  # lets a row's scores be looked up by binary search
        results = []
        empty_cols, empty_vals = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        for row in range(idx.shape[0]):
            cols, vals = empty_cols, empty_vals
            if lexical is not None:
                start, end = lexical.indptr[row], lexical.indptr[row + 1]
                cols, vals = lexical.indices[start:end], lexical.data[start:end]
            # Candidates: the semantic top k, then the lexical top k not among them.
            semantic_ids = idx[row]
            top = np.argpartition(-vals, k)[:k] if len(vals) > k else np.arange(len(vals))
            top = top[np.argsort(-vals[top], kind="stable")]
            seen = set(semantic_ids.tolist())
            extra = np.array([c for c in cols[top].tolist() if c not in seen], dtype=np.int64)
            ids = np.concatenate([semantic_ids, extra]).astype(np.int64)
            semantic = np.concatenate(
                [
                    sims[row],
                    self.item_vectors[extra] @ query_vectors[row]
                    if len(extra)
                    else np.zeros(0, dtype=np.float32),
                ]
            )
            lex = np.zeros(len(ids), dtype=np.float64)
            if len(cols):
                pos = np.minimum(np.searchsorted(cols, ids), len(cols) - 1)
                found = cols[pos] == ids
                lex[found] = vals[pos[found]]
            score = semantic + self.lexical_weight * lex
            order = np.argsort(-score, kind="stable")[:k]
            results.append(
                [
                    Hit(*hit)
                    for hit in zip(
                        ids[order].tolist(),
                        semantic[order].tolist(),
                        lex[order].tolist(),
                        score[order].tolist(),
                        strict=True,
                    )
                ]
            )
        return results
