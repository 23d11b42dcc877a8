"""A store's SQLite file, the schema it must be at, and a read-only look at it.

Everything here is plain Python and the standard library's ``sqlite3``: a command that only
lists what the store holds (``giveback contacts``) reads it without loading SQLAlchemy and the
table mappings (0.12 s of a 0.3 s budget). Opening a store to change it, or one that is not at
the newest schema, goes through :mod:`giveback.core.db`, which migrates first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import unquote

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations" / "store"
ACCOUNTS_MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations" / "accounts"
# The newest revision of each, so that a store already there is opened without loading
# Alembic (a third of a second of every command); tests/core/test_migrations.py checks them.
HEADS = {MIGRATIONS_DIR: "0009_restated_closures", ACCOUNTS_MIGRATIONS_DIR: "a0003"}
SQLITE_BUSY_TIMEOUT_MS = 10_000


def sqlite_url_for_path(path: str | Path) -> str:
    """A SQLAlchemy URL for a SQLite file path (``~`` expanded, made absolute)."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def sqlite_file_of(url: str) -> Path | None:
    """The database file of a SQLite URL (``sqlite:///path``, any driver, options after ``?``
    aside), read as SQLAlchemy reads it; ``None`` for an in-memory database or another
    backend."""
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] != "sqlite" or not rest.startswith("/"):
        return None
    database = unquote(rest[1:].partition("?")[0])
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def read_only_store(url: str) -> sqlite3.Connection | None:
    """A read-only connection to the store at ``url`` when it is a SQLite file at the newest
    schema; ``None`` otherwise (another backend, no file yet, a store to migrate first, a file
    that is not a store), and the caller opens it through :mod:`giveback.core.db`."""
    path = sqlite_file_of(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
        )
    except sqlite3.Error:
        return None
    try:
        revisions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        revisions = []
    if revisions != [(HEADS[MIGRATIONS_DIR],)]:
        connection.close()
        return None
    return connection
