"""Dependencies the routes share: the signed-in user, their store, the models, paging."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from giveback.core.accounts_tables import User
from giveback.core.dates import EARLIEST, LATEST
from giveback.core.domain import MAX_ID
from giveback.core.errors import NotFound
from giveback.core.locks import store_lock
from giveback.core.tables import Contact
from giveback.engine.accounts.registry import UserStores, authenticate
from giveback.engine.suggest.cache import RankingCache
from giveback.service.api.models_host import ModelHost
from giveback.service.api.schemas.common import IsoDate

bearer = HTTPBearer(auto_error=False, description="A token from `giveback token create NAME`.")


def accounts_session(request: Request) -> Iterator[Session]:
    """A session on the accounts registry."""
    with request.app.state.accounts() as session:
        yield session


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The user whose bearer token came with the request (401 otherwise)."""
    with request.app.state.accounts() as session:
        return authenticate(session, credentials.credentials if credentials else None)


CurrentUser = Annotated[User, Depends(current_user)]


def stores(request: Request) -> UserStores:
    """Every user's store, opened on first use."""
    return request.app.state.stores


async def user_session(user_stores: UserStores, user: User) -> AsyncIterator[Session]:
    """A session on ``user``'s own store for one request, given back on the event loop.

    The store is opened in a worker thread (its first use migrates it). The session is
    closed here, not in a worker thread: a close never waits for a free thread, when every
    thread may be a handler waiting for a connection that this close would give back (with
    one pool for all stores on PostgreSQL, that wait was a deadlock).
    """
    factory = await run_in_threadpool(user_stores.sessions, user)
    session = factory()
    try:
        yield session
    finally:
        session.close()


async def store_session(request: Request, user: CurrentUser) -> AsyncIterator[Session]:
    """A session on the signed-in user's own store; nothing else is reachable from it."""
    async for session in user_session(stores(request), user):
        yield session


StoreSession = Annotated[Session, Depends(store_session)]


class UserLocks:
    """One lock per user, for writes that must not interleave within one user's store.

    Storing a note looks for an identical one first and may create its contact: two requests
    doing that at once (a double-clicked submit) would store the note twice or clash on the
    contact. The lock makes the check and the write one step, whichever worker of the service
    takes each request (:func:`giveback.core.locks.store_lock`: an advisory lock on
    PostgreSQL, ``flock`` beside a SQLite file); users never wait for each other.
    """

    def __init__(self, stores: UserStores) -> None:
        self._stores = stores

    @contextmanager
    def of(self, user: User, session: Session) -> Iterator[None]:
        """Hold ``user``'s note lock; ``session`` then reads what was stored while it waited."""
        with store_lock(self._stores.engine(user), "notes"):
            session.commit()  # end any earlier read: SQLite keeps a snapshot per transaction
            yield


def note_lock(
    request: Request, user: CurrentUser, session: StoreSession
) -> AbstractContextManager[None]:
    """The signed-in user's lock for storing notes, held across the service's workers."""
    locks: UserLocks = request.app.state.user_locks
    return locks.of(user, session)


NoteLock = Annotated[AbstractContextManager[None], Depends(note_lock)]


def models(request: Request) -> ModelHost:
    """The listener and the encoder, loaded once at start-up."""
    return request.app.state.models


Models = Annotated[ModelHost, Depends(models)]


def rankings(request: Request) -> RankingCache:
    """The service's cache of rankings (one per process, keyed by each store's revision)."""
    return request.app.state.rankings


Rankings = Annotated[RankingCache, Depends(rankings)]


class Paging:
    """``limit`` and ``offset`` of a list request."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=200, description="Items per page.")] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset


PageParams = Annotated[Paging, Depends()]


def _id_in_path(what: str) -> Any:
    return Path(ge=1, le=MAX_ID, description=f"The {what}'s id", examples=[1000000001])


ContactId = Annotated[int, _id_in_path("contact")]
NoteId = Annotated[int, _id_in_path("note")]
SignalId = Annotated[int, _id_in_path("signal")]
ItemId = Annotated[int, _id_in_path("catalog item")]
NeedId = Annotated[int, _id_in_path("need")]
AskId = Annotated[int, _id_in_path("ask")]


def contact_filter(
    session: StoreSession,
    contact_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Only this contact (404 if there is no such contact)"),
    ] = None,
) -> int | None:
    """The ``contact_id`` a list is filtered by; one not in the user's network is a 404.

    An unknown id and another user's id get the same answer, so nothing can be learnt.
    """
    if contact_id is not None and session.get(Contact, contact_id) is None:
        raise NotFound(f"no contact {contact_id}")
    return contact_id


ContactFilter = Annotated[int | None, Depends(contact_filter)]
AsOf = Annotated[
    IsoDate | None,
    Query(
        ge=EARLIEST,
        le=LATEST,
        description=f"Rank as of this date ({EARLIEST} to {LATEST}; default today)",
    ),
]


def _query_names(dependant: Any) -> frozenset[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return frozenset(names)


def known_query_only(request: Request) -> None:
    """Refuse query parameters the route does not take (422), rather than ignore them.

    ``GET /notes?contact=5`` (for ``contact_id``) would otherwise list every note as if
    filtered: a typo should be an error, not a wrong answer.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        takes = ", ".join(sorted(known)) or "no query parameters"
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": f"Unknown query parameter; this route takes {takes}",
                }
                for name in dict.fromkeys(unknown)
            ]
        )
