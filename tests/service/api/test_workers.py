"""``giveback serve --workers N``: several processes, one key, and nothing that interleaves.

The service runs as a person would run it, in processes of its own, on SQLite files and on
PostgreSQL. A note pasted many times at once, the requests spread over two workers, is stored
once: the duplicate check and the write are locked across processes, not within one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.support.postgres import database_for
from tests.support.service_process import auth, giveback, served, service_env


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A service's environment with one user, on SQLite files, then on PostgreSQL."""
    with ExitStack() as stack:
        yield service_env(tmp_path / "home", database_for(request, stack))


def test_several_workers_need_one_key(tmp_path: Path) -> None:
    bare = {k: v for k, v in os.environ.items() if not k.startswith("GIVEBACK_")}
    bare["GIVEBACK_HOME"] = str(tmp_path / "home")
    done = giveback(bare, "serve", "--workers", "2")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith(
        "error: 2 workers must sign and check links with one key: set GIVEBACK_SECRET_KEY"
    )


def test_a_note_pasted_at_once_to_two_workers_is_stored_once(env: dict[str, str]) -> None:
    headers = auth(env)
    note = {
        "contact_name": "Maria Lopez",
        "date": "2026-11-20",
        "text": "Lunch with Maria. She is looking for a SaaS lawyer and took up pottery.",
    }
    with served(env, workers=2) as service:
        url = service.url

        def paste(_: int) -> int:
            # A connection per request, so the kernel spreads them over the workers.
            with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
                return client.post("/notes", json=note).status_code

        with ThreadPoolExecutor(8) as pool:
            codes = sorted(pool.map(paste, range(8)))
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            notes = client.get("/notes").json()
            contacts = client.get("/contacts").json()
    assert codes == [200] * 7 + [201]
    assert notes["total"] == 1 and contacts["total"] == 1
