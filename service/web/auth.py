"""Logging in to the web page with an API token, and the CSRF guard of its forms.

The session cookie holds the API token itself (HttpOnly, SameSite=Strict, path ``/web``,
Secure over https). Every request checks it with
:func:`giveback.engine.accounts.registry.authenticate`, the
same check the API makes, so revoking a token (``giveback token revoke``) logs its browser
out at once, and the server keeps no session state: nothing to expire, leak or clean up. A
signed session id would add a server secret and a session table and still need the token
lookup for revocation, for no gain; the registry keeps only token digests either way.

CSRF: every state-changing form carries ``HMAC-SHA256(key=token, "giveback-web-csrf-v1")``.
Only a holder of the token can compute it; it is bound to that token (a new login gives a
new one) and reveals nothing of it. SameSite=Strict already keeps the cookie off cross-site
requests; the form token is the second wall. The login form itself is guarded by a
double-submit nonce (cookie and hidden field), so another site cannot log a browser in as
someone else. GET never changes anything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from sqlalchemy.orm import Session

from giveback.core.accounts_tables import User
from giveback.core.errors import Unauthorized
from giveback.engine.accounts.registry import authenticate, user_today
from giveback.service.api.deps import user_session
from giveback.service.web.render import (
    SESSION_COOKIE,
    WEB,
    Forbidden,
    WebRedirect,
    WebRoute,
    clear_session,
    redirect,
    render,
)

LOGIN_COOKIE = "giveback_login"
SESSION_MAX_AGE = 14 * 24 * 3600
CSRF_CONTEXT = b"giveback-web-csrf-v1"
HOME = f"{WEB}/"
STALE_FORM = "This form has expired or came from another page: reload the page and try again."

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def csrf_for(token: str) -> str:
    """The CSRF value of forms shown to the holder of ``token``."""
    return hmac.new(token.encode("utf-8"), CSRF_CONTEXT, hashlib.sha256).hexdigest()


def safe_next(value: str | None) -> str:
    """``value`` if it is a path of the web page on this site, else the paste page.

    Refuses anything that could leave the site: schemes, hosts, ``//host``, backslashes
    (which browsers read as slashes) and control characters.
    """
    if not value or len(value) > 2000 or "\\" in value or any(ord(c) < 33 for c in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//"):
        return HOME
    if parts.path != WEB and not parts.path.startswith(f"{WEB}/"):
        return HOME
    if parts.path.startswith((f"{WEB}/login", f"{WEB}/logout")):
        return HOME
    return value


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session(response: Response, request: Request, token: str) -> None:
    """Keep ``token`` in the browser's session cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_MAX_AGE,
        path=WEB,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )


def login_location(request: Request) -> str:
    """The login page, asked to come back to this page (a GET) or to the paste page."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = safe_next(back) if request.method == "GET" else HOME
    return f"{WEB}/login?{urlencode({'next': target})}"


def _user_of(request: Request, token: str | None) -> User | None:
    try:
        with request.app.state.accounts() as session:
            return authenticate(session, token)
    except Unauthorized:
        return None


def web_user(request: Request) -> User:
    """The user whose token is in the session cookie; else off to the login page."""
    token = request.cookies.get(SESSION_COOKIE)
    user = _user_of(request, token)
    if user is None or token is None:
        raise WebRedirect(login_location(request), clear_session=bool(token))
    request.state.web_user_name = user.name
    request.state.today = user_today(user)
    request.state.csrf = csrf_for(token)
    return user


WebUser = Annotated[User, Depends(web_user)]


async def web_session(request: Request, user: WebUser) -> AsyncIterator[Session]:
    """A session on the signed-in user's own store; nothing else is reachable from it."""
    async for session in user_session(request.app.state.stores, user):
        yield session


WebSession = Annotated[Session, Depends(web_session)]


def csrf_valid(request: Request, submitted: str) -> bool:
    """The form's CSRF value is the one of this session's token."""
    expected = getattr(request.state, "csrf", "")
    return bool(expected) and hmac.compare_digest(submitted.encode(), expected.encode())


def checked_user(request: Request, user: WebUser, csrf: Annotated[str, Form()] = "") -> User:
    """The signed-in user, for a form that changes something: its CSRF value must match."""
    if not csrf_valid(request, csrf):
        raise Forbidden(STALE_FORM)
    return user


CheckedUser = Annotated[User, Depends(checked_user)]


def _login_page(
    request: Request, next_path: str, error: str | None, status_code: int = 200
) -> Response:
    nonce = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"next": next_path, "login_csrf": nonce, "error": error, "nav": "login"},
        status_code,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        path=f"{WEB}/login",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


@router.get(f"{WEB}/login")
def login_form(request: Request, next_path: Annotated[str, Query(alias="next")] = HOME) -> Response:
    """The login page: paste an API token."""
    return _login_page(request, safe_next(next_path), None)


@router.post(f"{WEB}/login")
def login(
    request: Request,
    token: Annotated[str, Form()] = "",
    login_csrf: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = HOME,
) -> Response:
    """Check the token; on success keep it in the session cookie and go on."""
    target = safe_next(next_path)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(login_csrf.encode(), expected.encode()):
        return _login_page(request, target, "The login form expired. Please try again.", 403)
    token = token.strip()
    if _user_of(request, token) is None:
        return _login_page(
            request,
            target,
            "That token is not valid: it is unknown or was "
            "revoked. Make one with `giveback token create NAME`.",
            401,
        )
    response = redirect(target)
    set_session(response, request, token)
    response.delete_cookie(LOGIN_COOKIE, path=f"{WEB}/login", httponly=True, samesite="strict")
    return response


@router.post(f"{WEB}/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    """Forget the session cookie (the token itself stays valid until revoked)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and not hmac.compare_digest(csrf.encode(), csrf_for(token).encode()):
        raise Forbidden(STALE_FORM)
    response = redirect(f"{WEB}/login", [("ok", "You are logged out.")])
    clear_session(response)
    return response
