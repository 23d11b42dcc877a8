"""The user's own needs and the asks made for them: who could help the user, asked well.

``needs`` holds what the user needs (typed in, or heard in a note as a signal about the user);
``asks`` holds each ask made of a contact and how it went (a granted ask points at the favor
received it became). Both count as records: their writes bump the store revision, and their
ids come from the store's own range (AUTOINCREMENT on SQLite), like every other table's.

Revision ID: 0007_asks
Revises: 0006_store_revision
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_asks"
down_revision: str | None = "0006_store_revision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("needs", "asks")
_BUMP = "UPDATE store_revision SET value = value + 1 WHERE id = 1"


def _table_kwargs() -> dict[str, bool]:
    return {"sqlite_autoincrement": True} if op.get_bind().dialect.name == "sqlite" else {}


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "needs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("need_date", sa.Date, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column(
            "signal_id",
            sa.Integer,
            sa.ForeignKey("signals.id", name="fk_needs_signal_id_signals", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column(
            "note_id",
            sa.Integer,
            sa.ForeignKey("notes.id", name="fk_needs_note_id_notes", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("evidence", sa.Text, nullable=True),
        sa.Column("done_on", sa.Date, nullable=True),
        sa.Column("done_evidence", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("source IN ('manual', 'note')", name="ck_needs_source"),
        sa.UniqueConstraint("signal_id", name="uq_needs_signal_id"),
        **_table_kwargs(),
    )
    op.create_index("ix_needs_note_id", "needs", ["note_id"])
    op.create_table(
        "asks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "need_id",
            sa.Integer,
            sa.ForeignKey("needs.id", name="fk_asks_need_id_needs", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column(
            "contact_id",
            sa.Integer,
            sa.ForeignKey("contacts.id", name="fk_asks_contact_id_contacts", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("asked_on", sa.Date, nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("outcome_on", sa.Date, nullable=True),
        sa.Column(
            "entry_id",
            sa.Integer,
            sa.ForeignKey(
                "ledger_entries.id", name="fk_asks_entry_id_ledger_entries", ondelete="SET NULL"
            ),
            nullable=True,
        ),
        sa.Column("draft", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('pending', 'granted', 'declined', 'no_answer')", name="ck_asks_outcome"
        ),
        **_table_kwargs(),
    )
    op.create_index("ix_asks_need_id", "asks", ["need_id"])
    op.create_index("ix_asks_entry_id", "asks", ["entry_id"])
    op.create_index("ix_asks_contact_date", "asks", ["contact_id", "asked_on"])
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER revision_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION giveback_bump_revision()"
            )
        return
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(
                f"CREATE TRIGGER revision_{table}_{event} AFTER {event.upper()} ON {table} "
                f"BEGIN {_BUMP}; END"
            )


def downgrade() -> None:
    """Revert this migration."""
    # Dropping a table drops its triggers on both engines.
    op.drop_table("asks")
    op.drop_table("needs")
