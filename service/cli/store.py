"""``giveback store``: where the stores live, and moving them into PostgreSQL."""

from __future__ import annotations

import click

from giveback.engine.accounts.moving import move_to_postgres


@click.group()
def store() -> None:
    """Where the stores live: copy them from SQLite files into PostgreSQL.

    \b
    Example:
      giveback store migrate --to postgresql+psycopg://giveback@127.0.0.1/giveback
    """


@store.command("migrate")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="The PostgreSQL database: postgresql+psycopg://USER@HOST/DB (a password in "
    "~/.pgpass or PGPASSWORD keeps it off the command line).",
)
def store_migrate(target: str) -> None:
    """Copy every store of this GIVEBACK_HOME into one PostgreSQL database, and check it.

    The accounts registry goes to the schema giveback_accounts, each user's store to
    giveback_user_<id>, and the CLI's own store to the database's default schema. Rows keep
    their ids. Every table's rows are counted on both sides afterwards; a difference is an
    error. Run it again after an interruption: it goes on where it stopped, and rows already
    copied are left as they are. Stop `giveback serve` first, then point
    GIVEBACK_DATABASE_URL at the database.

    \b
    Example:
      giveback store migrate --to postgresql+psycopg://giveback@127.0.0.1/giveback
    """

    report = move_to_postgres(target, say=click.echo)
    stores = len({c.store for c in report.counts})
    rows = sum(c.target for c in report.counts)
    click.echo(
        f"Copied {stores} stores ({rows} rows); every table has as many rows there as here. "
        "Now set GIVEBACK_DATABASE_URL to that database."
    )
