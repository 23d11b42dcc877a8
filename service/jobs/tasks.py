"""What a worker runs: the jobs of the queue, and the worker itself (``giveback worker``).

- ``giveback.digest.plan``, every minute: queue a send job for each user whose digest is due
  (a digest the mail server refused is queued again once the sent-log's backoff has passed);
- ``giveback.digest.send``: one user's digest of one week, holding the user's lock;
- ``giveback.catalog.import``: one stored import file, holding the user's lock (tried again
  when the database fails under it, never for a file that cannot be imported);
- ``giveback.queue.recover``, every five seconds: a job whose worker stopped beating, and
  whose process is gone (:mod:`giveback.service.jobs.guard`), goes back on the queue.

Every process defers by task name (:func:`deferring_app`), so the service needs none of the
workers' code loaded, and any worker on any machine may run any job.
"""

from __future__ import annotations

import asyncio
import functools
import time
from datetime import datetime
from typing import Any

import psycopg
from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy, SyncPsycopgConnector
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.settings import Settings, get_settings
from giveback.core.tables import utcnow
from giveback.engine.accounts.registry import UserStores
from giveback.engine.digest.schedule import parse_moment
from giveback.service.jobs import guard
from giveback.service.jobs.digests import plan_digests, send_user_digest
from giveback.service.jobs.imports import run_import
from giveback.service.jobs.queue import connection_options, conninfo, prepare_queue
from giveback.service.mail.send import SendPolicy

# The tasks are registered on this app; a worker gives it its connector while it runs.
queue = App(connector=PsycopgConnector())
# The database failing under a job (OperationalError, and nothing else): tried again soon,
# 3 more times, 5 s apart and growing.
ON_DATABASE_ERRORS = RetryStrategy(
    max_attempts=3, wait=5, linear_wait=5, retry_exceptions={OperationalError}
)


class DigestNotSent(Exception):
    """The digest was not sent (the sent-log says why); the planner queues it again later."""


@functools.cache
def _accounts(url: str, database_url: str | None) -> sessionmaker[Session]:
    # Keyed by the database too: "schema:giveback_accounts" names a schema of that database.
    return make_session_factory(init_accounts_db(url))


def _registry() -> sessionmaker[Session]:
    settings = get_settings()
    return _accounts(settings.resolved_accounts_url(), settings.database_url)


@functools.cache
def _stores(database_url: str | None) -> UserStores:
    # The users' stores this worker has opened (thread-safe), per database.
    return UserStores()


def _job_id(context: JobContext) -> int | None:
    return context.job.id if context.job is not None else None


@queue.periodic(cron="* * * * *", periodic_id="digest")
@queue.task(name="giveback.digest.plan", queueing_lock="giveback.digest.plan", pass_context=True)
async def plan_due_digests(context: JobContext, timestamp: int) -> int:
    """Queue the digests due now; how many were queued (none when GIVEBACK_QUEUE_DIGESTS is
    off: then `giveback digest --queue`, from cron, does it)."""
    settings = get_settings()
    if not settings.queue_digests:
        return 0
    accounts = await asyncio.to_thread(_registry)  # the first call migrates: not on the loop
    policy = SendPolicy.from_settings(settings)
    return await plan_digests(context.app, accounts, utcnow(), policy)


@queue.task(name="giveback.digest.send", pass_context=True, retry=ON_DATABASE_ERRORS)
def send_digest(context: JobContext, user_id: int, week: str, at: str | None = None) -> str:
    """Send one user's digest of ``week`` (as of ``at``, else as of now); its outcome."""
    settings = get_settings()
    now = parse_moment(at) if at else utcnow()
    with guard.running(conninfo(settings), _job_id(context)):
        outcome = send_user_digest(_registry(), user_id, week, now, settings=settings)
    if outcome.status == "failed":
        raise DigestNotSent(outcome.detail)  # the job shows failed; the planner tries again
    return f"{outcome.status}: {outcome.detail}" if outcome.detail else outcome.status


@queue.task(name="giveback.catalog.import", pass_context=True, retry=ON_DATABASE_ERRORS)
def import_upload(context: JobContext, upload_id: int) -> str:
    """Import one stored file into its user's catalog; what became of it."""
    settings = get_settings()
    attempts = context.job.attempts if context.job is not None else 0
    last_try = attempts >= (ON_DATABASE_ERRORS.max_attempts or 0)
    with guard.running(conninfo(settings), _job_id(context)):
        done = run_import(
            settings,
            upload_id,
            _registry(),
            _stores(settings.database_url),
            last_try=last_try,
        )
    return done.status if done is not None else "nothing to import"


