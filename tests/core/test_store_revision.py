"""The store's revision: bumped by the database on every write that can change a ranking."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from alembic import command

from giveback.core.db import ID_TABLES, alembic_config, init_db, make_engine, open_store
from giveback.engine.catalog.embedding_cache import cached_vectors
from giveback.engine.contacts.store import find_or_create_contact
from giveback.engine.suggest.cache import store_revision

# Every table of records (the ones numbered per store) feeds a ranking; vectors are a cache.
TRACKED = ID_TABLES


class FixedEncoder:
    """Vectors without a model: this test is about what a cached vector writes."""

    model_id = "fixed"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    init_db(f"sqlite:///{path}").dispose()
    return path


def _revision(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT value FROM store_revision WHERE id = 1").fetchone()[0])


def test_every_table_that_feeds_a_ranking_has_its_triggers_at_the_head(store: Path) -> None:
    with sqlite3.connect(store) as db:
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    expected = {f"revision_{t}_{e}" for t in TRACKED for e in ("insert", "update", "delete")}
    assert expected <= triggers
    # A new table must be tracked here (and in the migration), or named as a cache.
    assert tables - set(TRACKED) == {
        "alembic_version", "embeddings", "store_revision", "sqlite_sequence",
    }  # fmt: skip


def test_writes_bump_the_revision_and_caches_do_not(store: Path) -> None:
    sessions = open_store(f"sqlite:///{store}")
    seen = []
    with sessions() as session:
        seen.append(store_revision(session))
        contact, _ = find_or_create_contact(session, "Ann Lee")
        session.commit()
        seen.append(store_revision(session))
        contact.tier = "close"
        session.commit()
        seen.append(store_revision(session))
        cached_vectors(session, FixedEncoder(), ["a text to embed"])
        session.commit()
        seen.append(store_revision(session))
        session.delete(contact)
        session.commit()
        seen.append(store_revision(session))
    assert None not in seen
    start, inserted, updated, cached, deleted = (int(r or 0) for r in seen)
    assert start < inserted < updated == cached < deleted


def test_a_store_from_before_gets_a_revision_on_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0005_dismissal_reasons")
    engine.dispose()
    init_db(url).dispose()
    with sqlite3.connect(tmp_path / "old.db") as db:
        assert _revision(db) == 0
    engine = make_engine(url)
    command.downgrade(alembic_config(engine), "0005_dismissal_reasons")
    engine.dispose()
    with sqlite3.connect(tmp_path / "old.db") as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "store_revision" not in names and not any(n.startswith("revision_") for n in names)
