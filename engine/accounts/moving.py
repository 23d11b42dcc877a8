"""Moving to PostgreSQL: every SQLite store of a home copied into one database, and checked.

``giveback store migrate --to postgresql+psycopg://...`` copies the accounts registry into the
schema ``giveback_accounts``, each user's store into ``giveback_user_<id>`` and the CLI's own
store (``$GIVEBACK_HOME/giveback.db``) into the database's default schema: the layout
:mod:`giveback.core.postgres` reads once ``GIVEBACK_DATABASE_URL`` names that database.

Rows keep their ids. Each batch is committed as it lands and a row already there is skipped
(``ON CONFLICT DO NOTHING``), so a copy that was interrupted resumes where it stopped, and
running it again changes nothing. Afterwards every table's rows are counted on both sides;
a difference is an error (:class:`CopyIncomplete`), never a silent success.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from giveback.core.accounts_tables import AccountsBase, User
from giveback.core.db import init_accounts_db, init_db, make_engine
from giveback.core.errors import CopyIncomplete, InvalidInput
from giveback.core.postgres import (
    USER_SCHEMA_PREFIX,
    is_postgres,
    reserve_sequences,
    schema_engine,
    user_schema_url,
)
from giveback.core.settings import ACCOUNTS_SCHEMA, get_settings
from giveback.core.store_files import ACCOUNTS_MIGRATIONS_DIR, sqlite_url_for_path
from giveback.core.tables import Base
from giveback.engine.accounts.registry import ID_RANGE

BATCH_ROWS = 500
Say = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class TableCount:
    """One table of one store: rows in the source, and in the target after the copy."""

    store: str
    table: str
    source: int
    target: int


@dataclass(frozen=True, slots=True)
class MoveReport:
    """Every table of every store copied, with its counts on both sides."""

    counts: tuple[TableCount, ...]

    @property
    def differing(self) -> list[TableCount]:
        """The tables whose counts differ."""
        return [c for c in self.counts if c.source != c.target]

    def rows(self, store: str) -> int:
        """Rows copied for ``store`` (the target's count, over its tables)."""
        return sum(c.target for c in self.counts if c.store == store)


def move_to_postgres(target_url: str, say: Say = lambda _: None) -> MoveReport:
    """Copy this home's SQLite stores into the PostgreSQL database at ``target_url``."""
    if not is_postgres(target_url):
        raise InvalidInput(f"--to must be a postgresql+psycopg:// URL, not {target_url!r}")
    settings = get_settings()
    if is_postgres(settings.database_url):
        raise InvalidInput("the stores are in PostgreSQL already (GIVEBACK_DATABASE_URL)")
    counts: list[TableCount] = []
    source = init_accounts_db(settings.resolved_accounts_url())
    target = init_db(schema_engine(ACCOUNTS_SCHEMA, target_url), ACCOUNTS_MIGRATIONS_DIR)
    try:
        counts += _copy_store(
            "accounts", source, target, AccountsBase.metadata, base=0, rewrite=_user_row
        )
        with source.connect() as connection:
            users = connection.execute(select(User.id, User.name, User.store_url)).all()
    finally:
        source.dispose()
        target.dispose()
    say(f"accounts registry: {len(users)} users")
    for user_id, name, store_url in users:
        label = f"{name} (user {user_id})"
        counts += _copy_user_store(label, store_url, target_url, user_id)
        say(f"{label}: {sum(c.target for c in counts if c.store == label)} rows")
    own = Path(settings.resolved_database_url().removeprefix("sqlite:///"))
    if own.is_file():
        source = init_db(sqlite_url_for_path(own))
        target = init_db(make_engine(target_url))
        try:
            counts += _copy_store("own store", source, target, Base.metadata, base=0)
        finally:
            source.dispose()
            target.dispose()
        say(f"own store ({own}): {sum(c.target for c in counts if c.store == 'own store')} rows")
    report = MoveReport(tuple(counts))
    if report.differing:
        raise CopyIncomplete(
            "the copy is not whole: "
            + "; ".join(
                f"{c.store} {c.table}: {c.source} rows here, {c.target} there"
                for c in report.differing[:5]
            )
            + " (was the target in use already? run again to resume)"
        )
    return report


def _copy_user_store(label: str, store_url: str, target_url: str, user_id: int) -> list[TableCount]:
    source = init_db(store_url)
    target = init_db(schema_engine(f"{USER_SCHEMA_PREFIX}{user_id}", target_url))
    try:
        return _copy_store(label, source, target, Base.metadata, base=user_id * ID_RANGE)
    finally:
        source.dispose()
        target.dispose()


def _user_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    # A user's store moves to the schema named by their id, wherever its file was.
    if table.name == User.__tablename__:
        return {**row, "store_url": user_schema_url(int(row["id"]))}
    return row


def _copy_store(
    label: str,
    source: Engine,
    target: Engine,
    metadata: MetaData,
    *,
    base: int,
    rewrite: Callable[[Table, dict[str, Any]], dict[str, Any]] | None = None,
) -> list[TableCount]:
    """Copy every table of ``metadata`` (parents first), then count both sides."""
    tables = list(metadata.sorted_tables)
    for table in tables:
        with source.connect() as reading:
            for batch in _batches(reading, table):
                rows = [rewrite(table, r) for r in batch] if rewrite else batch
                with target.begin() as writing:
                    writing.execute(pg_insert(table).on_conflict_do_nothing(), rows)
    reserve_sequences(target, [t.name for t in tables if "id" in t.c], base)
    with source.connect() as a, target.connect() as b:
        return [TableCount(label, t.name, _count(a, t), _count(b, t)) for t in tables]


def _batches(connection: Connection, table: Table) -> Iterator[Sequence[dict[str, Any]]]:
    ordered = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(ordered)
    for chunk in result.mappings().partitions(BATCH_ROWS):
        yield [dict(r) for r in chunk]


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
