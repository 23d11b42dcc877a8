"""Sixteen clients pasting notes at once into one user's store, over real HTTP: a SQLite file,
then a schema of one PostgreSQL database.

A real uvicorn server on a free loopback port (in a thread of this process, so it shares the
session's models) takes notes from 16 client threads for ``DURATION_S`` seconds. Afterwards:
no server error and no "database is locked" anywhere (answers, server log), every note sent
is stored exactly once (re-sent and simultaneous duplicates included), and every note has
been listened to, with the signals its answer reported stored.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from giveback.core.tables import Note, SignalRow
from tests.support.api import ApiEnv, ApiUser, api_environment, serve_in_thread
from tests.support.postgres import database_for

DURATION_S = 30
CLIENTS = 16
RESEND_EVERY = 5  # every fifth request re-sends the client's previous note
# A small circle of people, shared by every client: contacts are created under contention.
PEOPLE = [
    "Maria Lopez",
    "Jordan Blake",
    "Daniel Okafor",
    "Priya Raman",
    "Chen Wei",
    "Amara Diallo",
    "Lucas Meyer",
    "Sofia Rossi",
]
NEEDS = [
    "contracts lawyer",
    "backend engineer",
    "seed investor",
    "bookkeeper",
    "UX designer",
    "grant writer",
    "data engineer",
    "tax accountant",
]
LOVES = [
    "trail running",
    "sourdough baking",
    "jazz piano",
    "birding",
    "woodworking",
    "climbing",
    "chess",
    "photography",
]


@dataclass
class Sent:
    """One request a client made, and what came back."""

    client: int
    text: str
    contact: str
    status: int
    body: dict[str, Any] | None
    resend: bool = False


@dataclass
class Log(logging.Handler):
    """Every log record of the server, kept for inspection."""

    records: list[logging.LogRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __hash__(self) -> int:
        return id(self)


@pytest.fixture(params=["sqlite", "postgresql"])
def api_env(
    request: pytest.FixtureRequest, tmp_path: Path, listener: Any, embedder: Any
) -> Iterator[ApiEnv]:
    """A fresh registry and stores for one test: SQLite files, then one PostgreSQL database."""
    with ExitStack() as stack:
        database_url = database_for(request, stack)
        yield stack.enter_context(
            api_environment(tmp_path / "home", listener, embedder, database_url)
        )


@pytest.fixture
def server_log() -> Iterator[Log]:
    """Capture the log of everything (the app, uvicorn, SQLAlchemy) while the test runs."""
    log = Log()
    root = logging.getLogger()
    root.addHandler(log)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield log
    root.removeHandler(log)
    root.setLevel(old_level)


def note_text(client: int, k: int) -> tuple[str, str]:
    """A distinct note from client ``client``, its ``k``-th: (contact, text)."""
    rng = random.Random(f"{client}-{k}")
    person = rng.choice(PEOPLE)
    first = person.split()[0]
    return person, (
        f"Call with {first} (client {client}, note {k}). She is looking for a "
        f"{rng.choice(NEEDS)} before the launch. She loves {rng.choice(LOVES)} "
        "and asked how my week went."
    )


def paste_for(
    base_url: str,
    user: ApiUser,
    client: int,
    deadline: float,
    kickoff: threading.Barrier,
    out: list[Sent],
) -> None:
    """One client: a kick-off note everybody sends at the same instant, then its own notes."""
    with httpx.Client(base_url=base_url, headers=user.headers, timeout=120) as http:
        kickoff.wait()
        body = {
            "contact_name": "Maria Lopez",
            "note_date": "2026-11-20",
            "text": "Kick-off call with Maria. She is looking for a contracts lawyer. "
            "She loves trail running.",
        }
        answer = http.post("/notes", json=body)
        out.append(
            Sent(
                client, body["text"], "Maria Lopez", answer.status_code, _json(answer), resend=True
            )
        )
        k = 0
        previous: dict[str, str] | None = None
        while time.monotonic() < deadline:
            resend = previous is not None and k % RESEND_EVERY == RESEND_EVERY - 1
            if resend and previous is not None:
                body = previous
            else:
                contact, text = note_text(client, k)
                body = {"contact_name": contact, "note_date": "2026-11-20", "text": text}
            answer = http.post("/notes", json=body)
            out.append(
                Sent(
                    client,
                    body["text"],
                    body["contact_name"],
                    answer.status_code,
                    _json(answer),
                    resend=resend,
                )
            )
            previous = body
            k += 1


def _json(answer: httpx.Response) -> dict[str, Any] | None:
    try:
        return answer.json()
    except ValueError:
        return {"raw": answer.text[:500]}


def test_sixteen_clients_pasting_at_once_lose_nothing(
    api_env: ApiEnv, ann: ApiUser, server_log: Log
) -> None:
    sent: list[Sent] = []
    with serve_in_thread(api_env.app()) as base_url:
        deadline = time.monotonic() + DURATION_S
        kickoff = threading.Barrier(CLIENTS)
        threads = [
            threading.Thread(target=paste_for, args=(base_url, ann, i, deadline, kickoff, sent))
            for i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DURATION_S + 120)
        assert not any(t.is_alive() for t in threads), "a client hung"

    failed = [(s.status, s.body) for s in sent if s.status not in (200, 201)]
    assert not failed, failed[:5]
    log_text = "\n".join(r.getMessage() for r in server_log.records)
    assert "locked" not in log_text.lower()
    assert not [r for r in server_log.records if r.levelno >= logging.ERROR], log_text[-2000:]
    assert all("locked" not in str(s.body).lower() for s in sent)
    # Every client got its own notes through, beside the kick-off: they truly overlapped.
    per_client = Counter(s.client for s in sent)
    assert all(per_client[i] >= 3 for i in range(CLIENTS)), per_client

    # Each distinct note: one row, answered 201 once and 200 (duplicate) every other time.
    by_text: dict[str, list[Sent]] = {}
    for s in sent:
        by_text.setdefault(s.text, []).append(s)
    for text, answers in by_text.items():
        assert sorted(a.status for a in answers) == [200] * (len(answers) - 1) + [201], text
        assert len({a.body["note"]["id"] for a in answers if a.body}) == 1, text
        assert all(a.body and a.body["duplicate"] == (a.status == 200) for a in answers)
    kickoff_answers = [a for a in sent if a.text.startswith("Kick-off call")]
    assert len(kickoff_answers) == CLIENTS

    created = {
        a.body["note"]["id"]: a.body
        for answers in by_text.values()
        for a in answers
        if a.status == 201 and a.body
    }
    with api_env.store(ann) as session:
        stored = dict(
            session.execute(select(Note.text, func.count(Note.id)).group_by(Note.text)).all()
        )
        assert stored == {text: 1 for text in by_text}, "a note was lost or stored twice"
        notes = {n.id: n for n in session.scalars(select(Note))}
        signals: dict[int, set[int]] = {}
        for note_id, signal_id in session.execute(select(SignalRow.note_id, SignalRow.id)):
            signals.setdefault(note_id, set()).add(signal_id)
    assert notes.keys() == created.keys()
    for note_id, body in created.items():
        note = notes[note_id]
        assert note.processed_at is not None and note.error is None, note_id
        reported = {s["id"] for s in body["signals"]}
        assert reported, f"note {note_id} was heard to say nothing: {note.text}"
        assert signals.get(note_id) == reported, note_id
        kinds = {s["kind"] for s in body["signals"]}
        assert {"need", "interest"} <= kinds, (note.text, kinds)
    # Contacts were created under contention, each once.
    contacts = {b["note"]["contact_name"] for b in created.values()}
    assert contacts <= set(PEOPLE)
    assert api_env.counts(ann)["contacts"] == len(contacts)
    print(
        f"{len(sent)} requests ({len(created)} notes, {len(sent) - len(created)} duplicates) "
        f"from {CLIENTS} clients in {DURATION_S} s"
    )
