"""What the web page tests share: a service on a fresh registry with two users, and logging in.

Real parts throughout: a SQLite accounts registry and stores in ``tmp_path``, the real spaCy
listener and embedder (the session fixtures), the real app with its web pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.settings import get_settings
from giveback.engine.accounts.registry import add_user, create_token
from giveback.service.app import create_app

LAWYER = {
    "type": "contact",
    "title": "Priya Raman",
    "external_id": "priya-raman",
    "text": "SaaS contracts lawyer; reviews startup contracts and term sheets",
}
TRAIL_GUIDE = {
    "type": "article",
    "title": "Trail running for beginners",
    "external_id": "trail-guide",
    "text": "A guide to trail running shoes, first races and hill training.",
}
MARIA_NOTE = (
    "Coffee with Maria. She is looking for a SaaS contracts lawyer before the "
    "Series A closes. Loves trail running on weekends."
)


@dataclass
class Service:
    """The app on a fresh registry, with users ``ann`` and ``bob`` and one token each."""

    app: FastAPI
    accounts: sessionmaker[Session]
    tokens: dict[str, str]
    token_ids: dict[str, int]

    def bearer(self, user: str) -> dict[str, str]:
        """The API header of ``user``."""
        return {"Authorization": f"Bearer {self.tokens[user]}"}


@contextmanager
def service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listener: Any, embedder: Any
) -> Iterator[Service]:
    """A fresh service whose stores live under ``tmp_path`` (settings re-read for it)."""
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    try:
        url = f"sqlite:///{tmp_path / 'accounts.db'}"
        accounts = make_session_factory(init_accounts_db(url))
        tokens, token_ids = {}, {}
        with accounts() as session:
            for name in ("ann", "bob"):
                made = create_token(session, add_user(session, name))
                tokens[name], token_ids[name] = made.token, made.token_id
        app = create_app(url, listener_factory=lambda: listener, encoder_factory=lambda: embedder)
        yield Service(app, accounts, tokens, token_ids)
    finally:
        get_settings.cache_clear()


def hidden(html: str, name: str) -> str:
    """The value of the first hidden field ``name`` in a page."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found is not None, f"no field {name!r} in the page"
    return found.group(1)


def log_in(client: TestClient, token: str, next_path: str = "/web/") -> None:
    """Log ``client`` in through the login form, as a browser would."""
    page = client.get("/web/login", params={"next": next_path})
    answer = client.post(
        "/web/login",
        data={"token": token, "next": next_path, "login_csrf": hidden(page.text, "login_csrf")},
    )
    assert answer.status_code == 303, answer.text
