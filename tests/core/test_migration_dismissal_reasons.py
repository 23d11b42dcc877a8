"""Migration 0005_dismissal_reasons on a store at 0004 with dismissals in it."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy.exc import IntegrityError

from giveback.core.db import alembic_config, init_db, make_engine

BEFORE = "0004_closures"
NOW = "2026-01-01 00:00:00"


def _store_at_0004(db_url: str) -> None:
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), BEFORE)
    with engine.begin() as conn:
        sql = conn.exec_driver_sql
        sql(
            "INSERT INTO contacts (id, name, name_key, aliases, tags, tier, created_at, "
            f"updated_at) VALUES (1, 'Ann Lee', 'ann lee', '[]', '[]', NULL, '{NOW}', '{NOW}')"
        )
        sql(
            "INSERT INTO catalog_items (id, external_id, type, title, text, url, tags, "
            "contact_id, source, content_hash, created_at, updated_at) VALUES (1, 'art-x', "
            f"'article', 'X', 'x', NULL, '[]', NULL, 'test', 'h', '{NOW}', '{NOW}')"
        )
        sql(
            "INSERT INTO feedback (id, contact_id, item_id, action, until, created_at) "
            f"VALUES (1, 1, 1, 'dismiss', NULL, '{NOW}')"
        )
    engine.dispose()


def _feedback_sql(fid: int, action: str, reason: str) -> str:
    return (
        "INSERT INTO feedback (id, contact_id, item_id, action, until, created_at, reason) "
        f"VALUES ({fid}, 1, 1, '{action}', NULL, '{NOW}', '{reason}')"
    )


def test_an_older_dismissal_keeps_no_reason_and_a_new_one_may_have_one(db_url: str) -> None:
    _store_at_0004(db_url)
    engine = init_db(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(_feedback_sql(2, "dismiss", "already_has"))
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, reason FROM feedback ORDER BY id").all()
    assert [tuple(r) for r in rows] == [(1, None), (2, "already_has")]
    engine.dispose()


def test_an_unknown_reason_is_refused(db_url: str) -> None:
    _store_at_0004(db_url)
    engine = init_db(db_url)
    with pytest.raises(IntegrityError, match="ck_feedback_reason"), engine.begin() as conn:
        conn.exec_driver_sql(_feedback_sql(2, "dismiss", "boring"))
    engine.dispose()


def test_downgrade_to_0004_keeps_the_dismissals(db_url: str) -> None:
    _store_at_0004(db_url)
    engine = init_db(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(_feedback_sql(2, "dismiss", "wrong_person"))
    command.downgrade(alembic_config(engine), BEFORE)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, action FROM feedback ORDER BY id").all()
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(feedback)").all()]
    assert [tuple(r) for r in rows] == [(1, "dismiss"), (2, "dismiss")]
    assert "reason" not in columns
    engine.dispose()
