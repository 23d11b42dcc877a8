"""Migration 0002_reciprocity on a store created by 0001 with data in it: nothing is lost."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import Engine, inspect, select

from giveback.core.db import alembic_config, init_db, make_engine, make_session_factory
from giveback.core.tables import Contact, Feedback, LedgerEntry, ThankItem


def _store_at_0001(db_url: str) -> Engine:
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0001")
    engine.dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        sql = conn.exec_driver_sql
        sql(
            "INSERT INTO contacts (id, name, name_key, aliases, tags, tier, created_at, "
            "updated_at) VALUES (1, 'Ann Lee', 'ann lee', '[\"Ann\"]', '[]', 'close', "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        sql(
            "INSERT INTO catalog_items (id, external_id, type, title, text, tags, "
            "content_hash, created_at, updated_at) VALUES (1, 'art-x', 'article', 'X', '', "
            "'[]', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        sql(
            "INSERT INTO ledger_entries (id, contact_id, direction, kind, description, "
            "item_id, value, entry_date, created_at) VALUES "
            "(1, 1, 'received', 'advice', 'read my draft', NULL, NULL, '2026-02-01', "
            "'2026-02-01 00:00:00'), "
            "(2, 1, 'given', 'article', 'X', 1, 20.0, '2026-02-03', '2026-02-03 00:00:00')"
        )
        sql(
            "INSERT INTO feedback (id, contact_id, item_id, action, until, created_at) VALUES "
            "(1, 1, 1, 'dismiss', NULL, '2026-02-04 00:00:00')"
        )
    return engine


def test_upgrade_keeps_data_and_opens_thanks_for_favors_received(db_url: str) -> None:
    _store_at_0001(db_url).dispose()
    engine = init_db(db_url)  # what every command does: migrate on open
    tables = set(inspect(engine).get_table_names())
    assert {"introductions", "intro_outcomes", "thanks", "daily_acts"} <= tables
    with make_session_factory(engine)() as session:
        ann = session.scalars(select(Contact)).one()
        assert (ann.name, ann.aliases, ann.tier, ann.cadence_days) == (
            "Ann Lee",
            ["Ann"],
            "close",
            None,
        )
        entries = session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)).all()
        assert [(e.direction, e.origin, e.value, e.intro_id) for e in entries] == [
            ("received", "manual", None, None),
            ("given", "manual", 20.0, None),
        ]
        [thank] = session.scalars(select(ThankItem)).all()
        assert (thank.entry_id, thank.contact_id, thank.opened_on, thank.thanked_on) == (
            1,
            1,
            date(2026, 2, 1),
            None,
        )
        assert session.scalars(select(Feedback.action)).all() == ["dismiss"]
    engine.dispose()


def test_downgrade_drops_only_what_0002_added(db_url: str) -> None:
    _store_at_0001(db_url).dispose()
    engine = init_db(db_url)
    command.downgrade(alembic_config(engine), "0001")
    engine.dispose()
    engine = make_engine(db_url)
    inspector = inspect(engine)
    assert "thanks" not in inspector.get_table_names()
    assert "origin" not in {c["name"] for c in inspector.get_columns("ledger_entries")}
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM ledger_entries").scalar() == 2
        assert conn.exec_driver_sql("SELECT count(*) FROM feedback").scalar() == 1
    engine.dispose()
    init_db(db_url).dispose()  # and back up again
