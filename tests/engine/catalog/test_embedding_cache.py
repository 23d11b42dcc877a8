"""Vectors are cached by content hash and model; retrieval mixes meaning and rare terms."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.tables import Embedding
from giveback.engine.catalog.embedding_cache import cached_vectors
from giveback.engine.catalog.retrieval import HybridRetriever
from giveback.pipelines.embedding.encoder import Embedder


class Counting:
    """The real embedder under another model id, counting the texts it encodes."""

    def __init__(self, inner: Embedder, model_id: str) -> None:
        self.inner, self.model_id, self.encoded = inner, model_id, 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        return self.inner.encode(texts)


def test_unchanged_text_is_never_embedded_twice(session: Session, embedder: Embedder) -> None:
    enc = Counting(embedder, "model-a")
    first = cached_vectors(session, enc, ["contracts lawyer", "marathon", "contracts lawyer"])
    assert enc.encoded == 2  # duplicates within a call are encoded once
    session.commit()
    again = cached_vectors(session, enc, ["marathon", "contracts lawyer"])
    assert enc.encoded == 2
    assert np.allclose(again[1], first[0]) and np.allclose(again[0], first[1])


def test_a_model_change_embeds_again(session: Session, embedder: Embedder) -> None:
    cached_vectors(session, Counting(embedder, "model-a"), ["sourdough"])
    other = Counting(embedder, "model-b")
    cached_vectors(session, other, ["sourdough"])
    session.commit()
    assert other.encoded == 1
    assert session.scalar(select(func.count()).select_from(Embedding)) == 2


def test_rare_exact_terms_still_count(embedder: Embedder) -> None:
    texts = [
        "Volgistics migration notes. Moving volunteer data off Volgistics in a weekend.",
        "Running a volunteer program: recruiting, scheduling and thanking volunteers.",
        "Contract bridge club for beginners: the card game on Tuesday nights.",
    ]
    retriever = HybridRetriever(texts, embedder.encode(texts))
    query = "help leaving volgistics"
    hits = retriever.search([query], embedder.encode([query]), k=3)[0]
    assert hits[0].item == 0 and hits[0].lexical > 0


def test_contracts_lawyer_does_not_fetch_the_bridge_club(embedder: Embedder) -> None:
    texts = [
        "Priya Raman. SaaS contracts lawyer who reviews vendor and customer contracts.",
        "Contract bridge club for beginners: the card game on Tuesday nights.",
    ]
    retriever = HybridRetriever(texts, embedder.encode(texts))
    hits = retriever.search(["contracts lawyer"], embedder.encode(["contracts lawyer"]), k=2)[0]
    assert hits[0].item == 0
    assert hits[0].score - hits[1].score > 0.15
