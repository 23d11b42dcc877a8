"""Personal data is created private: stores, the registry, the key and the index cache are
files of mode 0600 in folders of mode 0700, whatever the process's umask.

Every test runs under the usual umask 022, under which a plain ``mkdir`` or SQLite's own file
creation gives 0755 and 0644 (world-readable).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from giveback.core.db import init_accounts_db, make_session_factory, open_store
from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.settings import get_settings
from giveback.engine.accounts.registry import UserStores, add_user
from giveback.engine.catalog import index as catalog_index
from giveback.engine.catalog.index import load_catalog_index
from giveback.engine.catalog.store import ImportSummary, upsert_records


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True, params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The usual umask, and none at all: privacy must not depend on it."""
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A GIVEBACK_HOME that does not exist yet, two folders deep."""
    path = tmp_path / "data" / "giveback"
    monkeypatch.setenv("GIVEBACK_HOME", str(path))
    monkeypatch.delenv("GIVEBACK_ACCOUNTS_URL", raising=False)
    monkeypatch.delenv("GIVEBACK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_a_new_store_and_its_folders_are_private(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "giveback.db"
    sessions = open_store(f"sqlite:///{db}")
    with sessions() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS probe (x)"))
        session.execute(text("INSERT INTO probe VALUES (1)"))
        session.commit()
        # While a connection is open, SQLite's WAL and shared-memory files exist beside it.
        wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
        assert wal.exists() and shm.exists()
        assert (mode(wal), mode(shm)) == (0o600, 0o600)
    sessions.kw["bind"].dispose()
    assert mode(db) == 0o600
    assert (mode(db.parent), mode(db.parent.parent)) == (0o700, 0o700)


def test_folders_and_stores_that_exist_keep_their_modes(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    old = shared / "old.db"
    old.touch()
    old.chmod(0o640)
    for path in (old, shared / "new.db"):
        open_store(f"sqlite:///{path}").kw["bind"].dispose()
    assert (mode(shared), mode(old), mode(shared / "new.db")) == (0o755, 0o640, 0o600)


def test_the_registry_and_each_users_store_are_private(home: Path) -> None:
    accounts = make_session_factory(init_accounts_db())
    with accounts() as session:
        user = add_user(session, "ann")
    stores = UserStores()
    try:
        with stores.sessions(user)() as store:
            store.execute(text("SELECT 1"))
    finally:
        stores.dispose()
        accounts.kw["bind"].dispose()
    user_store = home / "users" / str(user.id) / "giveback.db"
    assert (mode(home), mode(home.parent)) == (0o700, 0o700)
    assert mode(home / "accounts.db") == 0o600
    assert (mode(home / "users"), mode(user_store.parent), mode(user_store)) == (
        0o700,
        0o700,
        0o600,
    )


def test_the_secret_key_and_its_folder_are_private(home: Path) -> None:
    assert len(get_settings().resolved_secret_key()) >= 32
    assert (mode(home), mode(home / "secret_key")) == (0o700, 0o600)


def test_the_saved_catalog_index_is_private(tmp_path: Path, embedder: Any) -> None:
    db = tmp_path / "store" / "giveback.db"
    sessions = open_store(f"sqlite:///{db}")
    records = [
        CatalogRecord("con-priya", ItemType.CONTACT, "Priya Raman", "SaaS contracts lawyer."),
        CatalogRecord("art-trail", ItemType.ARTICLE, "Trail running", "Shoes and races."),
    ]
    with sessions() as session:
        upsert_records(session, records, ImportSummary("t", "t"), source="t")
        session.commit()
        cache = tmp_path / "cache" / "index"
        catalog_index._MEMORY.clear()  # as a new process: built and saved, not remembered
        load_catalog_index(session, embedder, cache_dir=cache)
    sessions.kw["bind"].dispose()
    saved = list(cache.glob("catalog-*.joblib"))
    assert len(saved) == 1 and mode(saved[0]) == 0o600
    assert (mode(cache), mode(cache.parent)) == (0o700, 0o700)
