"""The store: Alembic migrations build the schema, SQLite runs in WAL with foreign keys."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from giveback.core.db import alembic_config, init_db, make_engine
from giveback.core.errors import InvalidInput
from giveback.core.settings import get_settings
from giveback.core.tables import Base, Contact, Note, SignalRow

TABLES = {
    "contacts", "notes", "signals", "mentions", "catalog_items", "embeddings",
    "ledger_entries", "feedback",
}  # fmt: skip


def test_migrations_create_the_schema_at_head(db_url: str, db_path: Path) -> None:
    engine = init_db(db_url)
    assert db_path.is_file()  # the folder was created too
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) >= TABLES
    signal_columns = {c["name"] for c in inspector.get_columns("signals")}
    assert {
        "kind",
        "phrase",
        "evidence",
        "start",
        "end",
        "about",
        "who",
        "status",
        "confidence",
        "event_date",
        "extractor_version",
        "closed_by_note_id",
        "closed_evidence",
        "reopened_note_id",
    } <= signal_columns
    assert {"content_hash", "model"} == set(
        inspector.get_pk_constraint("embeddings")["constrained_columns"]
    )
    assert any(
        u["column_names"] == ["external_id"] for u in inspector.get_unique_constraints("notes")
    )
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
    engine.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = init_db(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], "models/tables.py changed without a migration"


def test_init_db_twice_is_harmless(db_url: str) -> None:
    init_db(db_url).dispose()
    engine = init_db(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(db_url: str, db_path: Path) -> None:
    engine = init_db(db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        busy_timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_timeout is not None and busy_timeout >= 1000
    engine.dispose()


def test_default_database_lives_under_giveback_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GIVEBACK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        engine = init_db()
        assert (tmp_path / "home" / "giveback.db").is_file()
        engine.dispose()
    finally:
        get_settings.cache_clear()


def test_foreign_keys_are_enforced_and_cascade(session: Session) -> None:
    contact = Contact(name="Ann", name_key="ann", aliases=[], tags=[])
    session.add(contact)
    session.flush()
    note = Note(contact_id=contact.id, note_date=date(2024, 1, 1), text="x", content_hash="h")
    session.add(note)
    session.flush()
    session.add(
        SignalRow(
            note_id=note.id,
            contact_id=contact.id,
            kind="need",
            phrase="p",
            evidence="x",
            start=0,
            end=1,
            extractor_version="v",
        )
    )
    session.commit()
    session.delete(note)
    session.commit()
    assert session.scalars(select(SignalRow)).all() == []
    session.add(Note(contact_id=999, note_date=date(2024, 1, 1), text="x", content_hash="h"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_make_engine_leaves_other_backends_alone() -> None:
    engine = make_engine("sqlite://")  # in memory: nothing to create on disk
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.parametrize(
    "content",
    [b"hello\n", bytes(range(256)) * 20, b"SQLite format 3\x00garbage"],
    ids=["text", "random bytes", "a damaged header"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=r"is not a Giveback store .*not a SQLite database"):
        init_db(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_another_programs_database_gets_none_of_our_tables(tmp_path: Path) -> None:
    path = tmp_path / "theirs.db"
    with sqlite3.connect(path) as theirs:
        theirs.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(InvalidInput, match=r"database of something else.*recipes"):
        init_db(f"sqlite:///{path}")
    with sqlite3.connect(path) as theirs:
        tables = [r[0] for r in theirs.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["recipes"]


def test_a_store_from_a_newer_giveback_is_refused(db_url: str, db_path: Path) -> None:
    init_db(db_url)
    with sqlite3.connect(db_path) as store:
        store.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    with pytest.raises(InvalidInput, match=r"revision ffffffffffff.*newer Giveback"):
        init_db(db_url)
