"""The weekly digest as jobs on the PostgreSQL queue: one job per due user, exactly one digest
per user and week, a killed worker's job run again by another, retries on the sent-log's backoff.

A real PostgreSQL server, a real SMTP server on loopback (aiosmtpd), the real embedder, real
worker processes killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.errors import QueueUnavailable
from giveback.core.settings import get_settings
from giveback.engine.accounts.moving import move_to_postgres
from giveback.engine.digest.log import SENT
from giveback.service.jobs import guard
from giveback.service.jobs.queue import QUEUE_SCHEMA
from giveback.service.jobs.tasks import plan_now, queue, run_worker
from tests.service.mail.test_send import sent_log
from tests.support.digest import NOW, add_users, configure, registry
from tests.support.paths import ROOT
from tests.support.service_process import CONSOLE
from tests.support.smtp import Inbox, KillAt, smtp_server

USERS = 8


def queued_jobs(url: str) -> list[tuple[str, str, str | None, int]]:
    """``(task, status, lock, attempts)`` of every job on the queue, oldest first."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        rows = connection.execute(
            f"SELECT task_name, status::text, lock, attempts FROM {QUEUE_SCHEMA}.procrastinate_jobs"
            " WHERE task_name = 'giveback.digest.send' ORDER BY id"
        ).fetchall()
    return [(str(t), str(s), lock, int(a)) for t, s, lock, a in rows]


@pytest.fixture
def on_postgres(
    home: Path, template: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, list[str]]]:
    """``USERS`` users with the digest network, moved into a new PostgreSQL database (which
    the settings then point at); the database's URL and the users' names."""
    names = add_users(registry(home), home, template, USERS)
    configure(monkeypatch, home)
    assert move_to_postgres(postgres_url).differing == []
    monkeypatch.setenv("GIVEBACK_DATABASE_URL", postgres_url)
    monkeypatch.setenv("GIVEBACK_QUEUE_DIGESTS", "false")  # the tests plan, as of NOW
    monkeypatch.setenv("GIVEBACK_QUEUE_HEARTBEAT_SECONDS", "1")
    get_settings.cache_clear()
    yield postgres_url, names
    get_settings.cache_clear()


def _accounts() -> sessionmaker[Session]:
    return make_session_factory(init_accounts_db())


def test_each_due_user_gets_one_job_and_one_digest_however_often_it_is_planned(
    on_postgres: tuple[str, list[str]], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, names = on_postgres
    inbox = Inbox()
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        assert plan_now(settings, NOW) == USERS
        assert plan_now(settings, NOW) == 0  # each user's job for the week is waiting
        jobs = queued_jobs(url)
        assert len(jobs) == USERS
        assert len({lock for _, _, lock, _ in jobs}) == USERS  # one lock per user
        run_worker(settings, once=True)
        assert plan_now(settings, NOW) == 0  # sent: nothing is due any more
        run_worker(settings, once=True)
    assert sorted(inbox.recipients()) == [f"{n}@example.org" for n in names]
    assert sent_log(_accounts()) == {n: (SENT, 1) for n in names}
    assert queued_jobs(url) == []  # succeeded jobs leave the queue


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CONSOLE, "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_batch_leaves_each_user_exactly_one_digest(
    on_postgres: tuple[str, list[str]], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, names = on_postgres
    inbox = Inbox()
    inbox.on_rcpt = killer = KillAt(inbox, 4)
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        assert plan_now(settings, NOW) == USERS
        env = dict(os.environ)
        killer.process = first = _worker(env)
        out, err = first.communicate(timeout=180)
        assert first.returncode == -signal.SIGKILL, (out, err)
        assert inbox.recipients() == [f"{n}@example.org" for n in names[:3]]
        inbox.on_rcpt = None
        # Another worker: it serves the users left, and, once the dead worker has missed
        # three heartbeats, the job it was running.
        second = _worker(env)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(inbox.recipients()) < USERS:
                time.sleep(0.2)
            time.sleep(3)  # anything sent twice would arrive now
        finally:
            second.send_signal(signal.SIGTERM)
            out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err.decode()[-2000:]
    assert sorted(inbox.recipients()) == [f"{n}@example.org" for n in names]  # once each
    log = sent_log(_accounts())
    assert log == {n: (SENT, 2 if n == "u04" else 1) for n in names}  # u04's try was cut off
    assert queued_jobs(url) == []


def test_a_digest_the_server_refuses_for_now_is_queued_again_after_the_sent_logs_backoff(
    on_postgres: tuple[str, list[str]], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, names = on_postgres
    inbox = Inbox(script={"u02@example.org": ["451 4.7.1 try later"] * 3})
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port, GIVEBACK_DIGEST_RETRIES="3")
        assert plan_now(settings, NOW) == USERS
        run_worker(settings, once=True)
        assert sorted(inbox.recipients()) == [f"{n}@example.org" for n in names if n != "u02"]
        assert sent_log(_accounts())["u02"] == ("failed", 3)
        # The failed job stays on the queue to be seen; nothing waits there holding u02's
        # lock: the planner queues the digest again once the backoff (10 minutes) is over.
        assert [(task, status) for task, status, _, _ in queued_jobs(url)] == [
            ("giveback.digest.send", "failed")
        ]
        assert plan_now(settings, NOW + timedelta(minutes=9)) == 0
        assert plan_now(settings, NOW + timedelta(minutes=11)) == 1
        run_worker(settings, once=True)
    assert sorted(inbox.recipients()) == [f"{n}@example.org" for n in names]  # u02 once
    assert sent_log(_accounts())["u02"] == (SENT, 4)


def test_a_stalled_job_whose_process_lives_is_not_run_again(postgres_url: str) -> None:
    info = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with guard.running(info, 41):
        assert guard.gone(info, [41, 42]) == [42]  # 41's process holds its lock
        with guard.only_one(info, "recover") as first, guard.only_one(info, "recover") as second:
            assert (first, second) == (True, False)
    assert guard.gone(info, [41]) == [41]


def test_without_postgresql_there_is_no_queue_and_the_cron_command_says_so(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = configure(monkeypatch, home)
    with pytest.raises(QueueUnavailable, match="giveback digest --send"):
        plan_now(settings, NOW)


def test_workers_look_for_stalled_jobs_every_five_seconds_and_plan_every_minute() -> None:
    periodic = {task.periodic_id: task for task in queue.periodic_registry.periodic_tasks.values()}
    for name, every in (("recover", 5.0), ("digest", 60.0)):
        times = periodic[name].croniter
        first = times.get_next(float)
        assert [times.get_next(float) - first, times.get_next(float) - first] == [every, 2 * every]
