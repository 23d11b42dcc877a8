"""Reciprocity: favor origins and links, thank-yous, introductions with outcomes, cadence, days.

Existing data keeps working: every ledger entry gets ``origin = 'manual'``, and every favor
already received opens a thank-you (the rule from now on: a favor received stays "not thanked
yet" until the user records a thank-you). Downgrading drops the new tables and columns only.

Revision ID: 0002_reciprocity
Revises: 0001
Create Date: 2026-11-23 16:30:33.866073
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_reciprocity"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _contact_fk(column: str, table: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["contacts.id"], name=op.f(f"fk_{table}_{column}_contacts"), ondelete=ondelete
    )


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=True),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("introducer_id", sa.Integer(), nullable=True),
        sa.Column("intro_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "introducer_id IS NULL OR (introducer_id <> person_b_id AND "
            "(person_a_id IS NULL OR introducer_id <> person_a_id))",
            name=op.f("ck_introductions_not_introducing_self"),
        ),
        sa.CheckConstraint(
            "person_a_id IS NOT NULL OR introducer_id IS NOT NULL",
            name=op.f("ck_introductions_introducer"),
        ),
        sa.CheckConstraint(
            "person_a_id IS NULL OR person_a_id <> person_b_id",
            name=op.f("ck_introductions_two_people"),
        ),
        _contact_fk("introducer_id", "introductions"),
        _contact_fk("person_a_id", "introductions"),
        _contact_fk("person_b_id", "introductions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introductions")),
    )
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        for column in ("introducer_id", "person_a_id", "person_b_id"):
            batch_op.create_index(batch_op.f(f"ix_introductions_{column}"), [column], unique=False)

    op.create_table(
        "daily_acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("draft", sa.Text(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('give', 'thank', 'check_in', 'other')", name=op.f("ck_daily_acts_kind")
        ),
        _contact_fk("contact_id", "daily_acts", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["catalog_items.id"],
            name=op.f("fk_daily_acts_item_id_catalog_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_acts")),
        sa.UniqueConstraint("act_date", name=op.f("uq_daily_acts_act_date")),
    )
    with op.batch_alter_table("daily_acts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_daily_acts_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_daily_acts_item_id"), ["item_id"], unique=False)

    op.create_table(
        "intro_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intro_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("outcome_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('met', 'deal', 'job', 'nothing')",
            name=op.f("ck_intro_outcomes_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["intro_id"],
            ["introductions.id"],
            name=op.f("fk_intro_outcomes_intro_id_introductions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_outcomes")),
    )
    with op.batch_alter_table("intro_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intro_outcomes_intro_id"), ["intro_id"], unique=False)

    op.create_table(
        "thanks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("intro_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("thanked_on", sa.Date(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _contact_fk("contact_id", "thanks"),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_thanks_entry_id_ledger_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["intro_id"],
            ["introductions.id"],
            name=op.f("fk_thanks_intro_id_introductions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thanks")),
        sa.UniqueConstraint("contact_id", "intro_id", name=op.f("uq_thanks_contact_id")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_thanks_entry_id")),
    )
    with op.batch_alter_table("thanks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_thanks_contact_thanked", ["contact_id", "thanked_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_thanks_intro_id"), ["intro_id"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cadence_days", sa.Integer(), nullable=True))

    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=20), server_default="manual", nullable=False)
        )
        batch_op.add_column(sa.Column("intro_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_ledger_entries_intro_id"), ["intro_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_ledger_entries_intro_id_introductions"),
            "introductions",
            ["intro_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            "origin", "origin IN ('manual', 'suggestion', 'introduction', 'today')"
        )

    # Favors received before this revision open a thank-you, as every favor received does now.
    op.execute(
        "INSERT INTO thanks (contact_id, entry_id, intro_id, opened_on, thanked_on, message, "
        "created_at) SELECT contact_id, id, NULL, entry_date, NULL, '', created_at "
        "FROM ledger_entries WHERE direction = 'received' ORDER BY id"
    )


def downgrade() -> None:
    """Revert this migration (the ledger entries and contacts themselves are kept)."""
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_ledger_entries_origin"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_ledger_entries_intro_id_introductions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_ledger_entries_intro_id"))
        batch_op.drop_column("intro_id")
        batch_op.drop_column("origin")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("cadence_days")

    with op.batch_alter_table("thanks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thanks_intro_id"))
        batch_op.drop_index("ix_thanks_contact_thanked")
    op.drop_table("thanks")

    with op.batch_alter_table("intro_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intro_outcomes_intro_id"))
    op.drop_table("intro_outcomes")

    with op.batch_alter_table("daily_acts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_daily_acts_item_id"))
        batch_op.drop_index(batch_op.f("ix_daily_acts_contact_id"))
    op.drop_table("daily_acts")

    with op.batch_alter_table("introductions", schema=None) as batch_op:
        for column in ("person_b_id", "person_a_id", "introducer_id"):
            batch_op.drop_index(batch_op.f(f"ix_introductions_{column}"))
    op.drop_table("introductions")
