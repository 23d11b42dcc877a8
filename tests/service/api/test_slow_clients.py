"""Slow clients over real sockets: the server ``giveback serve`` runs closes a connection whose
request stalls or trickles, keeps a bounded number waiting, and still answers everyone else.

The server is the real uvicorn with ``giveback serve``'s options (``server_options``), in a
thread on a free loopback port; the clients are raw sockets that send headers and part of a
body, then nothing. Without the read timeouts each of them would be held for good: every wait
below is bounded by a socket timeout many times the server's, so a held connection fails the
test rather than hanging it.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner

from giveback.core.settings import get_settings
from giveback.service.api.serving import GuardedH11Protocol, server_options
from giveback.service.cli import serve
from tests.support.api import ApiEnv, ApiUser, api_environment, serve_in_thread

# Far longer than any timeout the tests set: a connection not closed by then was held.
HELD = 15.0


@contextmanager
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **limits: str) -> Iterator[Served]:
    """The app served as ``giveback serve`` serves it, with ``limits`` (GIVEBACK_*) set."""
    with ExitStack() as stack:
        env = stack.enter_context(api_environment(tmp_path / "home", None, None))
        for name, value in limits.items():
            monkeypatch.setenv(f"GIVEBACK_{name.upper()}", value)
        get_settings.cache_clear()
        settings = get_settings()
        user = env.add_user("ann")
        base = stack.enter_context(
            serve_in_thread(env.app(load_models=False), **server_options(settings))
        )
        yield Served(env, user, base)


class Served:
    """A running server, its registry and one user."""

    def __init__(self, env: ApiEnv, user: ApiUser, base: str) -> None:
        self.env, self.user, self.base = env, user, base
        self.port = int(base.rsplit(":", 1)[1])
        self.created = 0  # contacts the prompt clients made

    def stalled(self, body_sent: bytes = b'{"name": "Mar', length: int = 1000) -> socket.socket:
        """A connection that sent its headers and the start of a body, then nothing."""
        conn = socket.create_connection(("127.0.0.1", self.port), timeout=HELD)
        conn.sendall(
            b"POST /contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Authorization: Bearer {self.user.token}\r\n".encode()
            + b"Content-Type: application/json\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
            + body_sent
        )
        return conn

    def answers_a_prompt_client(self) -> None:
        """A client that sends whole requests promptly is answered, reads and writes alike."""
        with httpx.Client(base_url=self.base, headers=self.user.headers, timeout=HELD) as http:
            assert http.get("/health").status_code == 200
            made = http.post("/contacts", json={"name": f"Prompt Client {self.created + 1}"})
            assert made.status_code == 201, made.text
            self.created += 1


def closed_by_server(conn: socket.socket) -> bytes:
    """What the server sent before it closed ``conn`` (a refused socket counts as closed).

    Fails when the connection is still open after :data:`HELD` seconds.
    """
    received = b""
    try:
        while chunk := conn.recv(4096):
            received += chunk
    except TimeoutError:
        pytest.fail(f"the server held a stalled connection for {HELD} s")
    except ConnectionResetError:
        pass  # closed before it read what the client sent: the kernel answers with a reset
    finally:
        conn.close()
    return received


def still_open(conn: socket.socket) -> bool:
    """Whether the server keeps ``conn`` open (nothing arrives within a moment)."""
    conn.settimeout(0.3)
    try:
        return conn.recv(1) != b""
    except TimeoutError:
        return True
    except ConnectionResetError:
        return False


def test_stalled_bodies_are_closed_and_others_still_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(tmp_path, monkeypatch, read_timeout="1", max_slow_connections="500") as server:
        stalled = [server.stalled() for _ in range(200)]
        server.answers_a_prompt_client()  # while all 200 are held
        started = time.monotonic()
        answers = [closed_by_server(conn) for conn in stalled]
        assert time.monotonic() - started < HELD
        timed_out = [a for a in answers if a.startswith(b"HTTP/1.1 408 ")]
        assert len(timed_out) == len(answers), {a[:40] for a in answers}
        server.answers_a_prompt_client()
        # Only the prompt clients' contacts: nothing of a half-sent body was stored.
        assert server.env.counts(server.user)["contacts"] == server.created


def test_a_request_that_trickles_in_is_closed_at_the_request_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = {"read_timeout": "1", "request_timeout": "2"}
    with served(tmp_path, monkeypatch, **limits) as server:
        conn = server.stalled(b"", length=100_000)
        conn.settimeout(0.25)
        started = time.monotonic()
        answer = b""
        while time.monotonic() - started < HELD:  # a byte every quarter second, never idle
            try:
                conn.sendall(b"x")
                answer = conn.recv(4096)
                break  # the server answered or closed
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        else:
            pytest.fail(f"a trickling request was held for {HELD} s")
        conn.close()
        assert answer.startswith(b"HTTP/1.1 408 ") or answer == b"", answer
        server.answers_a_prompt_client()


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept:"],
    ids=["nothing", "half the headers"],
)
def test_a_connection_without_a_whole_request_head_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sent: bytes
) -> None:
    with served(tmp_path, monkeypatch, read_timeout="1") as server:
        conn = socket.create_connection(("127.0.0.1", server.port), timeout=HELD)
        conn.sendall(sent)
        answer = closed_by_server(conn)
        assert answer.startswith(b"HTTP/1.1 408 "), answer
        assert b"did not arrive in time" in answer
        server.answers_a_prompt_client()


def test_over_the_cap_the_longest_waiting_connections_give_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read timeout is far away: only the cap on waiting connections closes anything here.
    limits = {"read_timeout": "60", "request_timeout": "120", "max_slow_connections": "5"}
    with served(tmp_path, monkeypatch, **limits) as server:
        stalled = [server.stalled() for _ in range(8)]
        first, last = stalled[:3], stalled[3:]
        for conn in first:
            closed_by_server(conn)
        assert all(still_open(conn) for conn in last)
        # A prompt client gets in (its connection waits a moment, the oldest stalled gives way).
        server.answers_a_prompt_client()
        for conn in last:
            conn.close()


def test_a_whole_request_sent_slowly_within_the_limits_is_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(tmp_path, monkeypatch, read_timeout="2", request_timeout="30") as server:
        body = json.dumps({"name": "Slow But Steady"}).encode()
        conn = server.stalled(body[:10], length=len(body))
        for start in range(10, len(body), 10):  # pauses under the read timeout
            time.sleep(0.5)
            conn.sendall(body[start : start + 10])
        answer = conn.recv(4096)
        conn.close()
        assert answer.startswith(b"HTTP/1.1 201 "), answer[:200]
        assert server.env.counts(server.user)["contacts"] == 1
        server.answers_a_prompt_client()


def test_giveback_serve_runs_uvicorn_with_the_guard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIVEBACK_READ_TIMEOUT", "7")
    monkeypatch.setenv("GIVEBACK_MAX_SLOW_CONNECTIONS", "33")
    get_settings.cache_clear()
    ran: dict[str, object] = {}
    # Only uvicorn's loop is left out: it would serve until stopped.
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: ran.update(options))
    try:
        result = CliRunner().invoke(serve.serve, ["--port", "8123"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    protocol = ran["http"]
    assert isinstance(protocol, type) and issubclass(protocol, GuardedH11Protocol)
    assert (protocol.read_timeout, protocol.max_slow_connections) == (7.0, 33)
    assert ran["port"] == 8123 and ran["ws"] == "none"
