"""A store that cannot be written because its disk is full (or failing): one clear error.

SQLite says "database or disk is full" or, when the disk fills under its journal, only "disk
I/O error". :func:`on_store_error` (an engine's ``handle_error`` hook, set by ``make_engine``)
turns both into :class:`DiskFull`, saying which store, that the disk is full and what to do.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import OperationalError

from giveback.core.errors import GivebackError

SQLITE_IOERR = 10
SQLITE_FULL = 13
# Below this much free space, a disk I/O error is taken for a full disk.
NEARLY_FULL_BYTES = 64 * 1024 * 1024


class DiskFull(GivebackError, OperationalError):
    """A store could not be written: its disk is full, or failing.

    A domain error, so the CLI and the API say it in one clear sentence; and still the
    SQLAlchemy ``OperationalError`` it stands for, so code that handles store errors (a retry,
    a rollback) handles it as before.
    """

    def __init__(self, original: OperationalError, cause: BaseException, message: str) -> None:
        super().__init__(
            original.statement,
            original.params,
            cause,
            hide_parameters=True,
            connection_invalidated=original.connection_invalidated,
            code=original.code,
        )
        self.message = message

    def __str__(self) -> str:
        return self.message


def _free_bytes(path: Path | None) -> int | None:
    """Free space on the disk holding ``path`` (its nearest existing folder), if known."""
    folder = path.parent if path is not None else None
    while folder is not None and not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder is None:
        return None
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_trouble(error: BaseException, store: Path | None) -> str | None:
    """What to tell the user when SQLite's ``error`` means the disk is full or failing."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        text = str(error).lower()
        code = SQLITE_FULL if "disk is full" in text else SQLITE_IOERR if "i/o" in text else 0
    primary = code & 0xFF
    if primary not in (SQLITE_FULL, SQLITE_IOERR):
        return None
    where = f"the store {store}" if store is not None else "the store"
    free = _free_bytes(store)
    if primary == SQLITE_FULL or (free is not None and free < NEARLY_FULL_BYTES):
        return (
            f"the disk is full: {where} cannot be written (SQLite: {error}). Free some space "
            "on that disk, or move GIVEBACK_HOME (or --db) to a disk with room, then try "
            "again; what failed was not saved"
        )
    return (
        f"{where} cannot be written: a disk I/O error (SQLite: {error}). Check that its "
        "disk has free space and is still attached and working, then try again; what failed "
        "was not saved"
    )


def on_store_error(store: Path | None, context: ExceptionContext) -> BaseException | None:
    """An engine's ``handle_error`` hook: a full or failing disk becomes :class:`DiskFull`."""
    wrapped = context.sqlalchemy_exception
    if not isinstance(wrapped, OperationalError) or isinstance(wrapped, DiskFull):
        return None
    cause = context.original_exception
    message = disk_trouble(cause, store)
    return DiskFull(wrapped, cause, message) if message is not None else None
