"""Retrieval remembers recent queries without ever changing what a query finds."""

from __future__ import annotations

import pickle

import numpy as np

from giveback.engine.catalog.retrieval import HybridRetriever


def _catalog(n: int = 300, dims: int = 16) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(n, dims)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    words = ["contracts", "lawyer", "bridge", "marathon", "sourdough", "pitch", "deck", "hiring"]
    texts = [
        " ".join(words[(i * k) % len(words)] for k in (1, 3, 5)) + f" item{i}" for i in range(n)
    ]
    return texts, vectors


def _queries(
    texts: list[str], vectors: np.ndarray, rows: list[int]
) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(11)
    noisy = vectors[rows] + 0.3 * rng.normal(size=(len(rows), vectors.shape[1])).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return [texts[r].split(" item")[0] + f" q{r}" for r in rows], noisy.astype(np.float32)


def test_remembered_queries_find_exactly_what_fresh_ones_find() -> None:
    texts, vectors = _catalog()
    q_texts, q_vecs = _queries(texts, vectors, [3, 50, 120, 299])
    fresh = HybridRetriever(texts, vectors).search(q_texts, q_vecs, k=10)
    retriever = HybridRetriever(texts, vectors)
    retriever.search(q_texts[1:3], q_vecs[1:3], k=10)  # two of them seen before
    again = retriever.search(q_texts, q_vecs, k=10)
    assert [[h.item for h in hits] for hits in again] == [[h.item for h in hits] for hits in fresh]
    for got, want in zip(again, fresh, strict=True):
        assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-6)
    # Another k is another question, not a cut of a remembered answer.
    assert [len(h) for h in retriever.search(q_texts, q_vecs, k=3)] == [3, 3, 3, 3]


def test_the_same_text_with_another_vector_is_searched_again() -> None:
    texts, vectors = _catalog()
    retriever = HybridRetriever(texts, vectors)
    first = retriever.search(["marathon"], vectors[[10]], k=5)[0]
    second = retriever.search(["marathon"], vectors[[200]], k=5)[0]
    assert first[0].item == 10 and second[0].item == 200


def test_memory_is_bounded_and_not_saved() -> None:
    texts, vectors = _catalog()
    retriever = HybridRetriever(texts, vectors)
    retriever.remembered = 5
    q_texts, q_vecs = _queries(texts, vectors, list(range(12)))
    retriever.search(q_texts, q_vecs, k=5)
    assert len(retriever._memory) == 5
    restored = pickle.loads(pickle.dumps(retriever))
    assert len(restored._memory) == 0
    assert [h.item for h in restored.search(q_texts[:1], q_vecs[:1], k=5)[0]] == [
        h.item for h in retriever.search(q_texts[:1], q_vecs[:1], k=5)[0]
    ]


def test_no_queries_find_nothing() -> None:
    texts, vectors = _catalog()
    assert HybridRetriever(texts, vectors).search([], np.zeros((0, 16), np.float32)) == []
