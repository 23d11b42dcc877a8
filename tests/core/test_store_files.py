"""A read-only look at a SQLite store, only when it is one at the newest schema."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from giveback.core.store_files import read_only_store, sqlite_file_of, sqlite_url_for_path


def test_a_store_at_the_newest_schema_is_read_and_never_written(
    session: Session, db_url: str
) -> None:
    connection = read_only_store(db_url)
    assert connection is not None
    with closing(connection):
        assert connection.execute("SELECT count(*) FROM contacts").fetchone() == (0,)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("INSERT INTO alembic_version VALUES ('x')")


def test_a_store_behind_the_newest_schema_is_left_to_the_migrations(
    session: Session, db_path: Path, db_url: str
) -> None:
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0008_older'")
    assert read_only_store(db_url) is None


def test_what_is_no_store_file_is_left_to_sqlalchemy(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("my own notes, not a database\n")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    for url in [
        sqlite_url_for_path(tmp_path / "missing.db"),
        sqlite_url_for_path(text),
        sqlite_url_for_path(empty),
        sqlite_url_for_path(tmp_path),
        "sqlite:///:memory:",
        "sqlite://",
        "postgresql://giveback@localhost/giveback",
    ]:
        assert read_only_store(url) is None, url
    assert text.read_text() == "my own notes, not a database\n"


@pytest.mark.parametrize(
    ("url", "path"),
    [("sqlite:////srv/giveback.db", Path("/srv/giveback.db")),
     ("sqlite:///relative.db", Path("relative.db")),
     ("sqlite+pysqlite:////srv/my%20notes/giveback.db?timeout=5",
      Path("/srv/my notes/giveback.db")),
     ("sqlite:///file:shared?mode=memory&uri=true", None),
     ("sqlite:///%3Amemory%3A", None),
     ("sqlite://", None),
     ("postgresql+psycopg://localhost/giveback", None)],
)  # fmt: skip
def test_the_file_of_a_url_is_the_one_sqlalchemy_reads(url: str, path: Path | None) -> None:
    assert sqlite_file_of(url) == path
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and path is not None:
        assert Path(parsed.database or "") == path
