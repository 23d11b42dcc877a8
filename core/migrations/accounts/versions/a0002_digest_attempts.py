"""The digest sent-log learns when a user's digest was last tried.

A failed send is retried by later runs only after a backoff that grows with each failure; the
backoff counts from ``last_attempt_at``. A claim (status ``sending``) also stamps it, so an
interrupted run leaves a row that says when it was taken.

Revision ID: a0002
Revises: a0001
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a0002"
down_revision: str | None = "a0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("digest_sends", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_attempt_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("digest_sends", schema=None) as batch_op:
        batch_op.drop_column("last_attempt_at")
