"""The contact page shows which later note closed a signal, and its Reopen form takes it back.

The real app and listener: a note pastes a need for a lawyer, a later note says one was found,
and the contact page is read as the server sends it (HTML), then the form is posted as a browser
would (redirects are not followed, so each 303 and its flash are checked).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from giveback.service.web.auth import csrf_for
from tests.support.web import MARIA_NOTE, Service, hidden, log_in

MET = "Update: Maria found a lawyer last week."


@dataclass(frozen=True)
class Closed:
    """Ann's Maria, whose need (``signal_id``) the note ``closer_id`` closed."""

    contact_id: int
    signal_id: int
    closer_id: int

    @property
    def page(self) -> str:
        """The path of Maria's contact page."""
        return f"/web/contacts/{self.contact_id}"

    @property
    def action(self) -> str:
        """Where the Reopen form posts."""
        return f"/web/signals/{self.signal_id}/reopen"


@pytest.fixture
def client(svc: Service) -> Iterator[TestClient]:
    """A browser-like client logged in as ann (redirects are not followed)."""
    with TestClient(svc.app, follow_redirects=False) as c:
        log_in(c, svc.tokens["ann"])
        yield c


@pytest.fixture
def closed(svc: Service, client: TestClient) -> Closed:
    """Maria's need for a lawyer (2026-01-10), met by a note of 2026-02-03."""
    ann = svc.bearer("ann")
    first = client.post(
        "/notes",
        headers=ann,
        json={"contact_name": "Maria Lopez", "note_date": "2026-01-10", "text": MARIA_NOTE},
    )
    assert first.status_code == 201, first.text
    need = next(s for s in first.json()["signals"] if "lawyer" in s["phrase"])
    contact_id = first.json()["note"]["contact_id"]
    second = client.post(
        "/notes",
        headers=ann,
        json={"contact_id": contact_id, "note_date": "2026-02-03", "text": MET},
    )
    assert second.status_code == 201, second.text
    made = Closed(contact_id, need["id"], second.json()["note"]["id"])
    assert api_signal(client, svc, made)["closed_by"]["note_id"] == made.closer_id
    return made


def api_signal(client: TestClient, svc: Service, closed: Closed, user: str = "ann") -> Any:
    """The signal as the API answers it to ``user``."""
    answer = client.get(f"/signals/{closed.signal_id}", headers=svc.bearer(user))
    assert answer.status_code == 200, answer.text
    return answer.json()


def reopen_form(page: str, action: str) -> dict[str, str] | None:
    """The hidden fields of the form posting to ``action``, or ``None`` if there is none."""
    found = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    if found is None:
        return None
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', found.group(1))
    return {name: html.unescape(value) for name, value in fields}


def test_the_contact_page_shows_the_closing_sentence_and_a_reopen_form(
    client: TestClient, closed: Closed
) -> None:
    page = client.get(closed.page)
    assert page.status_code == 200
    text = page.text
    assert "closed by: “found a lawyer”" in text
    closer_link = f'<a href="/web/notes/{closed.closer_id}">2026-02-03</a>, met)'
    assert closer_link in text
    assert text.count('class="closed-by"') == 1  # the open interest shows no closure
    form = reopen_form(text, closed.action)
    assert form == {"csrf": hidden(text, "csrf"), "next": closed.page}
    assert "Reopen: it was not closed" in text


def test_posting_the_form_reopens_and_comes_back_with_a_flash(
    svc: Service, client: TestClient, closed: Closed
) -> None:
    form = reopen_form(client.get(closed.page).text, closed.action)
    assert form is not None
    answer = client.post(closed.action, data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == closed.page
    after = client.get(closed.page).text
    assert "Reopened: saas contracts lawyer is active again." in after
    assert "closed by:" not in after and reopen_form(after, closed.action) is None
    signal = api_signal(client, svc, closed)
    assert (signal["status"], signal["closed_by"]) == ("active", None)
    assert "Reopened:" not in client.get(closed.page).text  # the flash is shown once
    # The form posted again (a second tab): nothing to reopen, said so, nothing changes.
    again = client.post(closed.action, data=form)
    assert again.status_code == 303 and again.headers["location"] == closed.page
    assert "Nothing changed: signal" in client.get(closed.page).text
    assert api_signal(client, svc, closed)["status"] == "active"


@pytest.mark.parametrize("csrf", ["missing", "empty", "zeros", "bob's"])
def test_without_the_pages_csrf_value_nothing_changes(
    svc: Service, client: TestClient, closed: Closed, csrf: str
) -> None:
    form = reopen_form(client.get(closed.page).text, closed.action)
    assert form is not None
    forged = {
        "missing": {"next": form["next"]},
        "empty": {**form, "csrf": ""},
        "zeros": {**form, "csrf": "0" * 64},
        "bob's": {**form, "csrf": csrf_for(svc.tokens["bob"])},
    }[csrf]
    answer = client.post(closed.action, data=forged)
    assert answer.status_code == 403
    assert "This form has expired" in answer.text
    signal = api_signal(client, svc, closed)
    assert signal["status"] == "resolved"
    assert signal["closed_by"]["note_id"] == closed.closer_id
    assert "closed by: “found a lawyer”" in client.get(closed.page).text


def test_another_user_cannot_reopen_anns_signal(
    svc: Service, client: TestClient, closed: Closed
) -> None:
    with TestClient(svc.app, follow_redirects=False) as bob:
        log_in(bob, svc.tokens["bob"])
        csrf = hidden(bob.get("/web/").text, "csrf")
        answer = bob.post(closed.action, data={"csrf": csrf, "next": "/web/"})
        assert answer.status_code == 404
        assert "lawyer" not in answer.text and "Maria" not in answer.text
        unknown = bob.post("/web/signals/7/reopen", data={"csrf": csrf, "next": "/web/"})
        assert unknown.status_code == 404
    assert api_signal(client, svc, closed)["status"] == "resolved"
