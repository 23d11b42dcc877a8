"""Dependencies the routes share: the signed-in user, their store, the models, paging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from engine.accounts import UserStores, authenticate
from models.accounts import User
from service.api.models_host import ModelHost

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


def store_session(request: Request, user: CurrentUser) -> Iterator[Session]:
    """A session on the signed-in user's own store; nothing else is reachable from it."""
    with stores(request).sessions(user)() as session:
        yield session


StoreSession = Annotated[Session, Depends(store_session)]


def models(request: Request) -> ModelHost:
    """The listener and the encoder, loaded once at start-up."""
    return request.app.state.models


Models = Annotated[ModelHost, Depends(models)]


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
