"""Shared set-up for the HTTP API tests: a registry per test, users with tokens, a small network.

Registered as a plugin by ``tests/conftest.py``. Everything is real: the
accounts registry and every user's store are SQLite files under a temporary
``GIVEBACK_HOME``, and the app uses the session's spaCy listener and embedder (loaded once).

The helpers' checks carry their own messages, so pytest need not rewrite this module's asserts
(PYTEST_DONT_REWRITE: test modules import it before pytest loads it as a plugin).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.settings import get_settings
from giveback.core.tables import (
    CatalogItem,
    Contact,
    Embedding,
    Feedback,
    LedgerEntry,
    MentionRow,
    Note,
    SignalRow,
)
from giveback.engine.accounts.registry import add_user, create_token, revoke_token
from tests.support.postgres import database_for

# A small catalog of gives, with a near-miss ("Contract bridge") among them.
CATALOG: tuple[dict[str, Any], ...] = (
    {
        "external_id": "art-saas-contract",
        "type": "article",
        "title": "The founder's checklist for a first enterprise SaaS contract",
        "text": "What to push back on in a large customer's MSA: liability caps, indemnities and "
        "auto-renewal. For founders signing a first enterprise deal without a lawyer.",
        "url": "https://example.org/saas-contract",
        "tags": ["legal", "saas"],
    },
    {
        "external_id": "con-priya",
        "type": "contact",
        "title": "Priya Raman",
        "text": "Commercial lawyer who reviews SaaS contracts and enterprise MSAs for startup "
        "founders.",
        "tags": ["lawyer"],
        "email": "priya@example.org",
    },
    {
        "external_id": "art-trail",
        "type": "article",
        "title": "Trail running for beginners",
        "text": "Shoes, first races and how to train for trail running without getting hurt.",
        "url": "https://example.org/trail",
        "tags": ["running"],
    },
    {
        "external_id": "off-deck",
        "type": "offer",
        "title": "Review your pitch deck",
        "text": "An hour of honest feedback on a seed-round pitch deck before investor meetings.",
        "tags": ["fundraising"],
    },
    {
        "external_id": "art-bridge",
        "type": "article",
        "title": "Contract bridge for beginners",
        "text": "Bidding, trumps and scoring in the card game of contract bridge.",
        "url": "https://example.org/bridge",
        "tags": ["games"],
    },
    {
        "external_id": "art-sourdough",
        "type": "article",
        "title": "Sourdough baking at home",
        "text": "Starter, hydration and shaping: a first sourdough loaf, step by step.",
        "url": "https://example.org/sourdough",
        "tags": ["baking"],
    },
)

# Notes that the real listener hears needs and interests in, each matching a give above.
NOTES: tuple[dict[str, str], ...] = (
    {
        "contact_name": "Maria Lopez",
        "note_date": "2026-11-20",
        "text": "Coffee with Maria. She is looking for a SaaS contracts lawyer before the Series A "
        "closes. Loves trail running. I promised to send her our pitch-deck checklist.",
    },
    {
        "contact_name": "Jordan Blake",
        "note_date": "2026-11-18",
        "text": "Lunch with Jordan. He is raising a seed round next month and needs feedback on "
        "his pitch deck. He has been getting into sourdough baking.",
    },
    {
        "contact_name": "Daniel Okafor",
        "note_date": "2026-11-12",
        "text": "Call with Daniel. He loves trail running and is training for his first ultra "
        "in the spring.",
    },
)


@dataclass(frozen=True, slots=True)
class ApiUser:
    """A registered user and one working bearer token."""

    name: str
    user_id: int
    token: str
    token_id: int

    @property
    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header of this user."""
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class ApiEnv:
    """A temporary GIVEBACK_HOME with an accounts registry, and apps built on it."""

    home: Path
    listener: Any
    embedder: Any
    accounts_url: str = ""
    _accounts: sessionmaker[Session] | None = field(default=None, repr=False)
    _stores: dict[str, sessionmaker[Session]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # SQLite: accounts.db under home; PostgreSQL: the registry's schema of that database.
        self.accounts_url = get_settings().resolved_accounts_url()
        self._accounts = make_session_factory(init_accounts_db(self.accounts_url))

    def accounts(self) -> Session:
        """A session on the accounts registry."""
        assert self._accounts is not None
        return self._accounts()

    def add_user(self, name: str) -> ApiUser:
        """Register a user (as ``giveback user add``) and give them a token."""
        with self.accounts() as session:
            user = add_user(session, name)
            token = create_token(session, user, "tests")
            return ApiUser(user.name, user.id, token.token, token.token_id)

    def new_token(self, user: ApiUser) -> ApiUser:
        """The same user with a second token."""
        from giveback.engine.accounts.registry import get_user

        with self.accounts() as session:
            token = create_token(session, get_user(session, user.name), "second")
        return ApiUser(user.name, user.user_id, token.token, token.token_id)

    def revoke(self, user: ApiUser) -> None:
        """Revoke the token ``user`` carries (as ``giveback token revoke``)."""
        from giveback.engine.accounts.registry import get_user

        with self.accounts() as session:
            revoke_token(session, get_user(session, user.name), user.token_id)

    def app(self, **kwargs: Any) -> FastAPI:
        """The real app on this registry, with the session's models."""
        from giveback.service.app import create_app

        return create_app(
            self.accounts_url,
            listener_factory=lambda: self.listener,
            encoder_factory=lambda: self.embedder,
            **kwargs,
        )

    @contextmanager
    def store(self, user: ApiUser) -> Iterator[Session]:
        """A session straight on ``user``'s own store, to check what the API wrote."""
        from giveback.core.db import init_db
        from giveback.engine.accounts.registry import get_user

        if user.name not in self._stores:
            with self.accounts() as session:
                url = get_user(session, user.name).store_url
            self._stores[user.name] = make_session_factory(init_db(url))
        with self._stores[user.name]() as session:
            yield session

    def close(self) -> None:
        """Close the connections this helper opened."""
        for factory in self._stores.values():
            bind = factory.kw.get("bind")
            if bind is not None:
                bind.dispose()
        self._stores.clear()
        if self._accounts is not None:
            self._accounts.kw["bind"].dispose()

    def counts(self, user: ApiUser) -> dict[str, int]:
        """How many rows each table of ``user``'s store holds."""
        tables = {
            "contacts": Contact,
            "notes": Note,
            "signals": SignalRow,
            "mentions": MentionRow,
            "catalog": CatalogItem,
            "ledger": LedgerEntry,
            "feedback": Feedback,
        }
        with self.store(user) as session:
            return {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in tables.items()
            }


@contextmanager
def api_environment(
    home: Path, listener: Any, embedder: Any, database_url: str | None = None
) -> Iterator[ApiEnv]:
    """GIVEBACK_HOME pointed at ``home`` (settings re-read) for as long as the block runs;
    with ``database_url`` (PostgreSQL), the registry and every store live in that database."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIVEBACK_HOME", str(home))
        patch.delenv("GIVEBACK_ACCOUNTS_URL", raising=False)
        if database_url is None:
            patch.delenv("GIVEBACK_DATABASE_URL", raising=False)
        else:
            patch.setenv("GIVEBACK_DATABASE_URL", database_url)
        get_settings.cache_clear()
        env = ApiEnv(home, listener, embedder)
        try:
            yield env
        finally:
            env.close()
            get_settings.cache_clear()


@dataclass
class Network:
    """What :func:`seed_network` made, by the ids the API answered with."""

    items: dict[str, int]
    notes: list[dict[str, Any]]
    contacts: dict[str, int]

    @property
    def signal_ids(self) -> list[int]:
        """Every signal heard in the seeded notes."""
        return [s["id"] for n in self.notes for s in n["signals"]]


def seed_network(client: TestClient, user: ApiUser) -> Network:
    """Post the catalog and the notes above as ``user``; fail loudly if any is refused."""
    items: dict[str, int] = {}
    for item in CATALOG:
        answer = client.post("/catalog", json=item, headers=user.headers)
        assert answer.status_code == 201, answer.text
        items[item["external_id"]] = answer.json()["id"]
    notes = []
    for note in NOTES:
        answer = client.post("/notes", json=note, headers=user.headers)
        assert answer.status_code == 201, answer.text
        notes.append(answer.json())
    contacts = {n["note"]["contact_name"]: n["note"]["contact_id"] for n in notes}
    return Network(items, notes, contacts)


def page_all(
    client: TestClient, user: ApiUser, path: str, limit: int = 2, **params: Any
) -> list[dict[str, Any]]:
    """Every item of a list route, fetched ``limit`` at a time; checks the paging fields."""
    out: list[dict[str, Any]] = []
    total: int | None = None
    offset = 0
    while True:
        answer = client.get(
            path, params={**params, "limit": limit, "offset": offset}, headers=user.headers
        )
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert (page["limit"], page["offset"]) == (limit, offset), f"{path}: {page}"
        assert total is None or page["total"] == total, f"{path}: total changed: {page}"
        total = page["total"]
        assert len(page["items"]) == min(limit, max(0, total - offset)), f"{path}: {page}"
        out.extend(page["items"])
        offset += limit
        if offset >= total:
            return out


def embeddings_of(env: ApiEnv, user: ApiUser) -> int:
    """How many vectors ``user``'s store has cached."""
    with env.store(user) as session:
        return session.scalar(select(func.count()).select_from(Embedding)) or 0


def served_routes(app: ASGIApp) -> list[Any]:
    """Every route as the app serves it (prefixes applied), with its endpoint and dependant.

    ``app`` is a test client's app: any ASGI app to the type checker, a FastAPI app here.
    FastAPI 0.16x keeps included routers lazily (``app.routes`` holds the routers, not their
    routes); ``iter_route_contexts`` is how its own OpenAPI generator walks them.
    """
    from fastapi import routing

    assert isinstance(app, FastAPI), f"not a FastAPI app: {app!r}"
    walk = getattr(routing, "iter_route_contexts", None)
    return list(walk(app.routes)) if walk is not None else list(app.routes)


def api_routes(app: ASGIApp) -> list[Any]:
    """The JSON API's routes: the ones the OpenAPI document shows."""
    from fastapi.routing import APIRoute

    return [
        r
        for r in served_routes(app)
        if isinstance(getattr(r, "original_route", r), APIRoute) and r.include_in_schema
    ]


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def api_env(tmp_path: Path, listener: Any, embedder: Any) -> Iterator[ApiEnv]:
    """A fresh GIVEBACK_HOME and accounts registry for one test."""
    with api_environment(tmp_path / "home", listener, embedder) as env:
        yield env


@pytest.fixture
def ann(api_env: ApiEnv) -> ApiUser:
    """A user named ann with a token."""
    return api_env.add_user("ann")


@pytest.fixture
def bob(api_env: ApiEnv) -> ApiUser:
    """A user named bob with a token."""
    return api_env.add_user("bob")


@pytest.fixture
def client(api_env: ApiEnv) -> Iterator[TestClient]:
    """A client on the started app (models loaded at start-up, as in production)."""
    with TestClient(api_env.app()) as test_client:
        yield test_client


@dataclass
class SeededApi:
    """A started app with two users, ann and bob, each with the small network seeded."""

    env: ApiEnv
    client: TestClient
    ann: ApiUser
    bob: ApiUser
    ann_net: Network
    bob_net: Network


@contextmanager
def seeded_environment(
    home: Path, listener: Any, embedder: Any, database_url: str | None = None
) -> Iterator[SeededApi]:
    """Ann and Bob, each with a seeded network, on an app over SQLite files under ``home``
    or, with ``database_url``, over one PostgreSQL database."""
    with api_environment(home, listener, embedder, database_url) as env:
        ann, bob = env.add_user("ann"), env.add_user("bob")
        with TestClient(env.app()) as test_client:
            yield SeededApi(
                env,
                test_client,
                ann,
                bob,
                seed_network(test_client, ann),
                seed_network(test_client, bob),
            )


@pytest.fixture(scope="module")
def seeded_api(
    tmp_path_factory: pytest.TempPathFactory, listener: Any, embedder: Any
) -> Iterator[SeededApi]:
    """One seeded app per test module, for tests that only read or only try to write."""
    with seeded_environment(tmp_path_factory.mktemp("api") / "home", listener, embedder) as api:
        yield api


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded_api_both(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    listener: Any,
    embedder: Any,
) -> Iterator[SeededApi]:
    """The seeded app on SQLite files, then on one PostgreSQL database (the registry and every
    store in it): for the suites that must hold on both backends."""
    with ExitStack() as stack:
        database_url = database_for(request, stack)
        home = tmp_path_factory.mktemp("api") / "home"
        yield stack.enter_context(seeded_environment(home, listener, embedder, database_url))


@contextmanager
def serve_in_thread(app: FastAPI, **options: Any) -> Iterator[str]:
    """A real uvicorn server for ``app`` on a free loopback port, in a thread; yields its URL.

    It shares this process's models; the app starts (lifespan and all) before the block runs
    and is shut down cleanly after it. ``options`` are uvicorn's (``giveback serve``'s are
    ``server_options(settings)``).
    """
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_level="warning", lifespan="on", **{"timeout_keep_alive": 30, **options}
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        if not thread.is_alive() or time.monotonic() - started > 120:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
