"""A store on a full disk, for real: SQLite refuses to grow it and says "database or disk is full".

A tiny filesystem cannot be mounted here, so every new connection to the store gets
``PRAGMA max_page_count`` set to the pages it has: reads and in-place changes work, and any
write that needs one more page fails inside SQLite exactly as on a full disk (SQLITE_FULL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def full_disk(store: Path) -> Iterator[None]:
    """While the block runs, connections opened to ``store`` cannot make it any larger.

    Connections already open keep their room: dispose of their engine (or open the store
    afresh) inside the block.
    """
    target = os.path.realpath(store)

    def cap(dbapi_connection: Any, _record: Any) -> None:
        listed = dbapi_connection.execute("PRAGMA database_list").fetchall()
        files = [os.path.realpath(row[2]) for row in listed]
        if target in files:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)
