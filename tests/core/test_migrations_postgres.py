"""Every migration applies on PostgreSQL too: from empty to the head, back down, and up again
one revision at a time from every earlier one."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from giveback.core.db import alembic_config, init_db
from giveback.core.store_files import ACCOUNTS_MIGRATIONS_DIR, MIGRATIONS_DIR

CHAINS = {"store": MIGRATIONS_DIR, "accounts": ACCOUNTS_MIGRATIONS_DIR}


def _revisions(migrations: Path) -> list[str]:
    scripts = ScriptDirectory.from_config(alembic_config(migrations=migrations))
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_every_migration_applies_up_and_down_on_postgresql(postgres_url: str, chain: str) -> None:
    migrations = CHAINS[chain]
    engine = create_engine(postgres_url)
    try:
        config = alembic_config(engine, migrations)
        for revision in _revisions(migrations):
            command.upgrade(config, revision)  # from each earlier revision, one step
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        init_db(engine, migrations)  # empty to the head in one go, as a first start does
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == _revisions(migrations)[-1]
    finally:
        engine.dispose()


def test_the_store_revision_counts_writes_on_postgresql(postgres_url: str) -> None:
    engine = init_db(postgres_url)
    try:
        with engine.begin() as connection:
            before = connection.execute(text("SELECT value FROM store_revision")).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO contacts (name, name_key, aliases, tags, tier, created_at, "
                    "updated_at) VALUES ('Ann Lee', 'ann lee', '[]', '[]', 'regular', now(), "
                    "now())"
                )
            )
            after = connection.execute(text("SELECT value FROM store_revision")).scalar_one()
        assert after == before + 1
    finally:
        engine.dispose()
