"""Locks on one store that hold across threads, processes and service workers.

Storing a note looks for an identical one first and may create its contact; migrating a store
checks its revision and then moves it. Each is a check and a write that must be one step,
whichever worker of ``giveback serve --workers N`` (or whichever CLI process) runs it. So the
lock lives where every process can see it:

- PostgreSQL: an advisory lock, keyed by the store's schema and the lock's name, held by a
  connection of its own for as long as the block runs (on every machine that shares the
  database);
- a SQLite file: ``flock`` on a lock file beside it (``giveback.db.notes.lock``). ``flock``
  locks belong to an open file, so two threads of one process exclude each other too;
- anything else (an in-memory database): a lock of this process.
"""

from __future__ import annotations

import fcntl
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from giveback.core.postgres import locking_engine, schema_in

_LOCAL: dict[str, threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


def lock_key(scope: str, name: str) -> int:
    """The advisory lock number of ``name`` in ``scope`` (a signed 32-bit int)."""
    return zlib.crc32(f"giveback:{scope}:{name}".encode()) - 2**31


@contextmanager
def store_lock(engine: Engine, name: str) -> Iterator[None]:
    """Hold the lock ``name`` of the store ``engine`` opens, across processes."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name):
            yield
        return
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and database and not _in_memory(database):
        with file_lock(Path(database).expanduser().with_name(f"{Path(database).name}.{name}.lock")):
            yield
        return
    with _LOCAL_GUARD:
        lock = _LOCAL.setdefault(f"{engine.url}|{name}", threading.Lock())
    with lock:
        yield


def _in_memory(database: str) -> bool:
    return database == ":memory:" or database.startswith("file:")


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` (made 0600 if missing) while the block runs."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases its lock, also after a crash


@contextmanager
def _advisory(engine: Engine, name: str) -> Iterator[None]:
    # On a connection of its own, not one of the store's: a request waiting here holds
    # nothing the requests ahead of it need.
    key = lock_key(schema_in(engine) or "public", name)
    with locking_engine(engine).connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
