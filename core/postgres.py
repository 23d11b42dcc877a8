"""Everything in one PostgreSQL database: the accounts registry and each user's store in a
schema of its own.

With ``GIVEBACK_DATABASE_URL=postgresql+psycopg://...`` the registry lives in the schema
``giveback_accounts`` and user 5's store in ``giveback_user_5``, all in that one database (the
store the CLI uses without ``--user`` keeps the database's default schema). A store's URL in
the registry is then ``schema:giveback_user_5``: a name, never a password.

Why a schema per user, not a ``user_id`` column with row-level security: a user's store is the
same schema, migrations and queries on SQLite and on PostgreSQL, so nothing in the engine
changes with the backend and no query can forget its scope.

One pool of connections per process serves every store (a pool per store would open more
connections than PostgreSQL allows once many users are active at once). A store's engine is
that pool with the store's schema as an execution option; each time a connection is taken for
a store, its ``search_path`` is set to that schema alone and committed (so no later rollback
can take it back) before the store's first statement runs. So a connection working for one
user's store never sees another's tables, and every unqualified name (the ORM's, Alembic's
version table, the triggers' bodies) resolves inside the store.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.pool import NullPool

from giveback.core.errors import InvalidInput

SCHEMA_URL_PREFIX = "schema:"
USER_SCHEMA_PREFIX = "giveback_user_"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Per process, for every store: 16 connections at most, two for each of the service's eight
# handler threads. Four workers use at most 64, and the note locks (one connection per user
# pasting at that moment, at most eight per worker) stay within PostgreSQL's 100.
POOL_SIZE = 4
MAX_OVERFLOW = 12
SCHEMA_OPTION = "giveback_schema"
_SHARED: dict[str, Engine] = {}
_LOCKING: dict[str, Engine] = {}
_GUARD = threading.Lock()


def is_postgres(url: str | URL | None) -> bool:
    """Whether ``url`` is a PostgreSQL URL (any driver)."""
    if not url:
        return False
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except Exception:
        return False


def schema_url(schema: str) -> str:
    """The registry's name for a store kept in ``schema`` of the service's database."""
    return SCHEMA_URL_PREFIX + checked_schema(schema)


def user_schema_url(user_id: int) -> str:
    """Where user ``user_id``'s store lives when everything is in PostgreSQL."""
    return schema_url(f"{USER_SCHEMA_PREFIX}{int(user_id)}")


def schema_of(url: str) -> str | None:
    """The schema a ``schema:NAME`` URL names, or ``None`` for any other URL."""
    if not url.startswith(SCHEMA_URL_PREFIX):
        return None
    return checked_schema(url.removeprefix(SCHEMA_URL_PREFIX))


def checked_schema(name: str) -> str:
    """``name`` if it is a plain lower-case PostgreSQL identifier; InvalidInput otherwise."""
    if not _SCHEMA_NAME.fullmatch(name):
        raise InvalidInput(
            f"{name!r} is not a usable schema name (lower-case letters, digits and _, "
            "at most 63, not starting with a digit)"
        )
    return name


def schema_engine(schema: str, database_url: str | None, **kwargs: Any) -> Engine:
    """The engine of the store in ``schema`` of the PostgreSQL database at ``database_url``:
    the process's pool for that database, working in that schema (made if it is missing).

    ``kwargs`` are ``create_engine``'s, used when the process's pool is first made.
    """
    schema = checked_schema(schema)
    if not is_postgres(database_url):
        raise InvalidInput(
            f"the store 'schema:{schema}' lives in PostgreSQL: set GIVEBACK_DATABASE_URL "
            "to the postgresql+psycopg:// URL of its database"
        )
    assert database_url is not None
    shared = _shared_engine(database_url, **kwargs)
    create_schema(shared, schema)
    return shared.execution_options(**{SCHEMA_OPTION: schema})


def _shared_engine(database_url: str, **kwargs: Any) -> Engine:
    with _GUARD:
        engine = _SHARED.get(database_url)
        if engine is None:
            kwargs.setdefault("pool_size", POOL_SIZE)
            kwargs.setdefault("max_overflow", MAX_OVERFLOW)
            kwargs.setdefault("pool_pre_ping", True)
            engine = create_engine(database_url, **kwargs)
            event.listen(engine, "engine_connect", _enter_schema)
            _SHARED[database_url] = engine
        return engine


def _enter_schema(connection: Connection) -> None:
    # Every time a store takes a connection: its schema, committed before anything else runs.
    schema = connection.get_execution_options().get(SCHEMA_OPTION)
    if schema is None:
        return
    connection.exec_driver_sql(f'SET search_path TO "{checked_schema(schema)}"')
    connection.commit()


def schema_in(engine: Engine) -> str | None:
    """The schema a store's engine works in (``None`` for any other engine)."""
    schema = engine.get_execution_options().get(SCHEMA_OPTION)
    return str(schema) if schema is not None else None


def store_key(engine: Engine) -> str:
    """What names a store in this process's caches: its database, and its schema there."""
    schema = schema_in(engine)
    url = engine.url.render_as_string(hide_password=True)
    return f"{url}#{schema}" if schema is not None else url


def shares_pool(engine: Engine) -> bool:
    """Whether ``engine`` is a store on the process's shared pool (never dispose of it: the
    other stores use the same connections)."""
    return schema_in(engine) is not None


def locking_engine(engine: Engine) -> Engine:
    """Connections for advisory locks on ``engine``'s database, opened per lock and closed
    after it: a worker waiting for a lock never holds a connection its stores need."""
    url = engine.url.render_as_string(hide_password=False)
    with _GUARD:
        found = _LOCKING.get(url)
        if found is None:
            found = create_engine(url, poolclass=NullPool)
            _LOCKING[url] = found
        return found


def create_schema(engine: Engine, schema: str) -> None:
    """``CREATE SCHEMA IF NOT EXISTS``, safe when several workers make the same one at once
    (PostgreSQL then reports a duplicate to all but one of them)."""
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{checked_schema(schema)}"')
    except (IntegrityError, ProgrammingError) as exc:
        if "already exists" not in str(exc.orig) and "duplicate key" not in str(exc.orig):
            raise


def reserve_sequences(engine: Engine, tables: Iterable[str], base: int) -> None:
    """Make new rows of ``tables`` take ids above ``base`` and above every id already there
    (rows copied in with their ids; see ``giveback store migrate``). A sequence is never
    lowered, so an id is never used twice."""
    with engine.begin() as connection:
        for table in tables:
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table}
            ).scalar()
            if sequence is None:
                continue
            # Both names come from us and PostgreSQL itself (the sequence's schema-qualified).
            last, called = connection.execute(
                text(f"SELECT last_value, is_called FROM {sequence}")
            ).one()
            highest = connection.execute(text(f'SELECT max(id) FROM "{table}"')).scalar() or 0
            floor = max(base, int(highest))
            if (last if called else last - 1) < floor:
                connection.execute(
                    text("SELECT setval(:sequence, :floor, true)"),
                    {"sequence": sequence, "floor": floor},
                )
