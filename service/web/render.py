"""Rendering web pages: the Jinja2 templates, flash messages, and the one place web errors
become HTML answers.

Autoescaping is on for every template and is never switched off: user text (notes, names,
drafts) always reaches the page escaped, so a note holding ``<script>`` shows as text. The
Content-Security-Policy sent with every page allows no script at all, as a second wall.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Callable, Coroutine
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import IntegrityError, OperationalError

from giveback.core.domain import MAX_ID
from giveback.core.errors import GivebackError, InvalidInput, NotFound
from giveback.service.api.errors import status_of
from giveback.service.api.headers import SECURITY_HEADERS
from giveback.service.api.routing import StoreRoute
from giveback.service.urls import safe_url

log = logging.getLogger("giveback.web")

WEB = "/web"
WEB_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
FLASH_COOKIE = "giveback_flash"
SESSION_COOKIE = "giveback_session"
MAX_FLASHES = 5
MAX_FLASH_CHARS = 400
NOTHING_HERE = "There is nothing here. It may have been a mistyped or an old link."

SNOOZE_DAYS = 14
KIND_LABELS = {
    "need": "Needs",
    "commitment": "You promised",
    "interest": "Interests",
    "event": "Life events",
    "caution": "Careful",
}


def css_token(value: object) -> str:
    """``value`` reduced to letters, digits and dashes, for a CSS class name."""
    return re.sub(r"[^a-z0-9-]", "", str(value).lower().replace("_", "-")) or "other"


def signal_tip(signal: Any) -> str:
    """What a highlight says on hover and focus: kind, status and whom it is about."""
    parts = [signal.kind, signal.status]
    if signal.about == "third_party":
        parts.append(f"about {signal.who}" if signal.who else "about someone else")
    elif signal.about == "user":
        parts.append("about you")
    if getattr(signal, "event_date", None):
        parts.append(signal.event_date.isoformat())
    return " · ".join(parts)


templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)
templates.env.filters.update(css=css_token, http_url=safe_url, tip=signal_tip)
templates.env.globals["KIND_LABELS"] = KIND_LABELS


class WebRedirect(Exception):
    """Stop handling a web request and send the browser elsewhere (for example to log in)."""

    def __init__(self, location: str, *, clear_session: bool = False) -> None:
        super().__init__(location)
        self.location = location
        self.clear_session = clear_session


class Forbidden(GivebackError):
    """A state-changing form without a valid CSRF token."""


def read_flashes(request: Request) -> list[tuple[str, str]]:
    """The messages a previous request left for this page: ``(level, text)`` pairs."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        items = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
        return [
            (str(level), str(text)[:MAX_FLASH_CHARS])
            for level, text in items[:MAX_FLASHES]
            if level in ("ok", "warn", "error")
        ]
    except (ValueError, TypeError, UnicodeError):
        return []  # a mangled cookie is no message, never an error page


def set_flashes(response: Response, messages: list[tuple[str, str]]) -> None:
    """Leave messages for the next page the browser shows (a short-lived cookie)."""
    if not messages:
        return
    trimmed = [(level, text[:MAX_FLASH_CHARS]) for level, text in messages[:MAX_FLASHES]]
    value = base64.urlsafe_b64encode(json.dumps(trimmed).encode("utf-8")).decode("ascii")
    response.set_cookie(
        FLASH_COOKIE, value, max_age=120, path=WEB, httponly=True, samesite="strict"
    )


def form_id(value: str, what: str) -> int:
    """A record id sent in a form field: not a number is one clear error; a number no record
    can have is not found, like one that is missing."""
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"{what} is not a number") from None
    if not 1 <= number <= MAX_ID:
        raise NotFound(f"no {what} {number}")
    return number


def redirect(location: str, messages: list[tuple[str, str]] | None = None) -> RedirectResponse:
    """A 303 (see other) to ``location``: after a POST the browser GETs the result."""
    response = RedirectResponse(location, status_code=303)
    set_flashes(response, messages or [])
    return response


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """The page ``<name>`` with ``context``, the signed-in user and any flash messages."""
    flashes = read_flashes(request)
    # The signed-in user's date (their time zone); the login page has no user yet.
    today = getattr(request.state, "today", None) or date.today()
    full = {
        "user_name": getattr(request.state, "web_user_name", None),
        "csrf": getattr(request.state, "csrf", ""),
        "flashes": flashes,
        "nav": "",
        "today": today,
        "tomorrow": today + timedelta(days=1),
        "snooze_default": today + timedelta(days=SNOOZE_DAYS),
        **context,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    if flashes:
        response.delete_cookie(FLASH_COOKIE, path=WEB, httponly=True, samesite="strict")
    return response


def error_page(request: Request, status_code: int, title: str, message: str) -> HTMLResponse:
    """An error as a page, with the same navigation as every other page."""
    return render(
        request, "error.html", {"title": title, "message": message}, status_code=status_code
    )


_TITLES = {
    401: "Please log in",
    403: "Not allowed",
    404: "Not found",
    413: "Too large",
    422: "That did not work",
    503: "Busy",
}


class WebRoute(StoreRoute):
    """A route whose errors are pages: 404 for unknown (or another user's) ids, never JSON.

    The error mapping of the API (:func:`giveback.service.api.errors.status_of`) decides the status,
    so the web page and the API agree. Every answer carries the security headers.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The FastAPI handler, wrapped so web errors become pages."""
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await inner(request)
            except WebRedirect as moved:
                response = RedirectResponse(moved.location, status_code=303)
                if moved.clear_session:
                    clear_session(response)
            except NotFound:
                # One message for "no such id" and "someone else's id": nothing to learn.
                response = error_page(request, 404, "Not found", NOTHING_HERE)
            except RequestValidationError:
                # A malformed id or page number is a page that does not exist; a form that
                # does not parse was not sent by our pages (they validate what users type).
                if request.method == "GET":
                    response = error_page(request, 404, "Not found", NOTHING_HERE)
                else:
                    response = error_page(
                        request, 422, "That did not work", "The form was not filled in as expected."
                    )
            except Forbidden as exc:
                response = error_page(request, 403, "Not allowed", str(exc))
            except GivebackError as exc:
                status = status_of(exc)
                response = error_page(
                    request,
                    status,
                    _TITLES.get(status, "Something is wrong"),
                    str(exc) or type(exc).__name__,
                )
            except IntegrityError as exc:
                log.warning("conflict on %s %s: %s", request.method, request.url.path, exc.orig)
                response = error_page(
                    request,
                    409,
                    "Changed meanwhile",
                    "Another request changed this at the same time; go back and try again.",
                )
            except OperationalError as exc:
                log.error("store error on %s %s: %s", request.method, request.url.path, exc.orig)
                response = error_page(
                    request, 503, "Busy", "The store is busy or unavailable; try again in a moment."
                )
                response.headers["Retry-After"] = "1"
            for header, value in SECURITY_HEADERS.items():
                response.headers.setdefault(header, value)
            return response

        return handler


def clear_session(response: Response) -> None:
    """Forget the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path=WEB, httponly=True, samesite="strict")
