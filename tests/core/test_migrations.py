"""The heads ``core.db`` knows without Alembic are Alembic's heads, and the fast path is safe."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from giveback.core.db import alembic_config, init_db, make_engine
from giveback.core.errors import InvalidInput
from giveback.core.store_files import HEADS


@pytest.mark.parametrize("migrations", sorted(HEADS))
def test_known_heads_are_alembics_heads(migrations: Path) -> None:
    scripts = ScriptDirectory.from_config(alembic_config(migrations=migrations))
    assert scripts.get_current_head() == HEADS[migrations]


def test_a_store_at_an_unknown_revision_is_still_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    init_db(url).dispose()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(InvalidInput, match="does not know"):
        init_db(engine)


def test_a_file_that_is_not_a_database_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all, " * 100, encoding="utf-8")
    with pytest.raises(InvalidInput, match="not a Giveback store"):
        init_db(f"sqlite:///{path}")
