"""Vectors cached in the store, keyed by content hash and model (as simonw/llm does).

Unchanged text is never embedded twice; a change of model embeds again, beside the old rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.tables import Embedding

_LOOKUP_CHUNK = 500  # SQLite limits the number of bound parameters in one IN (...)


class Encoder(Protocol):
    """What the cache needs of an embedder."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def content_hash(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_vectors(
    session: Session,
    encoder: Encoder,
    texts: Sequence[str],
    chunk: int = 2048,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Vectors for ``texts`` in order, encoding (in chunks) and storing only the missing ones.

    The caller commits the session; rows are added as each chunk is encoded so a crash loses
    at most one chunk of work.
    """
    hashes = [content_hash(t) for t in texts]
    found: dict[str, np.ndarray] = {}
    unique = list(dict.fromkeys(hashes))
    for i in range(0, len(unique), _LOOKUP_CHUNK):
        part = unique[i:i + _LOOKUP_CHUNK]
        rows = session.execute(
            select(Embedding.content_hash, Embedding.vector).where(
                Embedding.model == encoder.model_id, Embedding.content_hash.in_(part)))
        for h, blob in rows:
            found[h] = np.frombuffer(blob, dtype=np.float32)
    missing: dict[str, str] = {}
    for h, text in zip(hashes, texts, strict=True):
        if h not in found and h not in missing:
            missing[h] = text
    todo = list(missing.items())
    for i in range(0, len(todo), chunk):
        part = todo[i:i + chunk]
        vectors = encoder.encode([t for _, t in part])
        for (h, _), vec in zip(part, vectors, strict=True):
            vec = np.ascontiguousarray(vec, dtype=np.float32)
            found[h] = vec
            session.add(Embedding(content_hash=h, model=encoder.model_id, dims=int(vec.shape[0]),
                                  vector=vec.tobytes()))
        session.flush()
        if progress is not None:
            progress(len(part))
    if not hashes:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([found[h] for h in hashes])
