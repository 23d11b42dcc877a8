"""Large imports as jobs on the PostgreSQL queue: checked and stored at once, imported by a
worker, one at a time per user, each user seeing only their own.

A real PostgreSQL server, the real CLI (in-process), the real worker and embedder.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from giveback.core.settings import get_settings
from giveback.service.cli.app import main
from giveback.service.jobs.imports import IMPORT_TASK
from giveback.service.jobs.tasks import deferring_app, run_worker
from giveback.service.jobs.uploads import (
    MAX_ATTEMPTS,
    add_upload,
    claim_upload,
    list_uploads,
    uploads_engine,
)
from tests.support.cli import assert_one_error

REALWORLD = Path(__file__).resolve().parents[4] / "shared" / "realworld"


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def gives(path: Path, prefix: str, count: int) -> Path:
    """A JSON Lines file of ``count`` articles."""
    lines = [
        json.dumps(
            {
                "id": f"{prefix}-{i}",
                "type": "article",
                "title": f"{prefix} guide number {i}",
                "text": f"How to get started with {prefix}, part {i}.",
            }
        )
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def on_postgres(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Users ann and bob, everything in a new PostgreSQL database; a folder for files."""
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIVEBACK_DATABASE_URL", postgres_url)
    monkeypatch.setenv("GIVEBACK_QUEUE_DIGESTS", "false")
    get_settings.cache_clear()
    for name in ("ann", "bob"):
        assert cli("user", "add", name).exit_code == 0
    yield tmp_path
    get_settings.cache_clear()


def imports_of(user: str) -> list[dict[str, Any]]:
    result = cli("--user", user, "catalog", "imports", "--json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def catalog_of(user: str) -> list[str]:
    result = cli("--user", user, "catalog", "list", "--json")
    assert result.exit_code == 0, result.output
    return sorted(item["title"] for item in json.loads(result.stdout))


def test_a_queued_import_is_checked_at_once_and_imported_by_a_worker(
    on_postgres: Path,
) -> None:
    file = gives(on_postgres / "gives.jsonl", "pandas", 30)
    queued = cli("--user", "ann", "catalog", "import", str(file), "--queue", "--json")
    assert queued.exit_code == 0, queued.output
    upload = json.loads(queued.stdout)
    assert (upload["status"], upload["filename"], upload["format"]) == (
        "queued",
        "gives.jsonl",
        "jsonl",
    )
    assert catalog_of("ann") == []  # not yet: the worker imports it

    run_worker(get_settings(), once=True)
    [done] = imports_of("ann")
    assert done["status"] == "done" and done["attempts"] == 1
    assert (done["summary"]["imported"], done["summary"]["skipped"]) == (30, 0)
    assert len(catalog_of("ann")) == 30
    # Each user sees only their own imports and catalog.
    assert imports_of("bob") == []
    assert catalog_of("bob") == []
    listed = cli("--user", "ann", "catalog", "imports")
    assert "done" in listed.stdout and "imported 30" in listed.stdout


def test_a_file_that_cannot_be_imported_is_refused_at_once_and_nothing_is_queued(
    on_postgres: Path,
) -> None:
    bad = REALWORLD / "feeds" / "bad-empty-0-bytes.xml"
    result = cli("--user", "ann", "catalog", "import", str(bad), "--queue")
    assert_one_error(result, "bad-empty-0-bytes.xml")
    assert imports_of("ann") == []


def test_a_job_run_again_imports_nothing_twice(on_postgres: Path) -> None:
    file = gives(on_postgres / "gives.jsonl", "sourdough", 5)
    assert cli("--user", "ann", "catalog", "import", str(file), "--queue").exit_code == 0
    run_worker(get_settings(), once=True)
    [done] = imports_of("ann")
    # The same job queued a second time (a retry after its worker died, say).
    deferring_app(get_settings()).configure_task(IMPORT_TASK, lock="user:1").defer(
        upload_id=done["id"]
    )
    run_worker(get_settings(), once=True)
    assert imports_of("ann") == [done]
    assert len(catalog_of("ann")) == 5


def test_a_file_whose_import_keeps_stopping_its_worker_fails_instead_of_looping(
    on_postgres: Path,
) -> None:
    settings = get_settings()
    engine = uploads_engine(settings)
    upload_id = add_upload(engine, 1, "huge.jsonl", "jsonl", b'{"id": "a"}')
    for _ in range(MAX_ATTEMPTS):  # each try cut short: the worker died mid-import
        assert claim_upload(engine, upload_id) is not None
    assert claim_upload(engine, upload_id) is None
    [failed] = imports_of("ann")
    assert failed["status"] == "failed" and "gave up after 5 tries" in failed["error"]


def test_one_users_imports_run_one_at_a_time(on_postgres: Path) -> None:
    for part in range(3):
        file = gives(on_postgres / f"part{part}.jsonl", f"topic{part}", 40)
        assert cli("--user", "ann", "catalog", "import", str(file), "--queue").exit_code == 0
    run_worker(get_settings(), concurrency=3, once=True)
    settings = get_settings()
    uploads = list_uploads(uploads_engine(settings), user_id=1)
    assert {u.status for u in uploads} == {"done"}
    spans = sorted((u.started_at, u.finished_at) for u in uploads)
    for (_, finished), (started, _) in itertools.pairwise(spans):
        assert isinstance(finished, datetime) and isinstance(started, datetime)
        assert finished <= started  # the next began after the one before it ended
    assert len(catalog_of("ann")) == 120


def test_without_postgresql_queue_is_refused_with_what_to_do_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GIVEBACK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    file = gives(tmp_path / "gives.jsonl", "pandas", 2)
    assert_one_error(cli("catalog", "import", str(file), "--queue"), "PostgreSQL")
    assert_one_error(cli("worker", "--once"), "PostgreSQL")
    assert_one_error(cli("digest", "--queue"), "PostgreSQL")
    get_settings.cache_clear()
