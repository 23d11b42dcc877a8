"""Closures across notes, and cautions.

A later note that closes a signal is recorded on the signal: which note, which sentence of it
(offsets and text), how (met, given by someone else, postponed, ...) and how sure the listener
was. A closure the user rejected is remembered (``reopened_note_id``), so listening to that note
again does not close the signal again. The old ``resolved_by_id`` link (a later resolved need
with a matching phrase) becomes a closure of the same sentence, how "met", and is dropped.
Signals may now be cautions ("don't send her anything about wine").

Revision ID: 0004_closures
Revises: 0003_id_ranges
Create Date: 2026-12-03 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision: str = "0004_closures"
down_revision: str | None = "0003_id_ranges"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = "kind IN ('interest', 'need', 'event', 'commitment')"
KINDS_AFTER = "kind IN ('interest', 'need', 'event', 'commitment', 'caution')"


def _recreate() -> Literal["always", "auto"]:
    # SQLite rebuilds the table (keeping AUTOINCREMENT); PostgreSQL alters it in place, since
    # a rebuild would have to drop a key that other tables' foreign keys depend on.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def _table_kwargs() -> dict[str, bool]:
    return {"sqlite_autoincrement": True} if op.get_bind().dialect.name == "sqlite" else {}


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table(
        "signals", recreate=_recreate(), table_kwargs=_table_kwargs()
    ) as batch:
        batch.add_column(sa.Column("closed_by_note_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_evidence", sa.Text(), nullable=True))
        batch.add_column(sa.Column("closed_how", sa.String(20), nullable=True))
        batch.add_column(sa.Column("closed_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("reopened_note_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_signals_closed_by_note_id_notes"),
            "notes",
            ["closed_by_note_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_signals_closed_by_note_id"), ["closed_by_note_id"])
        batch.drop_constraint(batch.f("ck_signals_kind"), type_="check")
        batch.create_check_constraint(batch.f("ck_signals_kind"), KINDS_AFTER)
    op.execute(
        "UPDATE signals SET closed_by_note_id = (SELECT r.note_id FROM signals r "
        "WHERE r.id = signals.resolved_by_id), "
        "closed_start = (SELECT r.start FROM signals r WHERE r.id = signals.resolved_by_id), "
        'closed_end = (SELECT r."end" FROM signals r WHERE r.id = signals.resolved_by_id), '
        "closed_evidence = (SELECT r.evidence FROM signals r WHERE r.id = signals.resolved_by_id), "
        "closed_how = 'met', closed_confidence = 1.0 WHERE resolved_by_id IS NOT NULL"
    )
    with op.batch_alter_table(
        "signals", recreate=_recreate(), table_kwargs=_table_kwargs()
    ) as batch:
        batch.drop_index(batch.f("ix_signals_resolved_by_id"))
        batch.drop_constraint(batch.f("fk_signals_resolved_by_id_signals"), type_="foreignkey")
        batch.drop_column("resolved_by_id")


def downgrade() -> None:
    """Revert this migration (closures by a matching resolved need come back as links)."""
    op.execute("DELETE FROM signals WHERE kind = 'caution'")
    with op.batch_alter_table(
        "signals", recreate=_recreate(), table_kwargs=_table_kwargs()
    ) as batch:
        batch.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_signals_resolved_by_id_signals"),
            "signals",
            ["resolved_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_signals_resolved_by_id"), ["resolved_by_id"])
    op.execute(
        "UPDATE signals SET resolved_by_id = (SELECT r.id FROM signals r "
        "WHERE r.note_id = signals.closed_by_note_id AND r.start = signals.closed_start "
        "AND r.kind = signals.kind AND r.status = 'resolved' LIMIT 1) "
        "WHERE closed_by_note_id IS NOT NULL"
    )
    with op.batch_alter_table(
        "signals", recreate=_recreate(), table_kwargs=_table_kwargs()
    ) as batch:
        batch.drop_index(batch.f("ix_signals_closed_by_note_id"))
        batch.drop_constraint(batch.f("fk_signals_closed_by_note_id_notes"), type_="foreignkey")
        for column in (
            "closed_by_note_id",
            "closed_start",
            "closed_end",
            "closed_evidence",
            "closed_how",
            "closed_confidence",
            "reopened_note_id",
        ):
            batch.drop_column(column)
        batch.drop_constraint(batch.f("ck_signals_kind"), type_="check")
        batch.create_check_constraint(batch.f("ck_signals_kind"), KINDS_BEFORE)