# croniter takes seconds as a sixth field, at the end: every five seconds.
@queue.periodic(cron="* * * * * */5", periodic_id="recover")
@queue.task(
    name="giveback.queue.recover", queueing_lock="giveback.queue.recover", pass_context=True
)
async def recover_stalled(context: JobContext, timestamp: int) -> int:
    """Put back on the queue the jobs of workers that stopped beating and whose process is
    gone; how many. One worker at a time does it."""
    settings = get_settings()
    seconds = stalled_after(settings)
    info = conninfo(settings)
    manager = context.app.job_manager
    with guard.only_one(info, "recover") as mine:
        if not mine:
            return 0
        await manager.prune_stalled_workers(seconds)  # their jobs lose their worker
        stalled = {
            job.id: job
            for job in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds)
            if job.id is not None and job.id != _job_id(context)
        }
        dead = await asyncio.to_thread(guard.gone, info, list(stalled))
        for job_id in dead:
            await manager.retry_job(stalled[job_id])
        return len(dead)


def stalled_after(settings: Settings) -> float:
    """Seconds without a heartbeat after which a worker counts as gone."""
    return 3 * settings.queue_heartbeat_seconds


def worker_connector(settings: Settings) -> PsycopgConnector:
    """A connection pool for one worker, in the queue's schema."""
    return PsycopgConnector(
        conninfo=conninfo(settings), kwargs=connection_options(), min_size=1, max_size=4
    )


def run_worker(settings: Settings, *, concurrency: int = 1, once: bool = False) -> None:
    """Run jobs until stopped (SIGINT, SIGTERM), or, ``once``, until no job is left that
    could start now (jobs waiting for a lock that a job of this run holds included)."""
    prepare_queue(settings)
    options: dict[str, Any] = {
        "concurrency": concurrency,
        "delete_jobs": "successful",
        "update_heartbeat_interval": settings.queue_heartbeat_seconds,
        "stalled_worker_timeout": stalled_after(settings),
        "fetch_job_polling_interval": min(5.0, settings.queue_heartbeat_seconds),
    }
    with queue.replace_connector(worker_connector(settings)):
        if not once:
            queue.run_worker(wait=True, **options)
            return
        # A worker that is not waiting stops when no job is free to start, and a job waiting
        # for its user's lock is not: run again while such jobs are free to start.
        while True:
            queue.run_worker(wait=False, **options)
            if not startable_jobs(settings):
                return
            time.sleep(0.2)


def startable_jobs(settings: Settings) -> int:
    """Jobs on the queue due now whose lock no running job holds."""
    options = connection_options()["options"]
    with psycopg.connect(conninfo(settings), options=options) as connection:
        row = connection.execute(
            "SELECT count(*) FROM procrastinate_jobs AS job WHERE job.status = 'todo' "
            "AND (job.scheduled_at IS NULL OR job.scheduled_at <= now()) "
            "AND (job.lock IS NULL OR NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS other "
            "WHERE other.lock = job.lock AND other.status = 'doing'))"
        ).fetchone()
    return int(row[0]) if row else 0


def plan_now(settings: Settings, now: datetime | None = None) -> int:
    """Queue the digests due at ``now`` (given: the jobs act as of it), as the planner
    does every minute; how many were queued."""
    prepare_queue(settings)
    policy = SendPolicy.from_settings(settings)

    async def plan() -> int:
        with queue.replace_connector(worker_connector(settings)):
            async with queue.open_async():
                moment = now or utcnow()
                return await plan_digests(
                    queue, _registry(), moment, policy, fixed_clock=now is not None
                )

    return asyncio.run(plan())


@functools.cache
def _deferring(info: str) -> App:
    app = App(connector=SyncPsycopgConnector(conninfo=info, kwargs=connection_options()))
    app.open()
    return app


def deferring_app(settings: Settings) -> App:
    """This process's app for queueing jobs (opened once; the queue is made if missing)."""
    prepare_queue(settings)
    return _deferring(conninfo(settings))
