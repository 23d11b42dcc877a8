"""Shared fixtures: a real SQLite file per test, the real models once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from giveback.core.db import init_db, make_session_factory
from giveback.core.store_files import sqlite_url_for_path
from tests.support.fakes import FakeListener

if TYPE_CHECKING:
    from giveback.pipelines.embedding.encoder import Embedder
    from giveback.pipelines.extraction import Listener

FAKE_VERSION = "fake-1"

# Shared fixtures of the API, digest and browser tests (registered here, so pytest imports
# them as plugins before any test module imports their helpers).
pytest_plugins = [
    "pytester",
    "tests.support.postgres",  # first: the API's fixtures import it
    "tests.support.api",
    "tests.support.digest",
    "tests.support.browser",
]


@pytest.fixture(scope="session")
def listener() -> Listener:
    """The real spaCy listener, loaded once for the whole test session."""
    from giveback.pipelines.extraction import get_listener

    return get_listener()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real sentence embedder (the process-wide one the CLI uses), loaded once."""
    from giveback.pipelines.embedding.encoder import get_embedder

    embedder = get_embedder()
    embedder.encode(["warm up"])  # load the model here, not inside the first test that uses it
    return embedder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's SQLite store lives (nested, so folder creation is exercised)."""
    return tmp_path / "store" / "giveback.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    """The SQLAlchemy URL of this test's store."""
    return sqlite_url_for_path(db_path)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on a freshly migrated store."""
    engine = init_db(db_url)
    with make_session_factory(engine)() as s:
        yield s
    engine.dispose()


@pytest.fixture
def fake() -> FakeListener:
    """The scripted listener, for tests about storage mechanics."""
    return FakeListener()
