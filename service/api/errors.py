"""The one place domain errors become HTTP answers.

Every error answer is JSON ``{"detail": ...}``; no domain error ever becomes a 500.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from engine.errors import (
    Conflict,
    GivebackError,
    InvalidInput,
    ModelUnavailable,
    NotFound,
    Unauthorized,
)

log = logging.getLogger("giveback.api")

STATUS = {Unauthorized: 401, NotFound: 404, Conflict: 409, InvalidInput: 422,
          ModelUnavailable: 503}


class PayloadTooLarge(GivebackError):
    """The request body is larger than the service accepts."""


STATUS[PayloadTooLarge] = 413


def status_of(exc: GivebackError) -> int:
    """The HTTP status of a domain error (its nearest mapped class)."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def install_error_handlers(app: FastAPI) -> None:
    """Map domain, decoding and store errors to JSON answers on ``app``."""

    @app.exception_handler(GivebackError)
    async def _domain(request: Request, exc: GivebackError) -> JSONResponse:
        status = status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": str(exc) or type(exc).__name__}, status, headers=headers)

    @app.exception_handler(UnicodeDecodeError)
    async def _undecodable(request: Request, exc: UnicodeDecodeError) -> JSONResponse:
        return JSONResponse({"detail": f"the request is not UTF-8 text (byte {exc.start})"}, 400)

    @app.exception_handler(OperationalError)
    async def _store(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc.orig)
        return JSONResponse({"detail": "the store is busy or unavailable; try again"}, 503,
                            headers={"Retry-After": "1"})
