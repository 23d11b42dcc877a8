"""One store per user, and user ids never reused (a user's store folder is named by their id).

Revision ID: a0003
Revises: a0002
Create Date: 2026-11-23 19:10:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from alembic import op

revision: str = "a0003"
down_revision: str | None = "a0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _recreate() -> Literal["always", "auto"]:
    # SQLite rebuilds the table (keeping AUTOINCREMENT); PostgreSQL alters it in place, since
    # a rebuild would have to drop the key that api_tokens and digest_sends depend on.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    """Apply this migration."""
    kwargs = {"sqlite_autoincrement": True} if op.get_bind().dialect.name == "sqlite" else {}
    with op.batch_alter_table("users", recreate=_recreate(), table_kwargs=kwargs) as batch:
        batch.create_unique_constraint(batch.f("uq_users_store_url"), ["store_url"])


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("users", recreate=_recreate()) as batch:
        batch.drop_constraint(batch.f("uq_users_store_url"), type_="unique")
