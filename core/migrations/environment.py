"""What both Alembic environments (the stores' and the accounts registry's) run.

Online migrations use the engine handed over in ``config.attributes["engine"]`` (so SQLite gets
the same connection pragmas as the app), else build one from ``sqlalchemy.url``. SQLite runs in
batch mode, because it can only alter tables by recreating them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, MetaData

from giveback.core.db import make_engine


def _run(context: Any, connection: Connection, metadata: MetaData) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Recreating a table in batch mode must not fire ON DELETE CASCADE on its children.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=metadata,
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


def run_environment(context: Any, metadata: MetaData) -> None:
    """Run the migrations of ``context`` (Alembic's) for the tables of ``metadata``."""
    config = context.config
    if context.is_offline_mode():
        url = config.get_main_option("sqlalchemy.url")
        context.configure(
            url=url,
            target_metadata=metadata,
            literal_binds=True,
            render_as_batch=bool(url and url.startswith("sqlite")),
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(context, connection, metadata)
        connection.commit()
