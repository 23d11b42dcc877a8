"""Which jobs are really running: an advisory lock held, on a connection of its own, by the
process that runs a job, for as long as it runs.

procrastinate calls a job stalled when its worker stops beating. That also happens to a worker
that is alive: it stops beating when it is asked to stop, while it waits for its running jobs
to end, and when one heartbeat fails to be written. Running such a job again would run it
twice at once (a digest sent twice). The database releases an advisory lock when its
connection ends, with the process that held it however it died, and never before. So a
stalled job is run again only when its lock is free: its process is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from giveback.core.locks import lock_key


def job_key(job_id: int) -> int:
    """The advisory lock of job ``job_id``."""
    return lock_key("queue-job", str(job_id))


@contextmanager
def running(info: str, job_id: int | None) -> Iterator[None]:
    """Hold job ``job_id``'s lock while the block runs (no job id: nothing to hold)."""
    if job_id is None:
        yield
        return
    with psycopg.connect(info, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (job_key(job_id),))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (job_key(job_id),))


def gone(info: str, job_ids: list[int]) -> list[int]:
    """Of ``job_ids``, those no live process is running (their lock is free)."""
    if not job_ids:
        return []
    free = []
    with psycopg.connect(info, autocommit=True) as connection:
        for job_id in job_ids:
            row = connection.execute(
                "SELECT pg_try_advisory_lock(%s)", (job_key(job_id),)
            ).fetchone()
            if row is not None and row[0]:
                connection.execute("SELECT pg_advisory_unlock(%s)", (job_key(job_id),))
                free.append(job_id)
    return free


@contextmanager
def only_one(info: str, name: str) -> Iterator[bool]:
    """Try to hold the lock ``name`` across every worker; yields whether this one has it."""
    with psycopg.connect(info, autocommit=True) as connection:
        row = connection.execute(
            "SELECT pg_try_advisory_lock(%s)", (lock_key("queue", name),)
        ).fetchone()
        mine = bool(row and row[0])
        try:
            yield mine
        finally:
            if mine:
                connection.execute("SELECT pg_advisory_unlock(%s)", (lock_key("queue", name),))
