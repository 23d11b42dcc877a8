"""``giveback serve --workers N``: several processes, one key, and nothing that interleaves.

The service runs as a person would run it, in processes of its own, on SQLite files and on
PostgreSQL. A note pasted many times at once, the requests spread over two workers, is stored
once: the duplicate check and the write are locked across processes, not within one.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.paths import ROOT
from tests.support.postgres import throwaway_database

CONSOLE = "from giveback.service.cli.app import run; run()"
KEY = "k" * 48


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def giveback(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``giveback ARGS`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-c", CONSOLE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@contextmanager
def served(env: dict[str, str], workers: int) -> Iterator[str]:
    """``giveback serve --workers N`` until the block ends; yields its URL once it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", CONSOLE, "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(f"serve exited with {process.returncode}: {error}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() - started < 180, "the workers did not start"
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(params=["sqlite", "postgresql"])
def service_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a service with one user (ann) and her token in GIVEBACK_TOKEN."""
    with ExitStack() as stack:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIVEBACK_")}
        env.update(GIVEBACK_HOME=str(tmp_path / "home"), GIVEBACK_SECRET_KEY=KEY)
        if request.param == "postgresql":
            server = request.getfixturevalue("postgres_server")
            env["GIVEBACK_DATABASE_URL"] = stack.enter_context(throwaway_database(server))
        assert giveback(env, "user", "add", "ann").returncode == 0
        token = giveback(env, "token", "create", "ann")
        assert token.returncode == 0, token.stderr
        env["GIVEBACK_TOKEN"] = token.stdout.strip()
        yield env


def test_several_workers_need_one_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIVEBACK_")}
    env["GIVEBACK_HOME"] = str(tmp_path / "home")
    done = giveback(env, "serve", "--workers", "2")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith(
        "error: 2 workers must sign and check links with one key: set GIVEBACK_SECRET_KEY"
    )


def test_a_note_pasted_at_once_to_two_workers_is_stored_once(
    service_env: dict[str, str],
) -> None:
    headers = {"Authorization": f"Bearer {service_env['GIVEBACK_TOKEN']}"}
    note = {
        "contact_name": "Maria Lopez",
        "date": "2026-11-20",
        "text": "Lunch with Maria. She is looking for a SaaS lawyer and took up pottery.",
    }
    with served(service_env, workers=2) as url:

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
