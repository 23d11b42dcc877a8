"""The saved search index: reused by a new process while the catalog is unchanged, never after."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, ItemType
from giveback.engine.catalog import index as catalog_index
from giveback.engine.catalog.index import load_catalog_index
from giveback.engine.catalog.retrieval import BruteForceIndex
from giveback.engine.catalog.store import ImportSummary, upsert_records


class CountingEncoder:
    """The real embedder, counting the texts it is asked to encode."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.model_id, self.texts = inner, inner.model_id, 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts)


def _import(session: Session, text: str = "How SAFE notes work.") -> None:
    records = [
        CatalogRecord("art-1", ItemType.ARTICLE, "SAFE notes", text),
        CatalogRecord("art-2", ItemType.ARTICLE, "Trail running", "Shoes and races."),
    ]
    upsert_records(session, records, ImportSummary("t", "t"), source="t")
    session.commit()


def test_an_unchanged_catalog_loads_its_saved_index_without_reading_the_catalog(
    session: Session, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(session)
    encoder = CountingEncoder(embedder)
    first = load_catalog_index(session, encoder)
    assert encoder.texts == 2 and [i.external_id for i in first.items] == ["art-1", "art-2"]
    catalog_index._MEMORY.clear()  # as a new process
    with monkeypatch.context() as patch:
        patch.setattr(catalog_index, "indexed_texts", lambda s: pytest.fail("read catalog"))
        again = load_catalog_index(session, encoder)
    assert again.fingerprint == first.fingerprint and np.allclose(again.vectors, first.vectors)
    # Saved and loaded once: the retriever and its index share the one array of vectors.
    assert isinstance(again.retriever.index, BruteForceIndex)
    assert again.vectors is again.retriever.item_vectors is again.retriever.index.vectors
    query = first.vectors[[1]]
    assert [h.item for h in again.retriever.search(["trail shoes"], query, k=2)[0]] == [
        h.item for h in first.retriever.search(["trail shoes"], query, k=2)[0]
    ]
    # Changed text: a new state, the catalog is read, the changed item embedded again.
    _import(session, "How SAFE notes and priced rounds work.")
    catalog_index._MEMORY.clear()
    changed = load_catalog_index(session, encoder)
    assert changed.fingerprint != first.fingerprint and encoder.texts == 3
    assert "priced rounds" in changed.items[0].text


def test_a_damaged_saved_index_is_rebuilt(session: Session, embedder: Any, db_path: Path) -> None:
    _import(session)
    first = load_catalog_index(session, embedder)
    for saved in (db_path.parent / "index-cache").glob("catalog-*.joblib"):
        saved.write_bytes(b"not a pickle")
    catalog_index._MEMORY.clear()
    again = load_catalog_index(session, embedder)
    assert again.fingerprint == first.fingerprint and len(again.items) == 2
