"""The web pages behind the digest's links: confirm, then mark a give done or dismiss it, or
stop the emails.

No bearer token here: the signed, expiring token in the path is the credential (see
:mod:`giveback.service.mail.links`). ``GET`` only shows what the link would do, with a button; the
change is made by the ``POST`` of that button, so mail scanners that fetch links change
nothing. Applying a link twice changes nothing more. The app provides
``request.app.state.accounts`` (a session factory of the registry) and
``request.app.state.stores`` (an :class:`giveback.engine.accounts.registry.UserStores`).
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from giveback.core.errors import GivebackError, NotFound
from giveback.core.settings import get_settings
from giveback.service.mail.links import (
    ActionView,
    BadLink,
    ExpiredLink,
    apply_action,
    apply_unsubscribe,
    describe_action,
    verify_action,
    verify_unsubscribe,
)

TEMPLATES = Path(__file__).resolve().parent / "templates" / "page"
# The pages load nothing from anywhere: no scripts, fonts or images; forms post back here.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never pass it on
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}

router = APIRouter(prefix="/digest", tags=["digest"])


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )


def _page(
    title: str,
    lines: list[str],
    *,
    button: str | None = None,
    note: str = "",
    status: int = 200,
    error: bool = False,
    quiet_button: bool = False,
) -> HTMLResponse:
    html = (
        _env()
        .get_template("page.html")
        .render(
            title=title,
            lines=lines,
            button=button,
            note=note,
            error=error,
            quiet_button=quiet_button,
        )
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _error(exc: GivebackError) -> HTMLResponse:
    if isinstance(exc, ExpiredLink):
        return _page("This link has expired", [str(exc).capitalize() + "."], status=410, error=True)
    if isinstance(exc, BadLink):
        return _page(
            "This link does not work", [str(exc).capitalize() + "."], status=400, error=True
        )
    if isinstance(exc, NotFound):
        return _page("Nothing to do here", [str(exc).capitalize() + "."], status=404, error=True)
    return _page("Something went wrong", [str(exc)], status=400, error=True)


def _settings(request: Request) -> Any:
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        settings = get_settings()
    return settings


def _max_age(request: Request) -> timedelta:
    return timedelta(days=_settings(request).digest_link_max_age_days)


def _what(view: ActionView) -> str:
    return f"“{view.title}” for {view.contact}"


@router.get("/act/{token}", response_class=HTMLResponse, summary="Confirm a digest link")
def confirm_action(request: Request, token: str) -> HTMLResponse:
    """The page a digest's "Mark done" or "Not for them" link opens: what it will do, and a
    button that does it. Changes nothing by itself."""
    try:
        act = verify_action(_settings(request).resolved_secret_key(), token, _max_age(request))
        with request.app.state.accounts() as accounts:
            view = describe_action(accounts, request.app.state.stores, act)
    except GivebackError as exc:
        return _error(exc)
    if view.action == "done":
        if view.already:
            return _page("Already done", [f"You gave {_what(view)}: it is in your ledger."])
        return _page(
            "Mark this give done?",
            [
                f"{_what(view)}.",
                "It goes in your ledger as given today, and it "
                f"will not be suggested to {view.contact} again.",
            ],
            button="Mark done",
        )
    if view.already:
        return _page("Already dismissed", [f"{_what(view)} will not be suggested again."])
    return _page(
        "Not for them?",
        [
            f"{_what(view)}.",
            f"It will not be suggested to {view.contact} again, and gives like it come up less.",
        ],
        button="Dismiss it",
        quiet_button=True,
    )


@router.post("/act/{token}", response_class=HTMLResponse, summary="Apply a digest link")
def apply_link(request: Request, token: str) -> HTMLResponse:
    """Mark the give done (dated today in the user's time zone) or dismiss it; idempotent."""
    try:
        act = verify_action(_settings(request).resolved_secret_key(), token, _max_age(request))
        with request.app.state.accounts() as accounts:
            result = apply_action(accounts, request.app.state.stores, act)
    except GivebackError as exc:
        return _error(exc)
    what = f"“{result.title}” for {result.contact}"
    if result.action == "done":
        title = "Marked done" if result.changed else "Already done"
        return _page(
            title, [f"You gave {what}. It will not be suggested to {result.contact} again."]
        )
    title = "Dismissed" if result.changed else "Already dismissed"
    return _page(title, [f"{what} will not be suggested again."])


@router.get(
    "/unsubscribe/{token}", response_class=HTMLResponse, summary="Confirm stopping the digest"
)
def confirm_unsubscribe(request: Request, token: str) -> HTMLResponse:
    """The page of the digest's "Stop these emails" link, with the button that does it."""
    try:
        verify_unsubscribe(_settings(request).resolved_secret_key(), token)
    except GivebackError as exc:
        return _error(exc)
    return _page(
        "Stop the weekly digest?",
        ["You will get no more “ways to give” emails. Everything else stays as it is."],
        button="Stop these emails",
        note="To have them again: giveback user set NAME --digest",
    )


@router.post(
    "/unsubscribe/{token}",
    response_class=HTMLResponse,
    summary="Stop the digest (also RFC 8058 one-click)",
)
def unsubscribe(request: Request, token: str) -> HTMLResponse:
    """Turn the user's digest off. Mail programs' one-click unsubscribe posts here too."""
    try:
        user_id = verify_unsubscribe(_settings(request).resolved_secret_key(), token)
        with request.app.state.accounts() as accounts:
            name = apply_unsubscribe(accounts, user_id).name
    except GivebackError as exc:
        return _error(exc)
    return _page(
        "Done: no more digests",
        ["You will not get the weekly digest any more."],
        note=f"To have it again: giveback user set {name} --digest",
    )
