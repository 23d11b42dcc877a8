"""Ids as 64-bit integers on PostgreSQL, so each user's store can number in its own range.

Every store numbers its rows from a base of its own (user id x 10^9, migration 0003): an id
from one user's store then never names a record in another's. SQLite's INTEGER is 64 bits
already; PostgreSQL's is 32, which ends at user 2. So on PostgreSQL every id and every column
that holds one (``id`` and ``..._id``) becomes BIGINT, and so do the sequences behind them.
On SQLite this migration changes nothing.

Revision ID: 0008_wide_ids
Revises: 0007_asks
Create Date: 2026-12-04 17:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_wide_ids"
down_revision: str | None = "0007_asks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns that hold ids: a table's own id and every reference to one.
_ID_COLUMNS = (
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = :type "
    "AND (column_name = 'id' OR column_name LIKE '%\\_id') ORDER BY table_name, column_name"
)
_SEQUENCES = (
    "SELECT sequencename FROM pg_sequences "
    "WHERE schemaname = current_schema() AND data_type = CAST(:type AS regtype)"
)


def _widen(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, column in bind.execute(sa.text(_ID_COLUMNS), {"type": old}).all():
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {new}')
    for (sequence,) in bind.execute(sa.text(_SEQUENCES), {"type": old}).all():
        op.execute(f'ALTER SEQUENCE "{sequence}" AS {new}')


def upgrade() -> None:
    """Apply this migration."""
    _widen("integer", "bigint")


def downgrade() -> None:
    """Revert this migration (fails on PostgreSQL if an id no longer fits in 32 bits)."""
    _widen("bigint", "integer")
