"""Migration 0004_closures on a store at 0003 with data in it: links become closures."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

from giveback.core.db import alembic_config, init_db, make_engine

BEFORE = "0003_id_ranges"
NOW = "2026-01-01 00:00:00"
OLDER_NEED = "looking for a contracts lawyer"
MET = "she found a lawyer through a friend"


def _signal_sql(
    sid: int,
    note_id: int,
    status: str,
    evidence: str,
    resolved_by: int | None = None,
    kind: str = "need",
    *,
    linked: bool = True,
) -> str:
    """An insert of a need about Ann; ``linked``: the store still has ``resolved_by_id``."""
    link_column = ", resolved_by_id" if linked else ""
    link = "" if not linked else ", NULL" if resolved_by is None else f", {resolved_by}"
    return (
        'INSERT INTO signals (id, note_id, contact_id, kind, phrase, evidence, start, "end", '
        f"about, who, status, confidence, event_date, extractor_version{link_column}, "
        f"created_at) VALUES ({sid}, {note_id}, 1, '{kind}', 'lawyer', '{evidence}', 7, "
        f"{7 + len(evidence)}, 'contact', NULL, '{status}', 0.9, NULL, '0.2.0'{link}, '{NOW}')"
    )


def _store_at_0003(db_url: str) -> None:
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), BEFORE)
    engine.dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        sql = conn.exec_driver_sql
        sql(
            "INSERT INTO contacts (id, name, name_key, aliases, tags, tier, created_at, "
            f"updated_at) VALUES (1, 'Ann Lee', 'ann lee', '[\"Ann\"]', '[]', NULL, '{NOW}', "
            f"'{NOW}')"
        )
        sql(
            "INSERT INTO notes (id, contact_id, note_date, text, source, external_id, "
            "content_hash, created_at, processed_at, extractor_version, error) VALUES "
            f"(1, 1, '2026-02-01', 'Ann is {OLDER_NEED}.', 'cli', NULL, 'h1', '{NOW}', "
            f"'{NOW}', '0.2.0', NULL), "
            f"(2, 1, '2026-03-01', 'Update {MET}.', 'cli', NULL, 'h2', '{NOW}', '{NOW}', "
            "'0.2.0', NULL)"
        )
        # The newer, resolved need is inserted first: the older one's link points at it.
        sql(_signal_sql(2, 2, "resolved", MET))
        sql(_signal_sql(1, 1, "active", OLDER_NEED, 2))
    engine.dispose()


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("signals")}


def _caution_sql(sid: int, *, linked: bool = False) -> str:
    return _signal_sql(sid, 1, "active", "no wine", kind="caution", linked=linked)


def test_a_resolved_by_link_becomes_a_closure_by_the_newer_note(db_url: str) -> None:
    _store_at_0003(db_url)
    engine = init_db(db_url)  # what every command does: migrate on open
    assert "resolved_by_id" not in _columns(engine)
    assert {"closed_by_note_id", "closed_evidence", "closed_how"} <= _columns(engine)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, status, closed_by_note_id, closed_start, closed_end, closed_evidence, "
            "closed_how, closed_confidence, reopened_note_id FROM signals ORDER BY id"
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "active", 2, 7, 7 + len(MET), MET, "met", 1.0, None),
        (2, "resolved", None, None, None, None, None, None, None),
    ]
    engine.dispose()


def test_a_caution_is_accepted_at_head(db_url: str) -> None:
    _store_at_0003(db_url)
    engine = init_db(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(_caution_sql(3))
    with engine.connect() as conn:
        kinds = conn.exec_driver_sql("SELECT kind FROM signals ORDER BY id").scalars().all()
    assert kinds == ["need", "need", "caution"]
    engine.dispose()


def test_a_caution_is_refused_at_0003(db_url: str) -> None:
    _store_at_0003(db_url)
    engine = make_engine(db_url)
    with pytest.raises(IntegrityError, match="ck_signals_kind"), engine.begin() as conn:
        conn.exec_driver_sql(_caution_sql(3, linked=True))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM signals").scalar() == 2
    engine.dispose()


def test_an_unknown_kind_is_still_refused_at_head(db_url: str) -> None:
    _store_at_0003(db_url)
    engine = init_db(db_url)
    with pytest.raises(IntegrityError, match="ck_signals_kind"), engine.begin() as conn:
        conn.exec_driver_sql(_signal_sql(3, 1, "active", "x", kind="wish", linked=False))
    engine.dispose()


def test_downgrade_to_0003_brings_the_link_back(db_url: str) -> None:
    _store_at_0003(db_url)
    engine = init_db(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(_caution_sql(3))
    command.downgrade(alembic_config(engine), BEFORE)
    engine.dispose()
    engine = make_engine(db_url)
    columns = _columns(engine)
    assert "resolved_by_id" in columns
    assert not {c for c in columns if c.startswith("closed_")}
    assert "reopened_note_id" not in columns
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, kind, resolved_by_id FROM signals ORDER BY id"
        ).all()
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    # The caution has no place at 0003; the closure is the link it came from.
    assert [tuple(r) for r in rows] == [(1, "need", 2), (2, "need", None)]
    assert version == BEFORE
    with pytest.raises(IntegrityError, match="ck_signals_kind"), engine.begin() as conn:
        conn.exec_driver_sql(_caution_sql(4, linked=True))
    engine.dispose()
    init_db(db_url).dispose()  # and back up again
    engine = make_engine(db_url)
    assert "resolved_by_id" not in _columns(engine)
    engine.dispose()
