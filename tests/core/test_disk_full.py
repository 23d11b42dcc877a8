"""A store on a full disk: SQLite's error becomes one clear :class:`DiskFull`, nothing is
half-written, and what could be read before can still be read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from giveback.core.db import open_store
from giveback.core.disk import DiskFull, disk_trouble
from giveback.core.errors import GivebackError
from giveback.core.tables import CatalogItem
from tests.support.disk import full_disk


def _item(n: int) -> CatalogItem:
    return CatalogItem(
        external_id=f"art-{n}",
        type="article",
        title=f"Guide {n}",
        text="long text " * 2000,  # a few pages of its own: a write the full disk cannot take
        content_hash=f"{n:064d}",
    )


def test_a_write_to_a_full_disk_says_so_and_keeps_nothing(db_path: Path) -> None:
    sessions = open_store(f"sqlite:///{db_path}")
    with sessions() as session:
        session.add(_item(0))
        session.commit()
    with full_disk(db_path):
        sessions.kw["bind"].dispose()  # new connections, on the full disk
        with sessions() as session:
            session.add_all([_item(1), _item(2)])
            with pytest.raises(DiskFull) as raised:
                session.commit()
            session.rollback()
            # What was stored before is still there, and nothing of the failed write.
            assert session.scalar(select(func.count(CatalogItem.id))) == 1
    sessions.kw["bind"].dispose()
    message = str(raised.value)
    assert message.startswith("the disk is full: the store ") and str(db_path) in message
    assert "Free some space" in message and "try again" in message
    assert "database or disk is full" in message  # SQLite's own words, for a search
    # Still the store error it stands for: code that handles those (a retry) still does.
    assert isinstance(raised.value, OperationalError) and isinstance(raised.value, GivebackError)
    with sessions() as session:  # room again: the same write now succeeds
        session.add_all([_item(1), _item(2)])
        session.commit()
        assert session.scalar(select(func.count(CatalogItem.id))) == 3
    sessions.kw["bind"].dispose()


def test_an_io_error_on_a_disk_with_room_is_not_called_full(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    message = disk_trouble(error, tmp_path / "giveback.db")
    assert message is not None and "disk I/O error" in message
    assert "disk is full" not in message and "free space" in message


@pytest.mark.parametrize(
    "error",
    [sqlite3.OperationalError("database is locked"), ValueError("database or disk is full")],
)
def test_other_errors_are_left_alone(tmp_path: Path, error: Exception) -> None:
    assert disk_trouble(error, tmp_path / "giveback.db") is None
