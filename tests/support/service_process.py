"""The service as a person runs it: ``giveback`` commands and ``giveback serve`` in processes of
their own (tests of several workers and of faults)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.paths import ROOT

CONSOLE = "from giveback.service.cli.app import run; run()"
KEY = "k" * 48


@dataclass(frozen=True)
class Served:
    """A running ``giveback serve``: where it answers, and its (supervising) process."""

    url: str
    pid: int


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def giveback(
    env: dict[str, str], *args: str, code: str = CONSOLE
) -> subprocess.CompletedProcess[str]:
    """``giveback ARGS`` in a process of its own (``code`` starts the console script)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@contextmanager
def served(env: dict[str, str], workers: int) -> Iterator[Served]:
    """``giveback serve --workers N`` until the block ends; yields it once it answers. Its log
    goes to ``serve.log`` under GIVEBACK_HOME."""
    port = free_port()
    home = Path(env["GIVEBACK_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", CONSOLE, "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe: a pipe nobody reads fills up with the log and blocks the server.
        stderr=log,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while True:
            if process.poll() is not None:
                error = (home / "serve.log").read_text(errors="replace")
                raise AssertionError(f"serve exited with {process.returncode}: {error}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() - started < 180, "the workers did not start"
            time.sleep(0.2)
        yield Served(url, process.pid)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def service_env(home: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a service with one user (ann) whose token is GIVEBACK_TOKEN."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIVEBACK_")}
    env.update(GIVEBACK_HOME=str(home), GIVEBACK_SECRET_KEY=KEY)
    if database_url is not None:
        env["GIVEBACK_DATABASE_URL"] = database_url
    assert giveback(env, "user", "add", "ann").returncode == 0
    token = giveback(env, "token", "create", "ann")
    assert token.returncode == 0, token.stderr
    env["GIVEBACK_TOKEN"] = token.stdout.strip()
    return env


def auth(env: dict[str, str]) -> dict[str, str]:
    """The Authorization header of the service's user."""
    return {"Authorization": f"Bearer {env['GIVEBACK_TOKEN']}"}
