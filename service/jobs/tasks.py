"""What a worker runs: the jobs of the queue, and the worker itself (``giveback worker``).

- ``giveback.digest.plan``, every minute: queue a send job for each user whose digest is due;
- ``giveback.digest.send``: one user's digest of one week (their lock; retried on the
  sent-log's backoff while the mail server refuses it for now);
- ``giveback.catalog.import``: one stored import file (their lock; retried when the database
  fails under it, never for a file that cannot be imported);
- ``giveback.queue.recover``, every few seconds: a job whose worker stopped sending its
  heartbeat (killed, its machine lost) goes back on the queue, for a live worker to run.

Every process defers by task name (:func:`deferring_app`), so the service needs none of the
workers' code loaded, and any worker on any machine may run any job.
"""

from __future__ import annotations

import asyncio
import functools
from datetime import datetime
from typing import Any

import psycopg
from procrastinate import App, JobContext, PsycopgConnector, SyncPsycopgConnector
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy, RetryDecision, RetryStrategy
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.settings import Settings, get_settings
from giveback.core.tables import utcnow
from giveback.engine.accounts.registry import UserStores
from giveback.engine.digest.schedule import parse_moment, retry_delay
from giveback.service.jobs.digests import plan_digests, send_user_digest
from giveback.service.jobs.imports import run_import
from giveback.service.jobs.queue import connection_options, conninfo, prepare_queue

# The tasks are registered on this app; a worker gives it its connector while it runs.
queue = App(connector=PsycopgConnector())


class DigestNotSent(Exception):
    """The mail server refused the digest for now: the job is tried again later."""


class OnSentLogBackoff(BaseRetryStrategy):
    """Retry a digest that was not sent, after the sent-log's own wait, up to its cap."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        """Try again after ``retry_delay`` (doubling from 10 minutes) while attempts remain;
        errors other than a refusal (the database went away) are tried again sooner."""
        if job.attempts + 1 >= get_settings().digest_max_attempts:
            return None
        if isinstance(exception, DigestNotSent):
            wait = retry_delay(job.attempts + 1)
            return RetryDecision(retry_in={"seconds": int(wait.total_seconds())})
        return RetryDecision(retry_in={"seconds": 5 * 2 ** min(job.attempts, 6)})


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


@queue.periodic(cron="* * * * *", periodic_id="digest")
@queue.task(name="giveback.digest.plan", queueing_lock="giveback.digest.plan", pass_context=True)
async def plan_due_digests(context: JobContext, timestamp: int) -> int:
    """Queue the digests due now; how many were queued (none when GIVEBACK_QUEUE_DIGESTS is
    off: then `giveback digest --queue`, from cron, does it)."""
    if not get_settings().queue_digests:
        return 0
    return await plan_digests(context.app, _registry(), utcnow())


@queue.task(name="giveback.digest.send", retry=OnSentLogBackoff())
def send_digest(user_id: int, week: str, at: str | None = None) -> str:
    """Send one user's digest of ``week`` (as of ``at``, else as of now); its outcome."""
    settings = get_settings()
    now = parse_moment(at) if at else utcnow()
    outcome = send_user_digest(_registry(), user_id, week, now, settings=settings)
    if outcome.status == "failed":
        raise DigestNotSent(outcome.detail)
    return f"{outcome.status}: {outcome.detail}" if outcome.detail else outcome.status


@queue.task(
    name="giveback.catalog.import",
    retry=RetryStrategy(max_attempts=5, exponential_wait=3, retry_exceptions={OperationalError}),
)
def import_upload(upload_id: int) -> str:
    """Import one stored file into its user's catalog; what became of it."""
    settings = get_settings()
    done = run_import(settings, upload_id, _registry(), _stores(settings.database_url))
    return done.status if done is not None else "imported already"


# croniter takes seconds as a sixth field, at the end: every five seconds.
@queue.periodic(cron="* * * * * */5", periodic_id="recover")
@queue.task(
    name="giveback.queue.recover", queueing_lock="giveback.queue.recover", pass_context=True
)
async def recover_stalled(context: JobContext, timestamp: int) -> int:
    """Put back on the queue the jobs of workers that stopped (no heartbeat); how many."""
    seconds = stalled_after(get_settings())
    manager = context.app.job_manager
    await manager.prune_stalled_workers(seconds)  # their jobs lose their worker
    recovered = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds):
        if context.job is not None and job.id == context.job.id:
            continue
        await manager.retry_job(job)
        recovered += 1
    return recovered


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
    could run now (jobs waiting for a user's lock included)."""
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
        # for its user's lock is not: run again while such jobs are left.
        while True:
            queue.run_worker(wait=False, **options)
            if not runnable_jobs(settings):
                return


def runnable_jobs(settings: Settings) -> int:
    """Jobs on the queue that are due to run now."""
    with psycopg.connect(conninfo(settings), options=connection_options()["options"]) as db:
        row = db.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' "
            "AND (scheduled_at IS NULL OR scheduled_at <= now())"
        ).fetchone()
    return int(row[0]) if row else 0


def plan_now(settings: Settings, now: datetime | None = None) -> int:
    """Queue the digests due at ``now`` (given: the jobs act as of it), as the planner
    does every minute; how many were queued."""
    prepare_queue(settings)

    async def plan() -> int:
        with queue.replace_connector(worker_connector(settings)):
            async with queue.open_async():
                moment = now or utcnow()
                return await plan_digests(queue, _registry(), moment, fixed_clock=now is not None)

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
