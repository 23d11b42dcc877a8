"""A real SMTP server on loopback for the tests (aiosmtpd), with scripted refusals.

The :class:`Inbox` handler keeps every message it accepts, raw, as the client sent it.
``script[address]`` is a list of replies for that recipient's next ``RCPT TO`` commands
("451 ..." defers, "550 ..." refuses, "250" lets one through); ``on_rcpt`` may act on any
recipient (the crash test kills the sender from there).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One accepted message: the envelope and the raw bytes."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    def parsed(self) -> EmailMessage:
        """The message parsed back with the standard library."""
        message = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class Inbox:
    """aiosmtpd handler: accepts and keeps messages, refuses as scripted."""

    messages: list[Received] = field(default_factory=list)
    script: dict[str, list[str]] = field(default_factory=dict)
    on_rcpt: Callable[[str], str | None] | None = None
    rcpt_seen: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        self.rcpt_seen.append(address)
        replies = self.script.get(address)
        if replies:
            reply = replies.pop(0)
            if not reply.startswith("250"):
                return reply
        if self.on_rcpt is not None:
            refusal = self.on_rcpt(address)
            if refusal:
                return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content or envelope.content,
            )
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """The messages delivered to ``address``."""
        return [m for m in self.messages if address in m.rcpt_tos]

    def recipients(self) -> list[str]:
        """Every delivery's recipient, in order (a duplicate shows twice)."""
        return [r for m in self.messages for r in m.rcpt_tos]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(handler: Any, **smtp_options: Any) -> Iterator[Controller]:
    """An aiosmtpd server on 127.0.0.1 for the duration of the block."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **smtp_options)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@dataclass
class KillAt:
    """An ``on_rcpt`` hook that kills the sending process (SIGKILL) when the ``count``-th
    distinct recipient is named, and refuses that message: the sender dies mid-batch, before
    the message is accepted. Set ``process`` once it has started."""

    inbox: Inbox
    count: int
    process: subprocess.Popen[bytes] | None = None
    killed: bool = False

    def __call__(self, address: str) -> str | None:
        """Kill and refuse at the ``count``-th recipient; let every other one through."""
        if self.killed or self.process is None or len(set(self.inbox.rcpt_seen)) != self.count:
            return None
        self.killed = True
        os.kill(self.process.pid, signal.SIGKILL)
        return "451 4.3.0 going away"
