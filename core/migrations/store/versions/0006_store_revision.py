"""A revision number for each store, bumped by the database on every write that can change a
ranking, so that rankings computed once are reused until the store changes.

Triggers do the bumping, so every writer counts: the service, the CLI, another worker, a
script. Vectors (``embeddings``) are a cache of what is already there and bump nothing.
A later migration that rebuilds one of these tables (SQLite's batch mode copies the table and
drops the old one, and its triggers with it) must create its triggers again;
tests/core/test_store_revision.py checks that every table has them at the head revision.

Revision ID: 0006_store_revision
Revises: 0005_dismissal_reasons
Create Date: 2026-12-04 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_store_revision"
down_revision: str | None = "0005_dismissal_reasons"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table of records (core.db.ID_TABLES, copied: a migration keeps the list it ran with).
TRACKED = (
    "contacts",
    "notes",
    "signals",
    "mentions",
    "catalog_items",
    "ledger_entries",
    "feedback",
    "introductions",
    "intro_outcomes",
    "thanks",
    "daily_acts",
)
_BUMP = "UPDATE store_revision SET value = value + 1 WHERE id = 1"


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "store_revision",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_store_revision_one_row"),
    )
    op.execute("INSERT INTO store_revision (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION giveback_bump_revision() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in TRACKED:
            op.execute(
                f"CREATE TRIGGER revision_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION giveback_bump_revision()"
            )
        return
    for table in TRACKED:
        for event in ("insert", "update", "delete"):
            op.execute(
                f"CREATE TRIGGER revision_{table}_{event} AFTER {event.upper()} ON {table} "
                f"BEGIN {_BUMP}; END"
            )


def downgrade() -> None:
    """Revert this migration."""
    if op.get_bind().dialect.name == "postgresql":
        for table in TRACKED:
            op.execute(f"DROP TRIGGER IF EXISTS revision_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS giveback_bump_revision()")
    else:
        for table in TRACKED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS revision_{table}_{event}")
    op.drop_table("store_revision")
