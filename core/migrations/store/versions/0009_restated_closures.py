"""Signals that restate a closure: a closing sentence heard as the need it met.

The listener hears "Marcos got the estimator job at Ledcor!!" both as the closure of the earlier
need and as a need met in its own right, as the annotation guide reads it. The second reading is
marked, so the ranker can let the closed signal stand for it. Signals stored before this revision
restate nothing; listening to their notes again (the extractor version changed) marks them.

Revision ID: 0009_restated_closures
Revises: 0008_wide_ids
Create Date: 2026-12-05 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_restated_closures"
down_revision: str | None = "0008_wide_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    # Adding a column with a constant default is a plain ALTER TABLE on both databases.
    op.add_column(
        "signals",
        sa.Column("restates_closure", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    """Revert this migration (the marks are lost; the signals stay)."""
    # A plain DROP COLUMN (SQLite 3.35 and later): a batch rebuild of the table would lose its
    # AUTOINCREMENT id range and its revision triggers (migrations 0003 and 0006).
    op.drop_column("signals", "restates_closure")
