"""Everything in one PostgreSQL database: the accounts registry and each user's store in a
schema of its own.

With ``GIVEBACK_DATABASE_URL=postgresql+psycopg://...`` the registry lives in the schema
``giveback_accounts`` and user 5's store in ``giveback_user_5``, all in that one database (the
store the CLI uses without ``--user`` keeps the database's default schema). A store's URL in
the registry is then ``schema:giveback_user_5``: a name, never a password.

Why a schema per user, not a ``user_id`` column with row-level security: a user's store is the
same schema, migrations and queries on SQLite and on PostgreSQL, so nothing in the engine
changes with the backend and no query can forget its scope. Each store's engine connects with
its ``search_path`` fixed to the store's schema (a connection option, set when the connection
opens: no statement and no rolled-back transaction can move it), so a connection of one user's
store never sees another's tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError

from giveback.core.errors import InvalidInput

SCHEMA_URL_PREFIX = "schema:"
USER_SCHEMA_PREFIX = "giveback_user_"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Per store: one connection kept, more only while requests overlap. A worker keeps at most
# OPEN_STORES stores open, so four workers keep 64 idle connections, within PostgreSQL's
# default of 100.
POOL_SIZE = 1
MAX_OVERFLOW = 7
OPEN_STORES = 16


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
    """An engine on ``schema`` of the PostgreSQL database at ``database_url``.

    The schema is made if it is not there yet. Every connection of the engine opens with its
    ``search_path`` set to the schema alone (libpq's ``options``), so unqualified names (the
    ORM's, Alembic's version table, the triggers' bodies) all resolve inside it.
    """
    schema = checked_schema(schema)
    if not is_postgres(database_url):
        raise InvalidInput(
            f"the store 'schema:{schema}' lives in PostgreSQL: set GIVEBACK_DATABASE_URL "
            "to the postgresql+psycopg:// URL of its database"
        )
    assert database_url is not None
    url = make_url(database_url)
    # In the URL, not in connect_args: the URL then names the store, and every cache keyed
    # by a store's URL (rankings, catalog and contact indexes) keeps users apart.
    given = url.query.get("options") or ""
    given = " ".join(given) if isinstance(given, tuple) else given
    options = f"{given} -c search_path={schema}".strip()
    url = url.update_query_dict({"options": options})
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", MAX_OVERFLOW)
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    create_schema(engine, schema)
    return engine


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
