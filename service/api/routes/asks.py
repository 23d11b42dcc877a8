"""``/needs`` and ``/asks``: the user's own needs, who could help, and the asks made."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, status

from giveback.core.domain import MAX_ID
from giveback.core.errors import NotFound
from giveback.core.tables import Contact
from giveback.engine.accounts.registry import user_today
from giveback.engine.asks.needs import (
    Need,
    add_need,
    list_needs,
    mark_done,
    open_needs,
    sync_heard_needs,
)
from giveback.engine.asks.ranking import asker_for
from giveback.engine.asks.record import AskMade, ask_history, record_ask, settle_ask
from giveback.service.api.deps import (
    AskId,
    AsOf,
    ContactFilter,
    CurrentUser,
    Models,
    NeedId,
    PageParams,
    Paging,
    StoreSession,
)
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.asks import (
    AskCreate,
    AskMadePublic,
    AskOutcome,
    AskPublic,
    NeedCreate,
    NeedDone,
    NeedPublic,
)
from giveback.service.api.schemas.common import Page

needs_router = APIRouter(prefix="/needs", tags=["asks"], route_class=StoreRoute)
asks_router = APIRouter(prefix="/asks", tags=["asks"], route_class=StoreRoute)
T = TypeVar("T")


def _page(items: list[T], paging: Paging) -> Page[T]:
    return Page(
        items=items[paging.offset : paging.offset + paging.limit],
        total=len(items),
        limit=paging.limit,
        offset=paging.offset,
    )


def need_public(need: Need) -> NeedPublic:
    """A need as the API shows it."""
    return NeedPublic(
        id=need.id,
        text=need.text,
        need_date=need.need_date,
        source="note" if need.source == "note" else "manual",
        evidence=need.evidence,
        note_id=need.note_id,
        status="open" if need.is_open else "done",
        done_on=need.done_on,
        done_evidence=need.done_evidence,
    )


def made_public(made: AskMade) -> AskMadePublic:
    """A recorded ask as the API shows it."""
    return AskMadePublic.model_validate(made.to_dict())


@needs_router.get("", summary="The user's needs")
def needs_list(
    session: StoreSession,
    paging: PageParams,
    include_done: Annotated[bool, Query(description="Also the needs that are done.")] = False,
) -> Page[NeedPublic]:
    """Open needs (typed in, or heard in notes as the user's own), newest first."""
    sync_heard_needs(session)
    session.commit()
    return _page([need_public(n) for n in list_needs(session, include_done)], paging)


@needs_router.post("", status_code=status.HTTP_201_CREATED, summary="Add a need")
def needs_create(body: NeedCreate, session: StoreSession, user: CurrentUser) -> NeedPublic:
    """Add a need of the user's, in their own words."""
    added = add_need(session, body.text, body.need_date or user_today(user))
    session.commit()
    return need_public(added)


@needs_router.post("/{need_id}/done", summary="Mark a need met")
def needs_done(
    need_id: NeedId, body: NeedDone, session: StoreSession, user: CurrentUser
) -> NeedPublic:
    """Close a need: nobody is asked for it any more (idempotent; ``{}`` means today)."""
    day = body.done_date or user_today(user)
    done = mark_done(session, need_id, day)
    session.commit()
    return need_public(done)


@asks_router.get("", summary="Whom to ask")
def asks_list(
    session: StoreSession,
    models: Models,
    user: CurrentUser,
    paging: PageParams,
    need_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this need.")] = None,
    per_need: Annotated[int, Query(ge=1, le=20, description="People per need.")] = 3,
    as_of: AsOf = None,
) -> Page[AskPublic]:
    """People to ask for the open needs, best first, each with why and a draft. Nobody asked
    lately, going through a hard time, struggling with the same, or unknown to the user."""
    day = as_of or user_today(user)
    needs = open_needs(session, lambda: models.encoder, day, [need_id] if need_id else [])
    found = asker_for(session, models.encoder).ask(day, limit=per_need, needs=needs)
    session.commit()  # keep the vectors embedded on the way
    return _page([AskPublic.model_validate(a.to_dict()) for a in found], paging)


@asks_router.get("/history", summary="Asks made")
def asks_history(
    session: StoreSession, paging: PageParams, contact_id: ContactFilter = None
) -> Page[AskMadePublic]:
    """The asks recorded, newest first, and how each went."""
    return _page([made_public(m) for m in ask_history(session, contact_id)], paging)


@asks_router.post("", status_code=status.HTTP_201_CREATED, summary="Record an ask")
def asks_create(body: AskCreate, session: StoreSession, user: CurrentUser) -> AskMadePublic:
    """Record that the user asked a contact for one of their needs."""
    contact = session.get(Contact, body.contact_id)
    if contact is None:
        raise NotFound(f"no contact {body.contact_id}")
    made = record_ask(
        session, contact, body.asked_on or user_today(user), body.need_id, draft=body.draft
    )
    session.commit()
    return made_public(made)


@asks_router.post("/{ask_id}/outcome", summary="Say how an ask went")
def asks_outcome(
    ask_id: AskId, body: AskOutcome, session: StoreSession, user: CurrentUser
) -> AskMadePublic:
    """Granted: a favor received is recorded (a thank-you opens) and the need closes."""
    day = body.outcome_date or user_today(user)
    settled = settle_ask(session, ask_id, body.outcome, day, body.description)
    session.commit()
    return made_public(settled)
