"""Vectors cached in the store, keyed by content hash and model (as simonw/llm does).

Unchanged text is never embedded twice; a change of model embeds again, beside the old rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import Embedding

_LOOKUP_CHUNK = 500  # SQLite limits the number of bound parameters in one IN (...)


class Encoder(Protocol):
    """What the cache needs of an embedder."""

    @property
    def model_id(self) -> str:
        """Which model made the vectors: part of every cache key."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def content_hash(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored(
    session: Session,
    model_id: str,
    hashes: Sequence[str],
    *columns: Any,
) -> list[tuple[Any, ...]]:
    """Rows ``(content_hash, *columns)`` of the hashes cached for a model, looked up in chunks."""
    unique = list(dict.fromkeys(hashes))
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(unique), _LOOKUP_CHUNK):
        rows.extend(
            session.execute(
                select(Embedding.content_hash, *columns).where(
                    Embedding.model == model_id,
                    Embedding.content_hash.in_(unique[i : i + _LOOKUP_CHUNK]),
                )
            ).all()
        )
    return rows


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> None:
    """Store vectors; one another request stored meanwhile is kept (same text, same vector)."""
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        module = import_module(f"sqlalchemy.dialects.{dialect}")
        session.execute(module.insert(Embedding).on_conflict_do_nothing(), rows)
    else:
        for row in rows:
            session.merge(Embedding(**row))
    session.flush()


def missing_count(session: Session, model_id: str, texts: Sequence[str]) -> int:
    """How many distinct texts have no vector cached for this model yet."""
    hashes = {content_hash(t) for t in texts}
    return len(hashes) - len(_stored(session, model_id, list(hashes)))


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
    found = {
        h: np.frombuffer(blob, dtype=np.float32)
        for h, blob in _stored(session, encoder.model_id, hashes, Embedding.vector)
    }
    missing: dict[str, str] = {}
    for h, text in zip(hashes, texts, strict=True):
        if h not in found and h not in missing:
            missing[h] = text
    todo = list(missing.items())
    for i in range(0, len(todo), chunk):
        part = todo[i : i + chunk]
        vectors = encoder.encode([t for _, t in part])
        rows = []
        for (h, _), vec in zip(part, vectors, strict=True):
            vec = np.ascontiguousarray(vec, dtype=np.float32)
            found[h] = vec
            rows.append(
                {
                    "content_hash": h,
                    "model": encoder.model_id,
                    "dims": int(vec.shape[0]),
                    "vector": vec.tobytes(),
                }
            )
        _insert_new(session, rows)
        if progress is not None:
            progress(len(part))
    if not hashes:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([found[h] for h in hashes])
