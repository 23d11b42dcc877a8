"""Engine, sessions and migrations.

``make_engine`` builds a SQLAlchemy engine (SQLite gets WAL, foreign keys and a busy timeout on
every connection), ``init_db`` brings a database to the newest schema through Alembic, and
``open_store`` does both and hands back a session factory. Alembic is configured from code: the
migrations ship inside the package, so no ``alembic.ini`` is needed at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.disk import on_store_error
from giveback.core.errors import InvalidInput
from giveback.core.locks import store_lock
from giveback.core.postgres import reserve_sequences, schema_engine, schema_of
from giveback.core.private import create_private_file, make_private_dir
from giveback.core.settings import get_settings
from giveback.core.store_files import (
    ACCOUNTS_MIGRATIONS_DIR,
    HEADS,
    MIGRATIONS_DIR,
    SQLITE_BUSY_TIMEOUT_MS,
    sqlite_file_of,
)


def database_url(url: str | None = None) -> str:
    """The URL to use: the explicit one, else the one from settings."""
    return url or get_settings().resolved_database_url()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web app read while an import writes; NORMAL sync is safe under WAL.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """A SQLAlchemy engine for ``url`` (default: settings), creating a SQLite file privately.

    ``schema:NAME`` is a store in that schema of the PostgreSQL database the settings name
    (:mod:`giveback.core.postgres`).
    """
    schema = schema_of(url) if url else None
    if schema is not None:
        return schema_engine(schema, get_settings().database_url, **kwargs)
    parsed = make_url(database_url(url))
    sqlite_file = sqlite_file_of(parsed.render_as_string(hide_password=False))
    if sqlite_file is not None:
        # A store is personal data: its folder 0700 and its file 0600 from the start.
        try:
            make_private_dir(sqlite_file.parent)
        except OSError as exc:
            blocker = next((p for p in sqlite_file.parents if p.is_file()), None)
            reason = f"{blocker} is a file" if blocker else (exc.strerror or str(exc))
            raise InvalidInput(
                f"cannot create the database folder {sqlite_file.parent}: {reason}"
            ) from None
        try:
            create_private_file(sqlite_file)
        except OSError as exc:
            raise InvalidInput(
                f"cannot create the database file {sqlite_file}: {exc.strerror or exc}"
            ) from None
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        # A full disk is said as such, not as SQLite's bare "disk I/O error".
        event.listen(engine, "handle_error", lambda context: on_store_error(sqlite_file, context))
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (the CLI prints them afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine | None = None, migrations: Path = MIGRATIONS_DIR) -> Any:
    """An Alembic ``Config`` built in code; ``engine`` is handed to ``env.py`` when given."""
    from alembic.config import Config  # Alembic loads only when a schema is checked or moved

    config = Config()
    config.set_main_option("script_location", str(migrations))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
        config.attributes["engine"] = engine
    return config


def _what(engine: Engine) -> str:
    file = sqlite_file_of(engine.url.render_as_string(hide_password=False))
    return str(file) if file is not None else engine.url.render_as_string(hide_password=True)


def _current_and_head(engine: Engine, config: Any) -> tuple[str | None, str | None]:
    """The database's schema revision and the newest one; InvalidInput if it is not ours.

    A file that is not a database, a database of some other program (tables, no revision of
    ours) or a store from a newer Giveback is refused before anything is written to it:
    migrating would add our tables to somebody else's data.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            tables = set(inspect(connection).get_table_names()) - {"sqlite_sequence"}
    except DatabaseError as exc:
        if "not a database" not in str(exc.orig):
            raise
        raise InvalidInput(
            f"{_what(engine)} is not a Giveback store (it is not a SQLite database); "
            "give the path of a store, or a new file name to start one"
        ) from None
    if current is None and tables:
        raise InvalidInput(
            f"{_what(engine)} is a database of something else, not a Giveback store "
            f"(it has tables {', '.join(sorted(tables)[:3])}); give another path"
        )
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise InvalidInput(
            f"{_what(engine)} has schema revision {current}, which this Giveback does not know: "
            "it was written by a newer Giveback, or by another program; upgrade Giveback"
        )
    return current, head


def init_db(url: str | Engine | None = None, migrations: Path = MIGRATIONS_DIR) -> Engine:
    """Bring the database at ``url`` (or settings' URL) to the newest schema; return its engine.

    Runs Alembic ``upgrade head`` programmatically, and only when the database is behind, so
    every command can call it cheaply.
    """

    engine = url if isinstance(url, Engine) else make_engine(url)
    if _at_head(engine, migrations):
        return engine
    from alembic import command

    config = alembic_config(engine, migrations)
    # Several processes may open the same store at once (workers, a CLI beside the service):
    # one migrates, the others wait and then find it at the head.
    with store_lock(engine, "migrate"):
        _upgrade(engine, config, command)
    return engine


def _upgrade(engine: Engine, config: Any, command: Any) -> None:
    current, head = _current_and_head(engine, config)
    if current != head:
        command.upgrade(config, "head")
        # Migrations switch SQLite pragmas off; start the app on fresh connections.
        engine.dispose()


def _at_head(engine: Engine, migrations: Path) -> bool:
    """Whether the database says it is at the newest revision (one plain query); anything
    else, a missing table or a file that is not a database included, takes the full check."""
    head = HEADS.get(migrations)
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return False
    return [tuple(r) for r in rows] == [(head,)]


def open_store(url: str | None = None) -> sessionmaker[Session]:
    """Migrate the database at ``url`` (default: settings) and return a session factory."""
    return make_session_factory(init_db(url))


def accounts_url(url: str | None = None) -> str:
    """The URL of the accounts registry: the explicit one, else the one from settings."""
    return url or get_settings().resolved_accounts_url()


def init_accounts_db(url: str | Engine | None = None) -> Engine:
    """Bring the accounts registry (users, tokens, digest sent-log) to its newest schema."""
    engine = url if isinstance(url, Engine) else make_engine(accounts_url(url))
    return init_db(engine, ACCOUNTS_MIGRATIONS_DIR)


# Tables whose integer ids a store numbers through ``sqlite_sequence`` (AUTOINCREMENT).
ID_TABLES = (
    "contacts",
    "notes",
    "signals",
    "mentions",
    "catalog_items",
    "ledger_entries",
    "feedback",
    "introductions",
    "intro_outcomes",
    "thanks",
    "daily_acts",
    "needs",
    "asks",
)


def reserve_id_range(engine: Engine, base: int) -> None:
    """Make new rows of every table in this store take ids above ``base``.

    Each user's store numbers its rows from a base of its own, so an id from one user's store
    never names a record in another's: a stray id is simply not found.
    """
    if engine.dialect.name == "postgresql":
        reserve_sequences(engine, ID_TABLES, base)
        return
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        for table in ID_TABLES:
            connection.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                (table, base, table),
            )
            connection.exec_driver_sql(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", (base, table, base)
            )
