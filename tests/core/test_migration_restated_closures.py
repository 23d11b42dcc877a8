"""Migration 0009_restated_closures on a store at 0008 with a signal in it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.db import alembic_config, init_db, make_engine
from giveback.core.tables import SignalRow

BEFORE = "0008_wide_ids"
NOW = "2026-01-01 00:00:00"


def _store_at_0008(db_url: str) -> None:
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), BEFORE)
    with engine.begin() as conn:
        sql = conn.exec_driver_sql
        sql(
            "INSERT INTO contacts (id, name, name_key, aliases, tags, tier, created_at, "
            f"updated_at) VALUES (1, 'Ann Lee', 'ann lee', '[]', '[]', NULL, '{NOW}', '{NOW}')"
        )
        sql(
            "INSERT INTO notes (id, contact_id, note_date, text, source, content_hash, "
            f"created_at) VALUES (1, 1, '2026-01-01', 'Ann got the job!!', 'cli', 'h', '{NOW}')"
        )
        sql(
            "INSERT INTO signals (id, note_id, contact_id, kind, phrase, evidence, start, "
            '"end", about, status, confidence, extractor_version, created_at) VALUES '
            f"(1, 1, 1, 'need', 'job', 'Ann got the job!!', 0, 17, 'contact', 'resolved', 0.9, "
            f"'0.3.3', '{NOW}')"
        )
    engine.dispose()


def test_a_stored_signal_restates_nothing_and_a_new_one_may(db_url: str) -> None:
    _store_at_0008(db_url)
    engine = init_db(db_url)
    with Session(engine) as session:
        old = session.get(SignalRow, 1)
        assert old is not None and old.restates_closure is False
        new = SignalRow(note_id=1, contact_id=1, kind="need", phrase="job", evidence="Ann got",
                        start=0, end=7, status="resolved", extractor_version="0.3.5",
                        restates_closure=True)  # fmt: skip
        session.add(new)
        session.commit()
        marks = session.execute(select(SignalRow.id, SignalRow.restates_closure)).all()
    assert dict(marks)[1] is False and sorted(mark for _, mark in marks) == [False, True]
    engine.dispose()


def test_downgrade_to_0008_keeps_the_signals(db_url: str) -> None:
    _store_at_0008(db_url)
    engine = init_db(db_url)
    command.downgrade(alembic_config(engine), BEFORE)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, phrase FROM signals").all()
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(signals)").all()]
        table = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'signals'"
        ).scalar_one()
        triggers = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'signals'"
        ).scalar_one()
    assert [tuple(r) for r in rows] == [(1, "job")]
    assert "restates_closure" not in columns
    # The table was not rebuilt: its id range (0003) and revision triggers (0006) are kept.
    assert "AUTOINCREMENT" in table and triggers == 3
    engine.dispose()
