"""The routes' class: a handler gives its store's connection back before it returns.

Handlers are plain ``def`` functions that FastAPI runs in worker threads, and it serializes
their answers in a worker thread too. A session left open until the request's end holds its
connection through that second wait for a thread; with every thread taken by handlers that
wait for a connection, nothing moves (one pool serves every store on PostgreSQL, so this
happened under load). So each handler closes the sessions it was given, in its own thread,
as it returns: what it answers is built already, and objects keep what they loaded.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from sqlalchemy.orm import Session


def releasing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint``, closing every session among its arguments when it returns."""

    @functools.wraps(endpoint)
    def handler(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, Session):
                    value.close()

    return handler


class StoreRoute(APIRoute):
    """A route whose plain-function handler releases its store sessions as it returns."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = releasing(endpoint)
        super().__init__(path, endpoint, **kwargs)
