"""A throwaway PostgreSQL server for the tests that need one, started by the tests themselves.

The PostgreSQL 15 binaries lie under /usr/lib/postgresql/15/bin on these machines (elsewhere,
``apt-get install postgresql``, or set GIVEBACK_PG_BIN). ``initdb`` refuses to run as root, so
as root the server runs as the ``postgres`` user. Each test gets a database of its own.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg
import pytest

PG_BIN = Path(os.environ.get("GIVEBACK_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Each running server's data folder and options, by its URL: what restart_server needs.
_SERVERS: dict[str, tuple[Path, str]] = {}


def restart_server(server: str, down_seconds: float = 0.0) -> None:
    """Stop the server at once (as a crash would: every connection dropped), wait, and start
    it again with the options it had."""
    data, options = _SERVERS[server]
    pg_ctl = str(PG_BIN / "pg_ctl")
    subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    time.sleep(down_seconds)
    subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data), "-o", options, "-w",
                         "-l", str(data.parent / "server.log"), "start"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@contextmanager
def running_server() -> Iterator[str]:
    """A new PostgreSQL server while the block runs: its ``postgresql+psycopg://`` URL prefix
    (the tests' fixture, and benchmarks that need a server of their own)."""
    # Not under pytest's own temporary folder: the server's user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="giveback-pg-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    port = _free_port()
    subprocess.run(
        _as_server_user([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                         "--auth=trust", "--no-sync"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                         "-l", str(root / "server.log"), "start"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    _SERVERS[url] = (data, options)
    try:
        yield url
    finally:
        _SERVERS.pop(url, None)
        subprocess.run(
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running server for this test session: its ``postgresql+psycopg://`` URL prefix."""
    if not (PG_BIN / "initdb").is_file():
        pytest.skip(f"no PostgreSQL binaries in {PG_BIN} (apt-get install postgresql)")
    with running_server() as url:
        yield url


@contextmanager
def throwaway_database(server: str) -> Iterator[str]:
    """A new, empty database on ``server`` for as long as the block runs; dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the session's server; dropped afterwards."""
    with throwaway_database(postgres_server) as url:
        yield url


def database_for(request: pytest.FixtureRequest, stack: ExitStack) -> str | None:
    """For a fixture parametrized ``["sqlite", "postgresql"]``: ``None`` (SQLite files), or a
    new database on the session's PostgreSQL server, dropped when ``stack`` closes."""
    if request.param != "postgresql":
        return None
    server = request.getfixturevalue("postgres_server")
    return str(stack.enter_context(throwaway_database(server)))
