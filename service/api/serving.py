"""How ``giveback serve`` runs the app in uvicorn: read timeouts and a cap on slow clients.

uvicorn waits as long as a client likes for the rest of a request: a client that sends its
headers and part of a body, then nothing, holds its connection (and the body read so far) for
good, and a few hundred such clients hold as many. :class:`GuardedH11Protocol` closes a
connection whose request

- pauses longer than ``read_timeout`` seconds (nothing arrives while the server waits for it),
- or is not whole within ``request_timeout`` seconds of its first byte (a trickle), and
- keeps at most ``max_slow_connections`` connections waiting on their clients at once: over
  that, the one that has waited longest is closed, so a flood of stalled clients cannot keep
  a prompt one out.

A request closed before any answer began gets ``408 Request Timeout``. Between requests on a
kept-alive connection, uvicorn's own keep-alive timeout applies; while the app works on a
request, no timeout does.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from giveback.core.settings import Settings, get_settings

log = logging.getLogger("giveback.api")

KEEP_ALIVE_SECONDS = 5
_TIMED_OUT_TEXT = b"the request did not arrive in time; send it again\n"
TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s"
) % (len(_TIMED_OUT_TEXT), _TIMED_OUT_TEXT)

# Per server: the connections waiting on their clients, oldest first.
_WAITING: weakref.WeakKeyDictionary[ServerState, dict[GuardedH11Protocol, None]] = (
    weakref.WeakKeyDictionary()
)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with read timeouts and a cap on connections kept waiting.

    The limits are class attributes: :func:`guarded_protocol` makes a subclass with the
    settings' values.
    """

    read_timeout: float = 10.0
    request_timeout: float = 60.0
    max_slow_connections: int = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timer: asyncio.TimerHandle | None = None
        self._started: float | None = None  # when the request now awaited began to arrive
        self._last_read = 0.0
        self._waiting = _WAITING.setdefault(self.server_state, {})

    # -- the protocol's events --------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn narrows BaseTransport
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._unwatch()
        super().connection_lost(exc)

    # -- the watch ----------------------------------------------------------------------------
    def _awaiting_client(self) -> bool:
        """Whether the server is waiting on the client for (the rest of) a request."""
        if self.transport.is_closing():
            return False
        if self.timeout_keep_alive_task is not None:
            return False  # idle between requests: uvicorn's keep-alive timeout applies
        return self.conn.their_state in (h11.IDLE, h11.SEND_BODY)

    def _watch(self) -> None:
        """After anything that may change whose turn it is: start, go on, or stop waiting."""
        if not self._awaiting_client():
            self._unwatch()
            return
        now = self.loop.time()
        self._last_read = now
        if self._started is None:
            self._started = now
            self._enlist()
        if self._timer is None and not self.transport.is_closing():
            self._timer = self.loop.call_later(self._next_deadline() - now, self._check)

    def _unwatch(self) -> None:
        self._started = None
        self._waiting.pop(self, None)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _next_deadline(self) -> float:
        assert self._started is not None
        return min(self._last_read + self.read_timeout, self._started + self.request_timeout)

    def _check(self) -> None:
        """The timer: close the connection if its client is past a deadline, else wait on."""
        self._timer = None
        if not self._awaiting_client() or self._started is None:
            self._unwatch()
            return
        now = self.loop.time()
        if self.flow.read_paused or getattr(self.cycle, "waiting_for_100_continue", False):
            # The server is behind, not the client: it stopped reading while the app catches
            # up, or the client waits for "100 Continue" until the app reads the body.
            self._last_read = now
        if now >= self._next_deadline():
            idle = now - self._last_read >= self.read_timeout
            self._give_up("sent nothing for" if idle else "did not finish its request in")
            return
        self._timer = self.loop.call_later(self._next_deadline() - now, self._check)

    def _enlist(self) -> None:
        """Count this connection as waiting; over the cap, the longest waiting one is closed."""
        self._waiting[self] = None
        while len(self._waiting) > self.max_slow_connections:
            oldest = next(iter(self._waiting))
            oldest._give_up("was the slowest of too many waiting clients after")

    def _give_up(self, why: str) -> None:
        waited = self.loop.time() - (self._started or self.loop.time())
        self._unwatch()
        log.info("closed a connection from %s that %s %.1f s", self.client, why, waited)
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(TIMED_OUT)
        self.transport.close()


def guarded_protocol(settings: Settings) -> type[GuardedH11Protocol]:
    """The protocol class with the settings' read timeouts and cap on slow connections."""
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {
            "read_timeout": settings.read_timeout,
            "request_timeout": settings.request_timeout,
            "max_slow_connections": settings.max_slow_connections,
        },
    )


class WorkerGuardedH11Protocol(GuardedH11Protocol):
    """The same guard, named by import path for worker processes (which cannot be handed a
    class made at run time): each reads its limits from the worker's own settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        settings = get_settings()
        self.read_timeout = settings.read_timeout
        self.request_timeout = settings.request_timeout
        self.max_slow_connections = settings.max_slow_connections
        super().__init__(*args, **kwargs)


WORKER_PROTOCOL = f"{__name__}:{WorkerGuardedH11Protocol.__name__}"


def server_options(settings: Settings, *, workers: int = 1) -> dict[str, Any]:
    """uvicorn's options for serving the app: the guarded protocol, no websockets."""
    return {
        "http": guarded_protocol(settings) if workers == 1 else WORKER_PROTOCOL,
        "ws": "none",  # the app has no websocket routes; an upgrade would escape the guard
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    }
