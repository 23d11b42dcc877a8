"""Alembic environment, configured from code by :func:`models.db.alembic_config`.

Online migrations use the engine handed over in ``config.attributes["engine"]`` (so SQLite gets
the same connection pragmas as the app), else build one from ``sqlalchemy.url``. SQLite runs in
batch mode, because it can only alter tables by recreating them.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from models.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Recreating a table in batch mode must not fire ON DELETE CASCADE on its children.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if is_sqlite:
        # The pragma is a no-op inside a transaction: commit the migration first.
        connection.commit()
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if problems:
            raise RuntimeError(f"migration left broken foreign keys: {problems[:5]}")


def run_migrations_offline() -> None:
    """Emit SQL for the migrations without a database (``alembic upgrade --sql``)."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=bool(url and url.startswith("sqlite")),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations against a live database."""
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        from models.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
