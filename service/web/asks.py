"""The web page of asks: the user's own needs, who could help with each, and the ask drafted.

Same engine as ``giveback ask`` and ``GET /asks``. Forms are POSTs with the CSRF value,
answered by a redirect back to the page (post/redirect/get).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request, Response

from giveback.core.domain import MAX_ID
from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Contact
from giveback.engine.accounts.registry import user_today
from giveback.engine.asks.needs import add_need, get_need, mark_done, open_needs
from giveback.engine.asks.ranking import Ask, asker_for
from giveback.engine.asks.record import record_ask
from giveback.engine.listening.notes import parse_note_date
from giveback.service.api.deps import Models
from giveback.service.web.auth import CheckedUser, WebSession, WebUser
from giveback.service.web.render import WEB, WebRoute, form_id, redirect, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
ASKS_PER_NEED = 3
PAGE = f"{WEB}/asks"


@router.get(PAGE)
def asks_page(request: Request, user: WebUser, session: WebSession, models: Models) -> Response:
    """Your open needs, each with the people who could help and a drafted ask."""
    day = user_today(user)
    needs = open_needs(session, lambda: models.encoder, day)
    asks = asker_for(session, models.encoder).ask(day, limit=ASKS_PER_NEED, needs=needs)
    session.commit()  # keep the vectors embedded on the way
    by_need: dict[int, list[Ask]] = {n.id: [] for n in needs}
    for ask in asks:
        by_need[ask.need.id].append(ask)
    return render(
        request,
        "asks.html",
        {"nav": "asks", "needs": [(n, by_need[n.id]) for n in needs]},
    )


@router.post(f"{WEB}/needs")
def need_add(
    user: CheckedUser,
    session: WebSession,
    text: Annotated[str, Form()] = "",
    need_date: Annotated[str, Form(alias="date")] = "",
) -> Response:
    """Add a need of yours, then back to the asks page."""
    try:
        day = parse_note_date(need_date, user_today(user))
        added = add_need(session, text.replace("\x00", ""), day)
    except InvalidInput as exc:
        return redirect(PAGE, [("error", f"Nothing added: {exc}")])
    session.commit()
    return redirect(PAGE, [("ok", f"Added: {added.text}. Who could help is below.")])


@router.post(f"{WEB}/needs/{{need_id}}/done")
def need_done(need_id: Id, user: CheckedUser, session: WebSession) -> Response:
    """Mark a need as met."""
    done = mark_done(session, need_id, user_today(user))
    session.commit()
    return redirect(PAGE, [("ok", f"Done: {done.text}. Nobody will be asked for it.")])


@router.post(f"{WEB}/asks")
def ask_sent(
    user: CheckedUser,
    session: WebSession,
    need_id: Annotated[str, Form()] = "",
    contact_id: Annotated[str, Form()] = "",
    draft: Annotated[str, Form()] = "",
) -> Response:
    """Record that you asked someone, so they are not asked again soon."""
    need = get_need(session, form_id(need_id, "need"))
    contact = session.get(Contact, form_id(contact_id, "contact"))
    if contact is None:
        raise NotFound(f"no contact {contact_id}")
    record_ask(session, contact, user_today(user), need.id, draft=draft[:10_000])
    session.commit()
    text = f"Recorded: you asked {contact.name} about {need.text}. Say how it went with the CLI "
    return redirect(PAGE, [("ok", text + "or the API when you hear back.")])
