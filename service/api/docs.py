"""The API docs, served from this machine: Swagger UI at ``/docs`` and ReDoc at ``/redoc``.

FastAPI's own docs pages load Swagger UI and ReDoc from a CDN: blank offline, and a call to an
outside service each time they open. Here the same pages load the copies the
``fastapi-offline`` package installs, mounted at :data:`ASSETS`, and their Content-Security-Policy
lets the browser load nothing from anywhere else.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from giveback.service.api.headers import SECURITY_HEADERS

ASSETS = "/docs-assets"
ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
DOCS, REDOC, OAUTH2_REDIRECT = "/docs", "/redoc", "/docs/oauth2-redirect"

# Both pages start their viewer with an inline script, and the viewers set inline styles;
# everything else comes from this service ('self'), and nothing from anywhere else.
DOCS_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
}


def install_docs(app: FastAPI) -> None:
    """Serve the docs pages and their assets on ``app`` (built with ``docs_url=None``)."""
    if app.docs_url is not None or app.redoc_url is not None:
        raise ValueError("build the app with docs_url=None and redoc_url=None")
    app.mount(ASSETS, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    title = app.title

    def root(request: Request) -> str:
        return str(request.scope.get("root_path", ""))

    async def swagger_ui(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=root(request) + str(app.openapi_url),
            title=f"{title} - Swagger UI",
            oauth2_redirect_url=OAUTH2_REDIRECT,
            swagger_js_url=f"{root(request)}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root(request)}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root(request)}{ASSETS}/favicon.png",
            # Swagger UI would ask an online validator about the document; never.
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        )
        page.headers.update(DOCS_HEADERS)
        return page

    async def swagger_ui_redirect(request: Request) -> HTMLResponse:
        page = get_swagger_ui_oauth2_redirect_html()
        page.headers.update(DOCS_HEADERS)
        return page

    async def redoc(request: Request) -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=root(request) + str(app.openapi_url),
            title=f"{title} - ReDoc",
            redoc_js_url=f"{root(request)}{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root(request)}{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        page.headers.update(DOCS_HEADERS)
        return page

    # Plain routes, as FastAPI adds its own docs pages: no dependencies, not in the schema.
    for path, page in ((DOCS, swagger_ui), (OAUTH2_REDIRECT, swagger_ui_redirect), (REDOC, redoc)):
        app.add_route(path, page, include_in_schema=False)
