"""The server-rendered web page: paste notes, see what was heard, act on the gives.

Pages live under ``/web/`` (the API owns ``/contacts``, ``/notes`` ...); ``/`` leads there.
Templates are in ``service/templates/web/``, the stylesheet in ``service/static/``: nothing is
fetched from another site, so the page works offline.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from giveback.service.web import asks, auth, routes
from giveback.service.web.render import STATIC_DIR


def install(app: FastAPI) -> None:
    """Add the web pages and their static files to ``app``."""

    app.include_router(auth.router)
    app.include_router(asks.router)  # before routes: its catch-all answers unknown pages
    app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
