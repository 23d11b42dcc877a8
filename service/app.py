"""The FastAPI application: ``create_app()`` wires settings, stores, models and routers.

Run it with ``giveback serve`` (uvicorn on 127.0.0.1). The NLP models load once at start-up;
handlers are plain functions run in worker threads, so model work never blocks the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from anyio import to_thread
from fastapi import Depends, FastAPI

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.postgres import MAX_OVERFLOW, POOL_SIZE
from giveback.core.settings import get_settings
from giveback.engine.accounts.registry import UserStores
from giveback.engine.suggest.cache import RankingCache
from giveback.service.api.deps import UserLocks, known_query_only
from giveback.service.api.docs import install_docs
from giveback.service.api.errors import ERROR_RESPONSES, install_error_handlers
from giveback.service.api.limits import BodySizeLimit
from giveback.service.api.models_host import ModelHost
from giveback.service.api.routes import (
    asks,
    catalog,
    contacts,
    digest,
    feedback,
    ledger,
    notes,
    signals,
    suggestions,
)
from giveback.service.api.schemas.common import Health
from giveback.service.mail.routes import router as digest_links_router
from giveback.service.mail.scheduler import start_scheduler
from giveback.service.web import install as install_web

if TYPE_CHECKING:
    from giveback.engine.catalog.embedding_cache import Encoder
    from giveback.engine.listening.notes import NoteListener

# Threads that run handlers: half as many as the pool has connections, so that a handler that
# holds one connection and asks for a second always gets it (SQLAlchemy's pool for a SQLite
# file holds 5 + 10).
HANDLER_THREADS = (POOL_SIZE + MAX_OVERFLOW) // 2
log = logging.getLogger("giveback.api")

DESCRIPTION = """\
Listen for the give. Paste notes from a meeting; get back what the other person needs, loves
and lives through, and the next useful thing you can give them.

Every route except `/health` needs `Authorization: Bearer <token>` (make one with
`giveback user add NAME` and `giveback token create NAME`). Each user sees only their own
network: another user's ids answer 404.
"""


def create_app(
    accounts_url: str | None = None,
    *,
    load_models: bool = True,
    listener_factory: Callable[[], NoteListener] | None = None,
    encoder_factory: Callable[[], Encoder] | None = None,
) -> FastAPI:
    """The Giveback API (and web page) on the accounts registry at ``accounts_url``."""

    settings = get_settings()
    host = ModelHost(listener_factory, encoder_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Handlers run in worker threads, each holding a database connection while it works:
        # few enough threads for the pool, so a request beyond them waits its turn holding no
        # connection, instead of taking one for seconds while forty threads share the CPU
        # (which made the rest time out waiting for the pool).
        to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
        if load_models:
            host.warm_in_background()
        scheduler = None
        if settings.digest_scheduler:
            # One instance per GIVEBACK_HOME: None when another process already runs it.
            scheduler = start_scheduler(
                settings, accounts=app.state.accounts, encoder_factory=lambda: host.encoder
            )
        yield
        if scheduler is not None:
            scheduler.stop()
        app.state.stores.dispose()

    app = FastAPI(
        title="Giveback",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
        # Served from this machine by install_docs: FastAPI's own pages load from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.accounts = make_session_factory(init_accounts_db(accounts_url))
    app.state.stores = UserStores()
    app.state.user_locks = UserLocks(app.state.stores)
    app.state.models = host
    app.state.rankings = RankingCache()
    app.state.settings = settings
    install_error_handlers(app)
    install_docs(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)

    @app.get("/health", tags=["health"], summary="Is the service up")
    def health() -> Health:
        """Liveness; ``models_loaded`` turns true once the NLP models are warm (they load in
        the background after start-up; a request that needs them first waits for them)."""
        return Health(status="ok", models_loaded=host.loaded)

    routers = [m.router for m in (contacts, notes, signals, catalog, suggestions, feedback, ledger)]
    for router in (*routers, asks.needs_router, asks.asks_router, digest.router):
        app.include_router(router, dependencies=[Depends(known_query_only)])
    # Signed links from the digest email: the token in the link is the credential.
    app.include_router(digest_links_router, include_in_schema=False)
    install_web(app)
    return app
