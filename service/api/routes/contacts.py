"""``/contacts``: the people in the user's network, and everything about one of them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import func, select

from giveback.core.errors import Conflict, NotFound
from giveback.core.tables import Contact, Note
from giveback.engine.accounts.registry import user_today
from giveback.engine.contacts.store import find_contact, list_contacts, upsert_contact
from giveback.engine.ledger.cadence import set_tier
from giveback.engine.ledger.favors import entries
from giveback.engine.listening.signals import signals_for
from giveback.service.api.convert import (
    contact_public,
    note_public,
    signal_public,
    suggestions_public,
)
from giveback.service.api.deps import AsOf, ContactId, CurrentUser, Models, PageParams, StoreSession
from giveback.service.api.routes.ledger import entry_public
from giveback.service.api.routes.suggestions import suggester
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.common import Page
from giveback.service.api.schemas.contacts import ContactCreate, ContactPublic, ContactUpdate
from giveback.service.api.schemas.ledger import LedgerEntryPublic
from giveback.service.api.schemas.notes import NotePublic, SignalPublic, SuggestionPublic

router = APIRouter(prefix="/contacts", tags=["contacts"], route_class=StoreRoute)
GIVES_PER_CONTACT = 50


def get_contact_or_404(session: StoreSession, contact_id: int) -> Contact:
    """The contact with this id in the user's store, else :class:`NotFound`."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact {contact_id}")
    return contact


def _summary(session: StoreSession, contact_id: int) -> ContactPublic:
    (found,) = list_contacts(session, [contact_id])
    return contact_public(found)


@router.get("", summary="List contacts")
def contacts_list(
    session: StoreSession,
    paging: PageParams,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name")] = None,
) -> Page[ContactPublic]:
    """Every contact by name, with note and signal counts; ``q`` filters by name."""
    rows = list_contacts(session)
    if q:
        needle = q.casefold()
        rows = [
            r
            for r in rows
            if needle in r.name.casefold() or any(needle in a.casefold() for a in r.aliases)
        ]
    page = rows[paging.offset : paging.offset + paging.limit]
    return Page(
        items=[contact_public(r) for r in page],
        total=len(rows),
        limit=paging.limit,
        offset=paging.offset,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a contact")
def contacts_create(
    body: ContactCreate, session: StoreSession, response: Response
) -> ContactPublic:
    """Create a contact; a contact of that name already there is an error (409)."""
    if find_contact(session, body.name) is not None:
        raise Conflict(f"a contact named {body.name!r} already exists")
    contact = upsert_contact(
        session, body.name, aliases=body.aliases, email=body.email, tags=body.tags, tier=body.tier
    )
    session.commit()
    response.headers["Location"] = f"/contacts/{contact.id}"
    return _summary(session, contact.id)


@router.get("/{contact_id}", summary="One contact")
def contacts_get(contact_id: ContactId, session: StoreSession) -> ContactPublic:
    """A contact with its counts."""
    get_contact_or_404(session, contact_id)
    return _summary(session, contact_id)


@router.patch("/{contact_id}", summary="Change a contact's tier or cadence")
def contacts_update(
    contact_id: ContactId, body: ContactUpdate, session: StoreSession
) -> ContactPublic:
    """Set how close a relationship is (its tier) and, optionally, a cadence of its own."""
    contact = get_contact_or_404(session, contact_id)
    fields = body.model_fields_set
    tier = body.tier if "tier" in fields else contact.tier
    every = body.cadence_days if "cadence_days" in fields else contact.cadence_days
    set_tier(session, contact, tier, every)
    session.commit()
    return _summary(session, contact_id)


@router.get("/{contact_id}/notes", summary="A contact's notes")
def contact_notes(
    contact_id: ContactId, session: StoreSession, paging: PageParams
) -> Page[NotePublic]:
    """The contact's notes, newest first."""
    contact = get_contact_or_404(session, contact_id)
    total = session.scalar(select(func.count(Note.id)).where(Note.contact_id == contact_id)) or 0
    notes = session.scalars(
        select(Note)
        .where(Note.contact_id == contact_id)
        .order_by(Note.note_date.desc(), Note.id.desc())
        .limit(paging.limit)
        .offset(paging.offset)
    )
    return Page(
        items=[note_public(n, contact.name) for n in notes],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{contact_id}/signals", summary="What was heard about a contact")
def contact_signals(
    contact_id: ContactId, session: StoreSession, paging: PageParams
) -> Page[SignalPublic]:
    """The contact's signals, oldest note first, each with its status now."""
    contact = get_contact_or_404(session, contact_id)
    rows = signals_for(session, contact)
    return Page(
        items=[signal_public(s) for s in rows[paging.offset : paging.offset + paging.limit]],
        total=len(rows),
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{contact_id}/suggestions", summary="Gives for a contact")
def contact_suggestions(
    contact_id: ContactId,
    session: StoreSession,
    models: Models,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=GIVES_PER_CONTACT, description="Items per page.")] = 5,
    offset: Annotated[int, Query(ge=0, le=GIVES_PER_CONTACT, description="Items to skip.")] = 0,
    as_of: AsOf = None,
) -> Page[SuggestionPublic]:
    """Ranked gives for one relationship, each with its reason and a draft: the promises made
    in the last 120 days first (their reasons open "You promised"), then the best first.

    The best fifty are ranked (diverse: near-duplicates of a better give drop back); ``total``
    says how many of them there are.
    """
    get_contact_or_404(session, contact_id)
    found = suggester(session, models).suggest(
        as_of or user_today(user), [contact_id], GIVES_PER_CONTACT
    )
    session.commit()  # keep the query vectors embedded on the way
    items = suggestions_public(session, found)
    return Page(items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset)


@router.get("/{contact_id}/ledger", summary="A contact's ledger")
def contact_ledger(
    contact_id: ContactId, session: StoreSession, paging: PageParams
) -> Page[LedgerEntryPublic]:
    """Favors given to and received from this contact, newest first."""
    get_contact_or_404(session, contact_id)
    rows = entries(session, date.max, contact_id)
    return Page(
        items=[
            entry_public(e, contact_id) for e in rows[paging.offset : paging.offset + paging.limit]
        ],
        total=len(rows),
        limit=paging.limit,
        offset=paging.offset,
    )
