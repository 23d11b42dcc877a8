"""The weekly digest as jobs: a planner queues one job per user whose digest is due, and each
job sends that one user's week.

Exactly one digest per user and week still rests on the sent-log (a unique row per user and
ISO week, claimed by compare-and-set: :mod:`giveback.engine.digest.log`), so a job that runs
twice, or two planners on two machines, send nothing twice. The queue adds what the cron
command cannot give several machines: one job at a time per user (each job holds the lock
``user:ID``), retries on the sent-log's own backoff, and a job whose worker died (``kill -9``,
a lost machine) is run again by another worker.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import TYPE_CHECKING

from procrastinate import App
from procrastinate.exceptions import AlreadyEnqueued

from giveback.core.accounts_tables import User
from giveback.core.settings import Settings
from giveback.engine.digest.log import sent_weeks, waiting_weeks
from giveback.engine.digest.schedule import due_status
from giveback.pipelines.embedding.encoder import get_embedder
from giveback.service.mail.send import DigestRun, SendPolicy, UserOutcome, select_users
from giveback.service.mail.smtp import Mailer, SmtpConfig, SmtpMailer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from giveback.engine.catalog.embedding_cache import Encoder

SEND_TASK = "giveback.digest.send"


def user_lock(user_id: int | None) -> str:
    """The lock every job of one user's store holds: their jobs run one at a time."""
    return f"user:{user_id if user_id is not None else 'me'}"


def due_digests(
    accounts: sessionmaker[Session], now: datetime, policy: SendPolicy
) -> list[tuple[int, str]]:
    """``(user id, ISO week)`` of every user whose digest is due at ``now`` and may be tried
    now (not refused for good, given up, or waiting out the backoff of a failure)."""
    with accounts() as session:
        chosen = select_users(session, now)
        ids = [user.id for user, due in chosen if due.due]
        waiting = waiting_weeks(session, ids, now, policy.max_attempts, policy.retries)
    return [
        (user.id, due.week)
        for user, due in chosen
        if due.due and due.week not in waiting.get(user.id, ())
    ]


async def plan_digests(
    app: App,
    accounts: sessionmaker[Session],
    now: datetime,
    policy: SendPolicy,
    *,
    fixed_clock: bool = False,
) -> int:
    """Queue a send job for every user whose digest is due at ``now``; how many were queued.

    A user whose job for the week is already waiting is not queued again; one whose digest
    failed is queued again once the sent-log's backoff has passed (that is how a refused
    digest is retried: a job waiting in the queue would hold its user's other jobs back).
    ``fixed_clock``: the jobs act as of ``now`` (``giveback digest --queue --now``), not as
    of when they run.
    """
    queued = 0
    for user_id, week in await asyncio.to_thread(due_digests, accounts, now, policy):
        deferrer = app.configure_task(
            SEND_TASK, lock=user_lock(user_id), queueing_lock=f"digest:{user_id}:{week}"
        )
        try:
            await deferrer.defer_async(
                user_id=user_id, week=week, at=now.isoformat() if fixed_clock else None
            )
        except AlreadyEnqueued:
            continue
        queued += 1
    return queued


def send_user_digest(
    accounts: sessionmaker[Session],
    user_id: int,
    week: str,
    now: datetime,
    *,
    settings: Settings,
    encoder: Encoder | None = None,
    mailer: Mailer | None = None,
    policy: SendPolicy | None = None,
) -> UserOutcome:
    """Send one user's digest of ``week``, if it is still due at ``now``: claim, build, send,
    record (what :func:`giveback.service.mail.send.send_digests` does for each user)."""
    with accounts() as session:
        user = session.get(User, user_id)
        if user is None:
            return UserOutcome(f"#{user_id}", None, "skipped", week, "no such user")
        weeks = sent_weeks(session, [user_id])
        session.expunge(user)
    due = due_status(user, now, weeks.get(user_id, ()))
    if due.week != week:
        return UserOutcome(
            user.name, user.email, "skipped", week, f"planned for {week}; it is {due.week} now"
        )
    transport = mailer or SmtpMailer(SmtpConfig.from_settings(settings))
    run = DigestRun(
        accounts,
        encoder or get_embedder(),
        transport,
        settings,
        policy or SendPolicy.from_settings(settings),
        time.sleep,
        None,
    )
    try:
        return run.serve(user, due, now)
    finally:
        if mailer is None:
            transport.close()
