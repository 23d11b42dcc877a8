"""Sending the digest: once per user and ISO week, resumable after a crash, with retries.

A real SMTP server on loopback (aiosmtpd), real registry and stores, the real embedder. The
crash test kills a real ``giveback digest --send`` process with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from giveback.core.accounts_tables import DigestSend
from giveback.core.settings import get_settings
from giveback.engine.accounts.registry import add_user, get_user, set_digest_preferences
from giveback.engine.digest.log import FAILED, REJECTED, SENT
from giveback.service.mail.send import SendPolicy, run_lock, send_digests
from giveback.service.mail.smtp import SmtpConfig, SmtpMailer
from tests.support.digest import NOW, add_users, configure, registry
from tests.support.paths import ROOT
from tests.support.smtp import Inbox, KillAt, smtp_server

FAST = SendPolicy(retries=3, backoff_seconds=0.5, max_attempts=12)


def sent_log(accounts: Any) -> dict[str, tuple[str, int]]:
    """User name -> (status, attempts) of the sent-log rows."""
    from giveback.core.accounts_tables import User

    with accounts() as session:
        rows = session.execute(
            select(User.name, DigestSend.status, DigestSend.attempts).join(
                User, User.id == DigestSend.user_id
            )
        ).all()
    return {name: (status, attempts) for name, status, attempts in rows}


def test_running_twice_sends_nothing_new(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    names = add_users(accounts, home, template, 10)
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        first = send_digests(accounts, now=NOW, encoder=embedder, settings=settings)
        second = send_digests(
            accounts, now=NOW + timedelta(hours=5), encoder=embedder, settings=settings
        )
    assert [o.status for o in first.outcomes] == ["sent"] * 10
    assert {o.detail for o in second.outcomes} == {"already sent for 2026-W14"}
    assert sorted(inbox.recipients()) == [f"{n}@example.org" for n in names]
    assert set(sent_log(accounts).values()) == {(SENT, 1)}
    ids = {m.parsed()["Message-ID"] for m in inbox.messages}
    assert len(ids) == 10


def test_only_due_users_are_sent_each_in_their_own_time(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    add_users(accounts, home, template, 4, timezone="Europe/Berlin")
    with accounts() as session:
        set_digest_preferences(
            session,
            get_user(session, "u02"),
            weekday="friday",
            hour=8,
            timezone="America/Los_Angeles",
        )
        set_digest_preferences(session, get_user(session, "u03"), opt_out=True)
        get_user(session, "u04").email = None
        session.commit()
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        wednesday = send_digests(accounts, now=NOW, encoder=embedder, settings=settings)
        assert {o.user: o.detail or o.status for o in wednesday.outcomes} == {
            "u01": "sent",
            "u02": "not yet: due Friday 08:00 America/Los_Angeles",
            "u03": "opted out",
            "u04": "no email",
        }
        # Friday 08:00 in Los Angeles is 15:00 UTC.
        early = send_digests(
            accounts,
            now=NOW + timedelta(days=2, hours=4, minutes=59),
            encoder=embedder,
            settings=settings,
        )
        on_time = send_digests(
            accounts, now=NOW + timedelta(days=2, hours=5), encoder=embedder, settings=settings
        )
    assert not early.having("sent")
    assert [o.user for o in on_time.having("sent")] == ["u02"]
    assert inbox.recipients() == ["u01@example.org", "u02@example.org"]


def test_a_killed_run_resumes_with_the_users_not_yet_served(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    names = add_users(accounts, home, template, 10)
    inbox.on_rcpt = killer = KillAt(inbox, 4)
    with smtp_server(inbox) as server:
        configure(monkeypatch, home, server.port)
        killer.process = sender = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from giveback.service.cli.app import main; main()",
                "digest",
                "--send",
                "--now",
                NOW.isoformat(),
            ],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = sender.communicate(timeout=120)
        assert sender.returncode == -signal.SIGKILL, (out, err)
        assert inbox.recipients() == [f"{n}@example.org" for n in names[:3]]
        log = sent_log(accounts)
        assert log == {"u01": (SENT, 1), "u02": (SENT, 1), "u03": (SENT, 1), "u04": ("sending", 0)}
        inbox.on_rcpt = None
        rerun = send_digests(
            accounts, now=NOW + timedelta(minutes=5), encoder=embedder, settings=get_settings()
        )
    assert [o.status for o in rerun.outcomes] == ["skipped"] * 3 + ["sent"] * 7
    # The crashed run's claim is served last (and its try counts).
    assert [o.user for o in rerun.outcomes[3:]] == [*names[4:], "u04"]
    assert rerun.outcomes[-1].detail == "resumed an interrupted send"
    assert sorted(inbox.recipients()) == [f"{n}@example.org" for n in names]  # once each
    assert sent_log(accounts) == {n: (SENT, 2 if n == "u04" else 1) for n in names}


class CrashAfterAccepted:
    """A mailer that dies right after the server accepted its n-th message (the one gap)."""

    def __init__(self, inner: SmtpMailer, n: int) -> None:
        self.inner, self.n, self.sent = inner, n, 0

    def send(self, message: EmailMessage) -> None:
        self.inner.send(message)
        self.sent += 1
        if self.sent == self.n:
            raise KeyboardInterrupt("killed between the server's 250 and the commit")

    def close(self) -> None:
        self.inner.close()


def test_a_crash_between_acceptance_and_commit_resends_that_one_user_with_the_same_id(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    names = add_users(accounts, home, template, 5)
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        crashing = CrashAfterAccepted(SmtpMailer(SmtpConfig.from_settings(settings)), 3)
        with pytest.raises(KeyboardInterrupt):
            send_digests(accounts, now=NOW, encoder=embedder, settings=settings, mailer=crashing)
        crashing.close()
        send_digests(accounts, now=NOW, encoder=embedder, settings=settings)
    # At least once, never zero: u03 got it twice, recognisably the same message.
    got = inbox.recipients()
    assert sorted(set(got)) == [f"{n}@example.org" for n in names]
    assert got.count("u03@example.org") == 2 and len(got) == 6
    twice = [m.parsed()["Message-ID"] for m in inbox.to("u03@example.org")]
    assert twice[0] == twice[1]
    assert sent_log(accounts) == {n: (SENT, 2 if n == "u03" else 1) for n in names}


def test_smtp_failures_retry_with_backoff_and_are_reported(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox(
        script={
            "u02@example.org": ["451 4.2.0 mailbox busy", "451 4.2.0 mailbox busy"],
            "u03@example.org": ["550 5.1.1 no such user"],
            "u04@example.org": ["451 4.2.0 mailbox busy"] * 3,
        }
    )
    accounts = registry(home)
    add_users(accounts, home, template, 5)
    waits: list[float] = []
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        run = send_digests(
            accounts, now=NOW, encoder=embedder, settings=settings, policy=FAST, sleep=waits.append
        )
        assert [(o.user, o.status, o.attempts) for o in run.outcomes] == [
            ("u01", "sent", 1),
            ("u02", "sent", 3),
            ("u03", "rejected", 1),
            ("u04", "failed", 3),
            ("u05", "sent", 1),
        ]
        assert waits == [0.5, 1.0, 0.5, 1.0]  # exponential, per user; none after a 5xx
        assert "550 5.1.1 no such user" in run.outcomes[2].detail
        assert not run.ok and [o.user for o in run.failed] == ["u03", "u04"]
        # Right away: nothing new (u04 waits out its backoff; u03 is refused for good).
        soon = send_digests(
            accounts,
            now=NOW + timedelta(minutes=1),
            encoder=embedder,
            settings=settings,
            policy=FAST,
            sleep=waits.append,
        )
        assert not soon.having("sent")
        assert "next try after" in soon.outcomes[3].detail
        assert soon.outcomes[2].detail.startswith("refused by the mail server")
        later = send_digests(
            accounts,
            now=NOW + timedelta(minutes=11),
            encoder=embedder,
            settings=settings,
            policy=FAST,
            sleep=waits.append,
        )
    assert [o.user for o in later.having("sent")] == ["u04"]
    assert sent_log(accounts) == {
        "u01": (SENT, 1),
        "u02": (SENT, 3),
        "u03": (REJECTED, 1),
        "u04": (SENT, 4),
        "u05": (SENT, 1),
    }
    assert sorted(set(inbox.recipients())) == [f"u0{i}@example.org" for i in (1, 2, 4, 5)]
    assert len(inbox.recipients()) == 4


def test_an_unreachable_server_stops_the_run_and_a_broken_store_fails_alone(
    home: Path, template: Path, embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = registry(home)
    add_users(accounts, home, template, 3)
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with accounts() as session:
        add_user(session, "u04", "u04@example.org", tmp_path / "blocker" / "giveback.db")
    settings = configure(monkeypatch, home, 9)  # the discard port: nobody listens
    down = send_digests(
        accounts, now=NOW, encoder=embedder, settings=settings, policy=FAST, sleep=lambda _: None
    )
    assert down.stopped and "cannot connect" in down.stopped
    assert [o.status for o in down.outcomes] == ["failed", "skipped", "skipped", "skipped"]
    assert sent_log(accounts) == {}  # the server's fault: nobody's week is marked
    inbox = Inbox()
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        up = send_digests(accounts, now=NOW, encoder=embedder, settings=settings)
    assert [o.status for o in up.outcomes] == ["sent", "sent", "sent", "failed"]
    assert up.outcomes[3].detail.startswith("building the digest failed: InvalidInput")
    assert sent_log(accounts)["u04"] == (FAILED, 1)


def test_one_run_at_a_time(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    add_users(accounts, home, template, 2)
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        with run_lock(settings.home / "digest-send.lock") as mine:
            assert mine
            busy = send_digests(accounts, now=NOW, encoder=embedder, settings=settings)
        assert busy.locked and busy.outcomes == [] and not inbox.messages
        assert (
            len(send_digests(accounts, now=NOW, encoder=embedder, settings=settings).having("sent"))
            == 2
        )


class Poison:
    """A mailer whose send to one address kills the run every time (before the server)."""

    def __init__(self, inner: SmtpMailer, address: str) -> None:
        self.inner, self.address = inner, address

    def send(self, message: EmailMessage) -> None:
        if message["To"] == self.address:
            raise KeyboardInterrupt("this user's digest kills the process")
        self.inner.send(message)

    def close(self) -> None:
        self.inner.close()


def test_a_digest_that_kills_every_run_neither_blocks_the_others_nor_is_resumed_forever(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    add_users(accounts, home, template, 3)
    policy = SendPolicy(retries=1, backoff_seconds=0, max_attempts=3)
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        poison = Poison(SmtpMailer(SmtpConfig.from_settings(settings)), "u01@example.org")

        def run(after: timedelta) -> Any:
            return send_digests(
                accounts,
                now=NOW + after,
                encoder=embedder,
                settings=settings,
                mailer=poison,
                policy=policy,
            )

        with pytest.raises(KeyboardInterrupt):
            run(timedelta(0))  # dies at u01, the first in line
        assert inbox.recipients() == [] and sent_log(accounts) == {"u01": ("sending", 0)}
        with pytest.raises(KeyboardInterrupt):
            run(timedelta(minutes=1))  # u01 is resumed at once, but after the others
        assert inbox.recipients() == ["u02@example.org", "u03@example.org"]
        assert sent_log(accounts)["u01"] == ("sending", 1)  # the crashed try counted
        waiting = run(timedelta(minutes=2))  # a second crash: u01 waits out a backoff
        assert waiting.outcomes[-1].user == "u01"
        assert waiting.outcomes[-1].detail.startswith("interrupted earlier; next try after")
        with pytest.raises(KeyboardInterrupt):
            run(timedelta(minutes=12))
        gave_up = run(timedelta(hours=12))  # the third crash reached the cap of 3
        assert (gave_up.outcomes[-1].user, gave_up.outcomes[-1].status) == ("u01", "skipped")
        assert gave_up.outcomes[-1].detail.startswith("gave up for 2026-W14 after 3 attempts")
        assert run(timedelta(hours=13)).outcomes[0].detail == gave_up.outcomes[-1].detail
        poison.close()
    assert sent_log(accounts) == {"u01": (FAILED, 3), "u02": (SENT, 1), "u03": (SENT, 1)}
    assert len(inbox.recipients()) == 2


def locked_registry(fail_times: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make recording ``sent`` fail (registry locked) ``fail_times`` times for u02's row."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    import giveback.service.mail.send as digest_send
    from giveback.core.accounts_tables import User
    from giveback.engine.digest.log import record_sent as real

    failed: list[int] = []

    def record_sent(session: Any, row_id: int, *args: Any) -> None:
        user = session.get(User, session.get(DigestSend, row_id).user_id)
        if user.name == "u02" and len(failed) < fail_times:
            failed.append(row_id)
            raise OperationalError(
                "UPDATE digest_sends SET status=?",
                ("sent",),
                sqlite3.OperationalError("database is locked"),
            )
        real(session, row_id, *args)

    monkeypatch.setattr(digest_send, "record_sent", record_sent)
    return failed


def test_a_registry_locked_for_a_moment_after_the_server_accepted_is_retried(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    names = add_users(accounts, home, template, 3)
    waits: list[float] = []
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        failed = locked_registry(2, monkeypatch)
        run = send_digests(
            accounts, now=NOW, encoder=embedder, settings=settings, policy=FAST, sleep=waits.append
        )
    assert len(failed) == 2 and waits == [0.25, 0.5]
    assert [o.status for o in run.outcomes] == ["sent"] * 3 and run.ok
    assert sent_log(accounts) == {n: (SENT, 1) for n in names}
    assert len(inbox.recipients()) == 3


def test_a_send_that_cannot_be_recorded_fails_that_user_alone_and_is_resent_later(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    add_users(accounts, home, template, 3)
    waits: list[float] = []
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        locked_registry(1000, monkeypatch)
        run = send_digests(
            accounts, now=NOW, encoder=embedder, settings=settings, policy=FAST, sleep=waits.append
        )
        assert [(o.user, o.status) for o in run.outcomes] == [
            ("u01", "sent"),
            ("u02", "failed"),
            ("u03", "sent"),
        ]
        detail = run.outcomes[1].detail
        assert detail.startswith("the mail server accepted the digest, but recording it failed")
        assert "OperationalError" in detail and "database is locked" in detail
        assert detail.endswith("it may be sent again") and "[SQL" not in detail
        assert waits == [0.25, 0.5, 1.0] and not run.ok
        assert sent_log(accounts)["u02"] == ("sending", 0)  # left for the next run
        monkeypatch.undo()  # the registry is writable again
        configure(monkeypatch, home, server.port)
        again = send_digests(accounts, now=NOW, encoder=embedder, settings=get_settings())
    assert [(o.user, o.status) for o in again.outcomes] == [
        ("u01", "skipped"),
        ("u03", "skipped"),
        ("u02", "sent"),
    ]
    assert sent_log(accounts)["u02"] == (SENT, 2)
    assert inbox.recipients().count("u02@example.org") == 2  # at least once, never zero
    assert len({m.parsed()["Message-ID"] for m in inbox.to("u02@example.org")}) == 1


def test_a_server_outage_leaves_a_failed_users_backoff_as_it_was(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox(script={"u01@example.org": ["451 4.2.0 mailbox busy"] * 3})
    accounts = registry(home)
    add_users(accounts, home, template, 1)
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        first = send_digests(
            accounts,
            now=NOW,
            encoder=embedder,
            settings=settings,
            policy=FAST,
            sleep=lambda _: None,
        )
        assert first.outcomes[0].status == "failed"  # next try after NOW + 10 minutes
        down = configure(monkeypatch, home, 9)  # the discard port: nobody listens
        outage = send_digests(
            accounts,
            now=NOW + timedelta(minutes=11),
            encoder=embedder,
            settings=down,
            policy=FAST,
            sleep=lambda _: None,
        )
        assert outage.stopped and outage.outcomes[0].attempts == 3
        with accounts() as session:
            row = session.scalar(select(DigestSend))
            assert row is not None
            assert (row.status, row.attempts) == (FAILED, 3) and "451 4.2.0" in row.error
            assert row.last_attempt_at == NOW  # the outage did not restart the backoff
        up = configure(monkeypatch, home, server.port)
        back = send_digests(
            accounts,
            now=NOW + timedelta(minutes=12),
            encoder=embedder,
            settings=up,
            policy=FAST,
            sleep=lambda _: None,
        )
    assert back.outcomes[0].status == "sent"
    assert sent_log(accounts) == {"u01": (SENT, 4)}
