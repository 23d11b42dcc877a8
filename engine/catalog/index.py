"""The searchable catalog: item vectors and the lexical index, built once per catalog state.

Building the index (TF-IDF fit, vectors from the cache) costs seconds on a large catalog, so
it is kept in memory, keyed by a fingerprint of everything it is built from, and also saved
with joblib under the store's home so that the next process starts warm.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.postgres import store_key
from giveback.core.private import make_private_dir, open_private
from giveback.core.tables import CatalogItem, SignalRow
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.catalog.retrieval import HybridRetriever
from giveback.engine.catalog.store import item_text

_MEMORY: dict[str, CatalogIndex] = {}
_LOCK = threading.Lock()
_FORMAT = 7  # bump when the saved layout changes (7: items keep their tags)


@dataclass(frozen=True, slots=True)
class RankItem:
    """A catalog item; ``contact_id`` is set when the item is a person in the network."""

    index: int
    external_id: str
    type: str
    title: str
    text: str
    url: str | None
    contact_id: int | None
    tags: tuple[str, ...] = ()


@dataclass
class CatalogIndex:
    """Items in index order, their vectors, the hybrid retriever, and person -> item."""

    fingerprint: str
    items: list[RankItem]
    vectors: np.ndarray
    retriever: HybridRetriever
    by_contact: dict[int, int]

    def __getstate__(self) -> dict[str, object]:
        # The retriever holds the same vectors; saved once, they are shared again on load.
        state = dict(self.__dict__)
        if self.vectors is self.retriever.item_vectors:
            state["vectors"] = None
        # joblib unpickles in pure Python, 0.2 s for ten thousand small items; as one blob
        # of the standard (C) pickler they load in a tenth of that.
        state["items"] = pickle.dumps(self.items, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        items = state.get("items")
        if isinstance(items, bytes):
            state = {**state, "items": pickle.loads(items)}
        self.__dict__.update(state)
        if self.vectors is None:
            self.vectors = self.retriever.item_vectors


def _interests(session: Session) -> dict[int, list[str]]:
    """What the user's notes say catalog people are into: it describes them as gives too."""
    rows = session.execute(
        select(SignalRow.contact_id, SignalRow.phrase)
        .join(CatalogItem, CatalogItem.contact_id == SignalRow.contact_id)
        .where(
            SignalRow.kind == "interest", SignalRow.status == "active", SignalRow.about == "contact"
        )
        .order_by(SignalRow.id)
    )
    out: dict[int, list[str]] = defaultdict(list)
    for contact_id, phrase in rows:
        if phrase not in out[contact_id]:
            out[contact_id].append(phrase)
    return out


def indexed_texts(session: Session) -> tuple[list[CatalogItem], list[str]]:
    """Catalog rows in id order and the text each is embedded and searched by."""
    rows = list(session.scalars(select(CatalogItem).order_by(CatalogItem.id)))
    interests = _interests(session)
    return rows, [item_text(r, interests.get(r.contact_id or -1, ())) for r in rows]


def _state_key(session: Session, model_id: str) -> str:
    """A cheap key that changes whenever anything the index is built from may have changed."""
    items = session.execute(
        select(
            func.count(CatalogItem.id), func.max(CatalogItem.updated_at), func.sum(CatalogItem.id)
        )
    ).one()
    # Only interests of people in the catalog describe items; other notes leave it alone.
    interests = session.execute(
        select(func.count(SignalRow.id), func.max(SignalRow.id)).where(
            SignalRow.kind == "interest",
            SignalRow.contact_id.in_(
                select(CatalogItem.contact_id).where(CatalogItem.contact_id.is_not(None))
            ),
        )
    ).one()
    bind = session.get_bind()
    return f"{store_key(bind.engine)}|{model_id}|{tuple(items)}|{tuple(interests)}"


def default_cache_dir(session: Session) -> Path | None:
    """Next to a SQLite store: ``<folder of the .db>/index-cache``; none for other databases."""
    database = session.get_bind().engine.url.database
    if (
        session.get_bind().engine.url.get_backend_name() != "sqlite"
        or not database
        or database == ":memory:"
    ):
        return None
    return Path(database).resolve().parent / "index-cache"


