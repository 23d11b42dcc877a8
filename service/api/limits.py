"""A cap on request bodies, enforced before anything is parsed or stored."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a streamed body passes the cap.

    An ``HTTPException``, because FastAPI turns any other error met while reading a body into
    a vague 400; this one passes through as the 413 it is.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(413, detail, headers={"Connection": "close"})


def too_large_message(size: int, max_bytes: int) -> str:
    """What a client is told when its body is over the cap."""
    return (
        f"the request body is {size:,} bytes or more; at most {max_bytes:,} bytes are "
        "accepted (a note may have at most 100,000 characters: split it)"
    )


class BodySizeLimit:
    """ASGI middleware: a body over ``max_bytes`` gets 413 with a clear message.

    A declared ``Content-Length`` over the cap is refused before reading; a chunked body is
    counted as it streams and refused as soon as it passes the cap.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send, int(declared))
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(too_large_message(seen, self.max_bytes))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, seen)

    async def _refuse(self, send: Send, size: int) -> None:
        body = json.dumps({"detail": too_large_message(size, self.max_bytes)}).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
