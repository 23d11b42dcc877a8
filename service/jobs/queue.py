"""Where the job queue lives: procrastinate's tables in the schema ``giveback_queue`` of the
service's PostgreSQL database, beside the registry and the users' stores.

The queue needs PostgreSQL: with SQLite stores there is no queue, and ``giveback digest
--send`` from cron stays the way to send the digest. Its schema is made on first use by
whichever process gets there first (under an advisory lock, so workers starting together make
it once), and marked with the procrastinate version that made it: a process of another version
refuses to use it with one clear error instead of failing half-way through a job.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from procrastinate.exceptions import ConnectorException
from procrastinate.schema import SchemaManager
from psycopg import sql
from sqlalchemy.engine import make_url

from giveback.core.errors import QueueUnavailable
from giveback.core.locks import lock_key
from giveback.core.postgres import is_postgres
from giveback.core.settings import Settings

QUEUE_SCHEMA = "giveback_queue"


def _newest_migration() -> str:
    # procrastinate's schema.sql is its migrations applied in order: the newest one names it
    # (a release without a migration of its own leaves the schema, and the mark, as it was).
    names = sorted(p.stem for p in Path(SchemaManager.get_migrations_path()).glob("*.sql"))
    return names[-1] if names else "none"


# What made the schema: procrastinate's tables, and our table of uploaded import files.
SCHEMA_MARK = f"giveback queue 1; procrastinate schema {_newest_migration()}"

_SCHEMA = sql.Identifier(QUEUE_SCHEMA)
_PREPARED: set[str] = set()  # databases whose queue this process has checked
UPLOADS_TABLE = """
CREATE TABLE giveback_uploads (
    id bigserial PRIMARY KEY,
    user_id bigint,
    filename text NOT NULL,
    format text NOT NULL,
    payload bytea,
    status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed')),
    job_id bigint,
    summary jsonb,
    error text,
    attempts integer NOT NULL DEFAULT 0,
    queued_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX giveback_uploads_user ON giveback_uploads (user_id, id);
"""


@contextmanager
def queue_errors() -> Iterator[None]:
    """The queue's database failing (down, refusing us) as one clear QueueUnavailable: the
    queue talks to PostgreSQL through psycopg and procrastinate, not SQLAlchemy."""
    try:
        yield
    except (psycopg.OperationalError, ConnectorException) as exc:
        cause = exc.__cause__ if isinstance(exc, ConnectorException) else None
        lines = str(cause or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise QueueUnavailable(f"the job queue's database cannot be used: {reason}") from exc


def queue_url(settings: Settings) -> str:
    """The database the queue lives in (the service's), or QueueUnavailable."""
    url = settings.database_url
    if not is_postgres(url):
        raise QueueUnavailable(
            "jobs run on a PostgreSQL-backed queue: set GIVEBACK_DATABASE_URL to a "
            "postgresql+psycopg:// URL (with SQLite stores, send the digest from cron with "
            "`giveback digest --send` and import files with `giveback catalog import`)"
        )
    assert url is not None
    return url


def conninfo(settings: Settings) -> str:
    """The queue's database as a libpq connection string (psycopg's, not SQLAlchemy's)."""
    return make_url(queue_url(settings)).set(drivername="postgresql").render_as_string(False)


def connection_options() -> dict[str, str]:
    """What every connection of the queue is opened with: its schema and nothing else."""
    return {"options": f"-c search_path={QUEUE_SCHEMA}"}


def prepare_queue(settings: Settings) -> None:
    """Make the queue's schema if it is missing, else check that this version made it (once
    per process and database)."""
    info = conninfo(settings)
    if info in _PREPARED:
        return
    _prepare(info)
    _PREPARED.add(info)


def _prepare(info: str) -> None:
    with psycopg.connect(info, options=connection_options()["options"]) as connection:
        # One transaction: the lock is held until the schema is whole, and released with it.
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key("queue", "schema"),))
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(_SCHEMA))
        row = connection.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            (QUEUE_SCHEMA,),
        ).fetchone()
        mark = row[0] if row else None
        made = connection.execute(
            "SELECT to_regclass(%s)", (f"{QUEUE_SCHEMA}.procrastinate_jobs",)
        ).fetchone()
        if made is not None and made[0] is not None:
            if mark != SCHEMA_MARK:
                maker = mark or "another program"
                raise QueueUnavailable(
                    f"the job queue in schema {QUEUE_SCHEMA} was made by {maker}, and this "
                    f"version needs {SCHEMA_MARK}: with no worker running, apply the files of "
                    f"{SchemaManager.get_migrations_path()} newer than its own, in order, "
                    f"then COMMENT ON SCHEMA {QUEUE_SCHEMA} IS '{SCHEMA_MARK}'"
                )
            return
        # procrastinate's schema is a script of statements: sent as it is, with no parameters.
        connection.execute(SchemaManager.get_schema())
        connection.execute(UPLOADS_TABLE)
        connection.execute(
            sql.SQL("COMMENT ON SCHEMA {} IS {}").format(_SCHEMA, sql.Literal(SCHEMA_MARK))
        )