def _state_file(cache_dir: Path) -> Path:
    return cache_dir / "catalog-state.json"


def _saved_for_state(cache_dir: Path | None, state: str) -> Path | None:
    """The saved index of exactly this catalog state, if the last save recorded it."""
    if cache_dir is None:
        return None
    try:
        recorded = json.loads(_state_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or recorded.get("state") != _digest(state):
        return None
    saved = cache_dir / str(recorded.get("file", ""))
    return saved if saved.name.startswith("catalog-") and saved.exists() else None


def _digest(state: str) -> str:
    # The format is part of it: a saved index of an older layout is never taken as current.
    return hashlib.sha256(f"{_FORMAT}|{state}".encode()).hexdigest()


def _record_state(cache_dir: Path, state: str, saved: Path) -> None:
    # A read-only cache folder only costs the next process a rebuild.
    with contextlib.suppress(OSError):
        _state_file(cache_dir).write_text(
            json.dumps({"state": _digest(state), "file": saved.name}), encoding="utf-8"
        )


def load_catalog_index(
    session: Session, encoder: Encoder, cache_dir: Path | None = None
) -> CatalogIndex:
    """The index of the catalog as it is now, from memory, from disk, or built afresh.

    Unchanged since the last save (same catalog state), the saved index is loaded without
    reading the catalog; otherwise the catalog is read and its fingerprint decides whether the
    saved index still fits.
    """
    state = _state_key(session, encoder.model_id)
    with _LOCK:
        if state in _MEMORY:
            return _MEMORY[state]
    cache_dir = cache_dir if cache_dir is not None else default_cache_dir(session)
    index = _load(_saved_for_state(cache_dir, state))
    if index is None:
        index = _build(session, encoder, cache_dir)
    if cache_dir is not None and index.items:
        _record_state(cache_dir, state, cache_dir / _file_name(index.fingerprint))
    with _LOCK:
        while len(_MEMORY) >= 4:  # a few catalog states (users, stores) per process
            _MEMORY.pop(next(iter(_MEMORY)))
        _MEMORY[state] = index
    return index


def _file_name(fingerprint: str) -> str:
    return f"catalog-{fingerprint[:32]}.joblib"


def _load(saved: Path | None) -> CatalogIndex | None:
    if saved is None or not saved.exists():
        return None
    try:
        index = joblib.load(saved)
    except Exception:  # a damaged or foreign cache file is rebuilt, never trusted
        return None
    return index if isinstance(index, CatalogIndex) else None


def _build(session: Session, encoder: Encoder, cache_dir: Path | None) -> CatalogIndex:
    """Read the catalog; load the saved index of the same content, or build and save it."""
    rows, texts = indexed_texts(session)
    digest = hashlib.sha256(f"{_FORMAT}|{encoder.model_id}".encode())
    for row, text in zip(rows, texts, strict=True):
        digest.update(f"|{row.external_id}|{row.type}|{row.contact_id}|{row.url}|{text}".encode())
    fingerprint = digest.hexdigest()
    saved = cache_dir / _file_name(fingerprint) if cache_dir else None
    index = _load(saved)
    if index is not None and index.fingerprint == fingerprint:
        return index
    items = [
        RankItem(
            i, r.external_id, r.type, r.title, r.text, r.url, r.contact_id, tuple(r.tags or ())
        )
        for i, r in enumerate(rows)
    ]
    by_contact = {it.contact_id: it.index for it in items if it.contact_id is not None}
    vectors = (
        cached_vectors(session, encoder, texts) if texts else np.zeros((0, 1), dtype=np.float32)
    )
    session.commit()  # keep freshly computed vectors even if ranking fails later
    index = CatalogIndex(fingerprint, items, vectors, HybridRetriever(texts, vectors), by_contact)
    if saved is not None and items:
        # The index holds the catalog's titles and texts (people among them): owner only.
        make_private_dir(saved.parent)
        for old in saved.parent.glob("catalog-*.joblib"):
            old.unlink(missing_ok=True)
        with os.fdopen(open_private(saved), "wb") as out:
            joblib.dump(index, out)
    return index
