"""A throwaway store for the evals: a labeled scenario is loaded, scored and thrown away, and
the user's own store is never touched."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from giveback.core.db import init_db, make_session_factory
from giveback.core.errors import InvalidInput
from giveback.core.store_files import sqlite_url_for_path


@contextmanager
def scratch_store() -> Iterator[Session]:
    """A session on a new store in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="giveback-eval-") as tmp:
        engine = init_db(sqlite_url_for_path(Path(tmp) / "eval.db"))
        try:
            with make_session_factory(engine)() as session:
                yield session
        finally:
            engine.dispose()


@contextmanager
def scenario_read(folder: Path) -> Iterator[None]:
    """Reading a scenario's files: a malformed one is one clear error naming the folder."""
    try:
        yield
    except (ValueError, KeyError, TypeError) as exc:
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InvalidInput(f"{folder} is not a valid scenario: {detail}") from None
