"""Ids are never reused, and a store can number its rows from a base of its own.

Every table with an integer id becomes AUTOINCREMENT on SQLite, so its next id comes from
``sqlite_sequence``. A user's store sets that sequence to a base of its own
(:func:`giveback.core.db.reserve_id_range`): ids from different users' stores never coincide,
and an id of a deleted row is never handed to a new one. Data and constraints are kept as they are.

Revision ID: 0003_id_ranges
Revises: 0002_reciprocity
Create Date: 2026-11-23 17:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003_id_ranges"
down_revision: str | None = "0002_reciprocity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Parents before children, so a rebuilt child's foreign keys point at rebuilt parents.
TABLES = (
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


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    """Apply this migration."""
    _rebuild(True)


def downgrade() -> None:
    """Revert this migration."""
    _rebuild(False)
