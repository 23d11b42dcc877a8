"""``giveback worker`` and ``giveback catalog imports``: the job queue, when the store is
PostgreSQL (see :mod:`giveback.service.jobs`)."""

from __future__ import annotations

import logging

import click

from giveback.core.errors import InvalidInput
from giveback.core.settings import get_settings
from giveback.engine.accounts.registry import get_user
from giveback.pipelines.heap import short_lived_process
from giveback.service.cli.context import App, app_of, emit_json
from giveback.service.cli.stores import accounts_session
from giveback.service.jobs.queue import queue_errors
from giveback.service.jobs.tasks import run_worker
from giveback.service.jobs.uploads import Upload, list_uploads, uploads_engine


def queue_owner(app: App) -> int | None:
    """Whose store a queued job works on: ``--user``'s, else the CLI's own (``None``)."""
    if app.db_url is not None:
        raise InvalidInput(
            "--db names a SQLite file, and jobs run on the PostgreSQL queue: "
            "import without --queue, or use --user"
        )
    if app.user_name is None:
        return None
    with accounts_session() as session:
        return get_user(session, app.user_name).id


@click.command("worker")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Jobs run at once by this process (each in a thread of its own).",
)
@click.option("--once", is_flag=True, help="Run what is queued now, then stop.")
@click.option("-v", "--verbose", is_flag=True, help="Log every job, not only failures.")
def worker(concurrency: int, once: bool, verbose: bool) -> None:
    """Run the jobs on the queue: the weekly digest and queued imports (PostgreSQL only).

    Run one or more on every machine that should do the work; they share the queue in
    GIVEBACK_DATABASE_URL. Every minute one of them queues the digests that are due; each
    user's jobs run one at a time; a job whose worker died (kill -9, a lost machine) is run
    again by another after three missed heartbeats (GIVEBACK_QUEUE_HEARTBEAT_SECONDS, 10).
    SIGINT or SIGTERM stops a worker once its running jobs are done.

    \b
    Example:
      giveback worker
      giveback worker --concurrency 4
      giveback worker --once        (from cron: run what is queued, then stop)
    """
    short_lived_process(False)  # it keeps its models: collect before freezing them
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    with queue_errors():
        run_worker(get_settings(), concurrency=concurrency, once=once)


def _line(upload: Upload) -> str:
    done = upload.summary or {}
    what = (
        f"imported {done.get('imported', 0)}, updated {done.get('updated', 0)}, "
        f"unchanged {done.get('unchanged', 0)}, skipped {done.get('skipped', 0)}"
        if upload.status == "done"
        else (upload.error or "")
    )
    return f"{upload.id:>6}  {upload.status:<8} {upload.filename:<30} {what}".rstrip()


@click.command("imports")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, newest first.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.pass_context
def imports(ctx: click.Context, as_json: bool, limit: int) -> None:
    """The imports queued with `giveback catalog import --queue`, and how each went.

    \b
    Example:
      giveback catalog imports
      giveback --user maria catalog imports --json
    """
    with queue_errors():
        found = list_uploads(uploads_engine(get_settings()), queue_owner(app_of(ctx)), limit)
    if as_json:
        emit_json([upload.to_dict() for upload in found])
        return
    if not found:
        click.echo("No queued imports.")
    for upload in found:
        click.echo(_line(upload))
