"""Why a suggestion was dismissed: not relevant, already has it, or the wrong person.

The reason teaches the ranking for that contact (items like one dismissed as "not relevant"
score lower; "wrong person" twice as much; "already has it" lowers nothing else) and, in
aggregate, the bar below which nothing is suggested. Dismissals made before this revision
keep no reason, and count as "not relevant", which is what a dismissal meant then.

Revision ID: 0005_dismissal_reasons
Revises: 0004_closures
Create Date: 2026-12-04 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision: str = "0005_dismissal_reasons"
down_revision: str | None = "0004_closures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REASONS = "reason IS NULL OR reason IN ('not_relevant', 'already_has', 'wrong_person')"


def _recreate() -> Literal["always", "auto"]:
    # SQLite rebuilds the table (keeping AUTOINCREMENT); PostgreSQL alters it in place, since
    # a rebuild would have to drop a key that other tables' foreign keys depend on.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def _table_kwargs() -> dict[str, bool]:
    return {"sqlite_autoincrement": True} if op.get_bind().dialect.name == "sqlite" else {}


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table(
        "feedback", recreate=_recreate(), table_kwargs=_table_kwargs()
    ) as batch:
        batch.add_column(sa.Column("reason", sa.String(20), nullable=True))
        batch.create_check_constraint(batch.f("ck_feedback_reason"), REASONS)


def downgrade() -> None:
    """Revert this migration (the reasons are lost; the dismissals stay)."""
    with op.batch_alter_table(
        "feedback", recreate=_recreate(), table_kwargs=_table_kwargs()
    ) as batch:
        batch.drop_constraint(batch.f("ck_feedback_reason"), type_="check")
        batch.drop_column("reason")
