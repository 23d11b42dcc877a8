"""``/digest/preview``: this week's "ways to give" email, as it would be sent now."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel

from giveback.service.api.deps import CurrentUser, Models, StoreSession
from giveback.service.api.headers import EMAIL_PREVIEW_HEADERS, SECURITY_HEADERS
from giveback.service.api.routing import StoreRoute
from giveback.service.mail.compose import preview_digest

router = APIRouter(prefix="/digest", tags=["digest"], route_class=StoreRoute)


class DigestPreviewPublic(BaseModel):
    """The digest: its structured content and both renderings of the email."""

    subject: str
    digest: dict[str, Any]
    html: str
    text: str


@router.get(
    "/preview",
    summary="Preview this week's digest",
    responses={200: {"content": {"text/html": {}, "text/plain": {}}}},
)
def digest_preview(
    session: StoreSession,
    models: Models,
    user: CurrentUser,
    format: Annotated[
        Literal["json", "html", "text"],
        Query(description="json (content and both renderings), or the HTML or text part alone"),
    ] = "json",
) -> Any:
    """The digest the signed-in user would get this week (nothing is sent or logged).

    Only gives the ranking would suggest on its own, at most one per person; links carry
    signed, expiring tokens.
    """

    preview = preview_digest(session, models.encoder, user)
    session.commit()  # keep the query vectors embedded on the way
    if format == "html":
        return HTMLResponse(preview.html, headers=EMAIL_PREVIEW_HEADERS)
    if format == "text":
        return PlainTextResponse(preview.text, headers=SECURITY_HEADERS)
    return DigestPreviewPublic(
        subject=preview.subject,
        digest=preview.digest.to_dict(),
        html=preview.html,
        text=preview.text,
    )
