"""Closures through the HTTP API: a later note closes an earlier need, every signal route shows
the sentence that closed it, and ``POST /signals/{id}/reopen`` takes it back.

Real listener and embedder (the session's), real app, SQLite stores under ``tmp_path``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from giveback.core.domain import MAX_ID
from giveback.engine.accounts.registry import ID_RANGE
from tests.support.api import ApiUser

NEED = "Coffee with Maria. She is looking for a SaaS contracts lawyer before the Series A closes."
MET = "Update: Maria found a lawyer last week."
MET_AGAIN = "Maria found a lawyer at last, a friend of a friend."


@dataclass(frozen=True)
class Closed:
    """A user's contact whose need (``signal_id``) a later note (``closer_id``) closed."""

    contact_id: int
    signal_id: int
    note_id: int
    closer_id: int


def post_note(client: TestClient, user: ApiUser, day: str, text: str, **who: Any) -> dict[str, Any]:
    """Paste a note as ``user`` (about Maria Lopez unless ``contact_id`` is given)."""
    body = {"note_date": day, "text": text, **(who or {"contact_name": "Maria Lopez"})}
    answer = client.post("/notes", headers=user.headers, json=body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def closed_need(client: TestClient, user: ApiUser) -> Closed:
    """Maria's need for a lawyer, heard on 2026-03-01 and met by a note of 2026-03-20."""
    first = post_note(client, user, "2026-03-01", NEED)
    need = next(s for s in first["signals"] if s["kind"] == "need" and "lawyer" in s["phrase"])
    assert (need["status"], need["closed_by"]) == ("active", None)
    contact_id = first["note"]["contact_id"]
    second = post_note(client, user, "2026-03-20", MET, contact_id=contact_id)
    return Closed(contact_id, need["id"], first["note"]["id"], second["note"]["id"])


def get_signal(client: TestClient, user: ApiUser, signal_id: int) -> dict[str, Any]:
    """``GET /signals/{signal_id}`` as ``user``; must succeed."""
    answer = client.get(f"/signals/{signal_id}", headers=user.headers)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_every_signal_route_shows_the_closure(client: TestClient, ann: ApiUser) -> None:
    closed = closed_need(client, ann)
    one = get_signal(client, ann, closed.signal_id)
    assert (one["status"], one["heard_status"]) == ("resolved", "active")
    closer = one["closed_by"]
    assert closer["note_id"] == closed.closer_id
    assert closer["note_date"] == "2026-03-20"
    assert closer["evidence"] == "found a lawyer"
    assert MET[closer["start"] : closer["end"]] == "found a lawyer"
    assert closer["how"] == "met" and 0 < closer["confidence"] <= 1
    of_contact = client.get(f"/contacts/{closed.contact_id}/signals", headers=ann.headers)
    listed = client.get("/signals", params={"contact_id": closed.contact_id}, headers=ann.headers)
    for page in (of_contact, listed):
        assert page.status_code == 200, page.text
        items = {s["id"]: s for s in page.json()["items"]}
        assert items[closed.signal_id] == one
        # Only the earlier need is closed; nothing else carries a closure.
        assert [i for i, s in items.items() if s["closed_by"]] == [closed.signal_id]
    note = client.get(f"/notes/{closed.note_id}", headers=ann.headers)
    assert note.status_code == 200
    assert next(s for s in note.json()["signals"] if s["id"] == closed.signal_id) == one


def test_reopen_answers_the_open_signal_and_keeps_it(client: TestClient, ann: ApiUser) -> None:
    closed = closed_need(client, ann)
    before = get_signal(client, ann, closed.signal_id)
    answer = client.post(f"/signals/{closed.signal_id}/reopen", headers=ann.headers)
    assert answer.status_code == 200, answer.text
    reopened = answer.json()
    assert reopened == {**before, "status": "active", "closed_by": None}
    assert get_signal(client, ann, closed.signal_id) == reopened
    page = client.get(f"/contacts/{closed.contact_id}/signals", headers=ann.headers).json()
    assert all(s["closed_by"] is None for s in page["items"])


def test_reopen_of_a_signal_that_is_not_closed_is_422(client: TestClient, ann: ApiUser) -> None:
    closed = closed_need(client, ann)
    assert client.post(f"/signals/{closed.signal_id}/reopen", headers=ann.headers).is_success
    again = client.post(f"/signals/{closed.signal_id}/reopen", headers=ann.headers)
    assert again.status_code == 422
    assert again.json() == {
        "detail": f"signal {closed.signal_id} is not closed by a later note; nothing to reopen"
    }
    assert get_signal(client, ann, closed.signal_id)["status"] == "active"


def test_a_newer_note_can_close_a_reopened_signal(client: TestClient, ann: ApiUser) -> None:
    closed = closed_need(client, ann)
    assert client.post(f"/signals/{closed.signal_id}/reopen", headers=ann.headers).is_success
    third = post_note(client, ann, "2026-04-02", MET_AGAIN, contact_id=closed.contact_id)
    after = get_signal(client, ann, closed.signal_id)
    assert after["status"] == "resolved"
    assert after["closed_by"]["note_id"] == third["note"]["id"]
    assert after["closed_by"]["note_date"] == "2026-04-02"


@pytest.mark.parametrize("where", ["after ann's last", "before every user's", "largest"])
def test_reopen_of_an_unknown_signal_is_404(client: TestClient, ann: ApiUser, where: str) -> None:
    closed = closed_need(client, ann)
    missing = {
        "after ann's last": closed.signal_id + 10_000,
        "before every user's": ID_RANGE - 1,
        "largest": MAX_ID,
    }[where]
    answer = client.post(f"/signals/{missing}/reopen", headers=ann.headers)
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"no signal {missing}"}
    assert get_signal(client, ann, closed.signal_id)["status"] == "resolved"


def test_another_users_signal_is_404_and_stays_closed(
    client: TestClient, ann: ApiUser, bob: ApiUser
) -> None:
    closed_need(client, ann)
    bobs = closed_need(client, bob)
    answer = client.post(f"/signals/{bobs.signal_id}/reopen", headers=ann.headers)
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"no signal {bobs.signal_id}"}
    assert "Maria" not in answer.text and "lawyer" not in answer.text
    kept = get_signal(client, bob, bobs.signal_id)
    assert kept["status"] == "resolved"
    assert kept["closed_by"]["note_id"] == bobs.closer_id


def test_reopen_needs_a_token(client: TestClient, ann: ApiUser) -> None:
    closed = closed_need(client, ann)
    answer = client.post(f"/signals/{closed.signal_id}/reopen")
    assert answer.status_code == 401
    assert get_signal(client, ann, closed.signal_id)["status"] == "resolved"
