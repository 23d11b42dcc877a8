"""``giveback digest`` (preview, .eml, send) and the in-process scheduler, end to end."""

from __future__ import annotations

import time
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from giveback.core.accounts_tables import DigestSend
from giveback.core.tables import utcnow
from giveback.engine.accounts.registry import get_user, set_digest_preferences
from giveback.service.cli.app import main
from giveback.service.cli.context import App
from giveback.service.mail.scheduler import start_scheduler
from tests.support.cli import assert_one_error
from tests.support.digest import (
    NOW,
    add_users,
    configure,
    copy_store,
    registry,
)
from tests.support.smtp import Inbox, smtp_server


def digest(*args: str) -> Result:
    return CliRunner().invoke(main, ["digest", *args], obj=App())


def test_send_prints_each_user_and_fails_with_exit_1(
    home: Path, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = registry(home)
    add_users(accounts, home, template, 3)
    inbox = Inbox(script={"u02@example.org": ["550 5.1.1 no such user"]})
    with smtp_server(inbox) as server:
        configure(monkeypatch, home, server.port)
        result = digest("--send", "--now", NOW.isoformat())
        again = digest("--send", "--now", NOW.isoformat(), "-v")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sent     u01") and "(1 try)" in lines[0]
    assert lines[1].startswith("rejected u02") and "550 5.1.1 no such user" in lines[1]
    assert lines[3] == "Digest: sent 2, failed 1, skipped 0."
    assert "not sent: u02" in result.stderr
    assert again.exit_code == 0, again.output  # nothing failed in this run
    assert "already sent for 2026-W14" in again.stdout
    assert again.stdout.splitlines()[-1].startswith("Digest: sent 0, failed 0, skipped 3")
    assert len(inbox.messages) == 2


def test_to_eml_writes_what_send_would_and_records_nothing(
    home: Path, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = registry(home)
    add_users(accounts, home, template, 2)
    with accounts() as session:
        set_digest_preferences(session, get_user(session, "u02"), weekday="sunday")
    configure(monkeypatch, home, 9)
    result = digest("--to-eml", str(tmp_path / "out"), "--now", NOW.isoformat(), "-v")
    assert result.exit_code == 0, result.output
    (path,) = [Path(line) for line in result.stdout.splitlines()]
    assert path.name == "u01-2026-W14.eml" and path.stat().st_mode & 0o077 == 0
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["To"] == "u01@example.org" and msg.get_content_type() == "multipart/alternative"
    assert "skipped  u02: not yet: due Sunday 08:00 UTC" in result.stderr
    with accounts() as session:
        assert session.query(DigestSend).count() == 0


def test_preview_writes_html_and_prints_its_path(
    home: Path, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = registry(home)
    configure(monkeypatch, home)
    # No users yet: --send says what is missing; --preview shows the CLI's own store.
    assert_one_error(digest("--send"), "no users to send to", "giveback user add")
    store = copy_store(template, tmp_path / "own" / "giveback.db")
    own = CliRunner().invoke(
        main,
        ["--db", str(store), "digest", "--preview", "--out", str(tmp_path / "me.html")],
        obj=App(),
    )
    assert own.exit_code == 0, own.output
    assert own.stdout.strip() == str((tmp_path / "me.html").resolve())
    assert (
        "Ann Lee" in (tmp_path / "me.html").read_text()
        and "/digest/act/" not in (tmp_path / "me.html").read_text()
    )
    add_users(accounts, home, template, 2)
    assert_one_error(digest("--preview"), "several users", "--user NAME")
    mine = digest("--preview", "--user", "u02", "--now", NOW.isoformat())
    assert mine.exit_code == 0, mine.output
    page = Path(mine.stdout.strip())
    assert page == home / "previews" / "digest-u02-2026-W14.html"
    assert "/digest/act/" in page.read_text() and "Ways to give this week" in mine.stderr
    assert_one_error(digest("--preview", "--send"), "choose one of")
    assert_one_error(digest("--preview", "--user", "nobody"), "no user named 'nobody'")


def test_preview_out_into_a_folder_that_is_not_there_is_one_error_line(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(monkeypatch, home)
    store = tmp_path / "own" / "giveback.db"
    (tmp_path / "afile").write_text("")
    for out, what in [
        (tmp_path / "missing" / "me.html", "does not exist; create it first"),
        (tmp_path / "afile" / "me.html", "is not a folder"),
    ]:
        result = CliRunner().invoke(
            main, ["--db", str(store), "digest", "--preview", "--out", str(out)], obj=App()
        )
        assert_one_error(result, f"--out {out}: the folder {out.parent} {what}")
    assert not (tmp_path / "missing").exists()
    eml_dir = tmp_path / "afile" / "out"
    result = CliRunner().invoke(
        main, ["--db", str(store), "digest", "--to-eml", str(eml_dir)], obj=App()
    )
    assert_one_error(result, f"cannot write {eml_dir} (")


def test_the_scheduler_sends_what_is_due_and_runs_once_per_home(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = utcnow()
    accounts = registry(home)
    # Due from 00:00 UTC today, whenever the test runs.
    add_users(accounts, home, template, 2, weekday=today.weekday(), hour=0)
    inbox = Inbox()
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        handle = start_scheduler(
            settings,
            accounts=accounts,
            encoder_factory=lambda: embedder,
            interval=timedelta(seconds=1),
            first_run_after=timedelta(0),
        )
        assert handle is not None
        try:
            assert start_scheduler(settings, accounts=accounts) is None  # one per home
            deadline = time.monotonic() + 30
            while len(inbox.messages) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.5)  # a few more runs: none sends anything again
        finally:
            handle.stop()
    assert sorted(inbox.recipients()) == ["u01@example.org", "u02@example.org"]
    again = start_scheduler(settings, accounts=accounts, first_run_after=timedelta(hours=1))
    assert again is not None  # the lock went with the first one
    again.stop()
