"""The one place domain errors become HTTP answers.

Every error answer is JSON ``{"detail": ...}``: a sentence, or for a request that fails
validation (422) one ``{loc, msg, type}`` per field at fault. No domain error ever becomes a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from giveback.core.disk import DiskFull
from giveback.core.errors import (
    Conflict,
    GivebackError,
    InvalidInput,
    ModelUnavailable,
    NotFound,
    Unauthorized,
)
from giveback.service.api.schemas.common import ErrorBody

log = logging.getLogger("giveback.api")

STATUS: dict[type[Exception], int] = {
    Unauthorized: 401,
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    ModelUnavailable: 503,
}
# The disk holding the store is full: 507 Insufficient Storage, with what to do in `detail`.
STATUS[DiskFull] = 507


class PayloadTooLarge(GivebackError):
    """The request body is larger than the service accepts."""


STATUS[PayloadTooLarge] = 413

# Documented on every operation: any of them can answer these.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body cannot be read (not UTF-8 JSON)"},
    401: {"model": ErrorBody, "description": "No valid bearer token"},
    404: {"model": ErrorBody, "description": "No such record in your network"},
    409: {
        "model": ErrorBody,
        "description": "It clashes with a record that exists, or with "
        "one written at the same moment",
    },
    413: {"model": ErrorBody, "description": "The request body is too large"},
    422: {"model": ErrorBody, "description": "The request is not valid; `detail` says why"},
    503: {"model": ErrorBody, "description": "The store is busy or a model is missing"},
    507: {"model": ErrorBody, "description": "The disk holding the store is full"},
}


def status_of(exc: GivebackError) -> int:
    """The HTTP status of a domain error (its nearest mapped class)."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def printable(text: str) -> str:
    """``text`` that can be sent as UTF-8 (a lone surrogate is shown as its escape)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def field_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Validation errors as ``{loc, msg, type}``: never the input echoed back.

    The input of a failing field can be a whole note (personal, and up to a megabyte) or text
    that cannot even be encoded; the location and the message say enough.
    """
    out = []
    for error in errors:
        loc = [
            part if isinstance(part, int) else printable(str(part)) for part in error.get("loc", ())
        ]
        out.append(
            {
                "loc": loc,
                "msg": printable(str(error.get("msg", "invalid"))),
                "type": printable(str(error.get("type", "value_error"))),
            }
        )
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Map domain, validation, decoding and store errors to JSON answers on ``app``."""

    @app.exception_handler(GivebackError)
    async def _domain(request: Request, exc: GivebackError) -> JSONResponse:
        status = status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(
            {"detail": printable(str(exc) or type(exc).__name__)}, status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": field_errors(exc.errors())}, 422)

    @app.exception_handler(UnicodeDecodeError)
    async def _undecodable(request: Request, exc: UnicodeDecodeError) -> JSONResponse:
        return JSONResponse({"detail": f"the request is not UTF-8 text (byte {exc.start})"}, 400)

    @app.exception_handler(UnicodeEncodeError)
    async def _unencodable(request: Request, exc: UnicodeEncodeError) -> JSONResponse:
        # Valid JSON can carry a lone surrogate ("\ud800"), which is no Unicode text at all.
        return JSONResponse(
            {
                "detail": "the request holds text that is not valid Unicode "
                f"(a lone surrogate at character {exc.start})"
            },
            422,
        )

    @app.exception_handler(IntegrityError)
    async def _clash(request: Request, exc: IntegrityError) -> JSONResponse:
        # Two requests created the same record at once; the loser may simply try again.
        log.warning("conflict on %s %s: %s", request.method, request.url.path, exc.orig)
        return JSONResponse(
            {"detail": "the record was changed by another request at the same time; try again"}, 409
        )

    # The database went away: it refused the connection (OperationalError), or dropped one a
    # request was using (psycopg's "the connection is closed" is an InterfaceError); or every
    # connection stayed busy past the pool's timeout. Either way the store is unavailable
    # for now; the pool reconnects once it is back.
    @app.exception_handler(PoolTimeout)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(OperationalError)
    async def _store(
        request: Request, exc: OperationalError | InterfaceError | PoolTimeout
    ) -> JSONResponse:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(
            {"detail": "the store is busy or unavailable; try again"},
            503,
            headers={"Retry-After": "1"},
        )
