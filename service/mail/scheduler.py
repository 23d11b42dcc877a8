"""The digest inside the service: an APScheduler job that sends what is due, every few minutes.

Only one scheduler runs per ``GIVEBACK_HOME``, however many service processes start (uvicorn
workers, a second ``giveback serve``): the first holds an ``fcntl`` lock on
``digest-scheduler.lock`` for as long as it runs, the others get ``None`` from
:func:`start_scheduler` and schedule nothing. Each run also takes the send lock, so the job
and a ``giveback digest --send`` from cron never send at the same time either.

In the FastAPI lifespan::

    handle = start_scheduler(settings, accounts=app.state.accounts) \\
        if settings.digest_scheduler else None
    yield
    if handle is not None:
        handle.stop()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.settings import get_settings
from giveback.core.tables import utcnow
from giveback.service.mail.send import BatchReport, InstanceLock, send_digests

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from giveback.core.settings import Settings
    from giveback.engine.catalog.embedding_cache import Encoder

log = logging.getLogger("giveback.digest")
JOB_ID = "giveback-weekly-digest"


def run_due_digests(
    accounts: sessionmaker[Session],
    settings: Settings,
    encoder_factory: Callable[[], Encoder] | None = None,
) -> BatchReport | None:
    """One scheduled run: send what is due and log the outcome; never raises."""
    try:
        encoder = encoder_factory() if encoder_factory is not None else None
        report = send_digests(accounts, settings=settings, encoder=encoder)
    except Exception:
        log.exception("the weekly digest run failed")
        return None
    if report.locked:
        log.info("digest: another run is in progress; nothing done")
        return report
    for outcome in report.outcomes:
        if outcome.status == "sent":
            log.info("digest sent to %s (%s)", outcome.user, outcome.week)
        elif outcome.status in ("failed", "rejected"):
            log.warning("digest for %s %s: %s", outcome.user, outcome.status, outcome.detail)
    if report.stopped:
        log.warning("digest run stopped early: %s", report.stopped)
    return report


@dataclass
class SchedulerHandle:
    """A running scheduler and its instance lock; :meth:`stop` ends both."""

    scheduler: Any
    lock: InstanceLock

    def stop(self, wait: bool = True) -> None:
        """Stop scheduling (``wait``: let a run in progress finish), then free the lock."""
        try:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=wait)
        finally:
            self.lock.release()


def start_scheduler(
    settings: Settings | None = None,
    *,
    accounts: sessionmaker[Session] | None = None,
    encoder_factory: Callable[[], Encoder] | None = None,
    interval: timedelta | None = None,
    first_run_after: timedelta = timedelta(seconds=30),
) -> SchedulerHandle | None:
    """Start the in-process digest job, or return ``None`` if another instance runs it.

    The job runs every ``interval`` (default ``GIVEBACK_DIGEST_INTERVAL_MINUTES`` minutes),
    first ``first_run_after`` from now, never two at once, and a late run is not repeated.
    """

    settings = settings or get_settings()
    lock = InstanceLock(settings.home / "digest-scheduler.lock")
    if not lock.acquire():
        log.info("digest scheduler already runs in another process; not starting one here")
        return None
    try:
        if accounts is None:
            accounts = make_session_factory(init_accounts_db(settings.resolved_accounts_url()))
        every = interval or timedelta(minutes=max(1, settings.digest_interval_minutes))
        scheduler = BackgroundScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        scheduler.add_job(
            run_due_digests,
            "interval",
            seconds=every.total_seconds(),
            id=JOB_ID,
            args=(accounts, settings, encoder_factory),
            next_run_time=utcnow() + first_run_after,
        )
        scheduler.start()
    except BaseException:
        lock.release()
        raise
    log.info("digest scheduler started: every %s", every)
    return SchedulerHandle(scheduler, lock)
