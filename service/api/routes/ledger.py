"""``/ledger``: favors given and received, and the thank-yous owed."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status
from sqlalchemy import select

from giveback.core.errors import NotFound
from giveback.core.tables import CatalogItem, Contact, LedgerEntry
from giveback.engine.ledger.favors import EntryView, entries, entry_view, record_favor
from giveback.engine.ledger.thanks import open_thanks
from giveback.service.api.deps import ContactFilter, PageParams, StoreSession
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.common import Page
from giveback.service.api.schemas.ledger import LedgerEntryCreate, LedgerEntryPublic, ThankPublic

router = APIRouter(prefix="/ledger", tags=["ledger"], route_class=StoreRoute)


def entry_public(entry: EntryView, contact_id: int) -> LedgerEntryPublic:
    """A ledger entry as the API shows it."""
    return LedgerEntryPublic(
        id=entry.id,
        contact_id=contact_id,
        contact=entry.contact,
        direction=entry.direction,
        kind=entry.kind,
        description=entry.description,
        item_key=entry.item_id,
        value=entry.value,
        entry_date=entry.date,
        origin=entry.origin,
        thank_open=entry.thank_open,
    )


@router.get("", summary="List ledger entries")
def ledger_list(
    session: StoreSession, paging: PageParams, contact_id: ContactFilter = None
) -> Page[LedgerEntryPublic]:
    """Favors given and received, newest first."""
    rows = entries(session, date.max, contact_id)
    page = rows[paging.offset : paging.offset + paging.limit]
    owners = (
        dict(
            session.execute(
                select(LedgerEntry.id, LedgerEntry.contact_id).where(
                    LedgerEntry.id.in_([e.id for e in page])
                )
            ).all()
        )
        if page
        else {}
    )
    return Page(
        items=[entry_public(e, owners[e.id]) for e in page],
        total=len(rows),
        limit=paging.limit,
        offset=paging.offset,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Record a favor")
def ledger_create(body: LedgerEntryCreate, session: StoreSession) -> LedgerEntryPublic:
    """Record a favor given or received; a favor received opens a thank-you."""
    if session.get(Contact, body.contact_id) is None:
        raise NotFound(f"no contact {body.contact_id}")
    item_key = None
    if body.item_id is not None:
        item = session.get(CatalogItem, body.item_id)
        if item is None:
            raise NotFound(f"no catalog item {body.item_id}")
        item_key = item.external_id
    entry = record_favor(
        session,
        body.contact_id,
        body.direction,
        body.kind,
        body.description,
        body.entry_date,
        item_key,
        body.value,
    )
    session.commit()
    return entry_public(entry_view(session, entry), body.contact_id)


@router.get("/thanks", summary="Thank-yous owed")
def ledger_thanks(
    session: StoreSession, paging: PageParams, contact_id: ContactFilter = None
) -> Page[ThankPublic]:
    """Favors received and not thanked for yet, oldest first, each with a drafted note."""
    rows = open_thanks(session, contact_id)
    return Page(
        items=[
            ThankPublic(
                id=t.id,
                contact_id=t.contact_id,
                contact=t.contact,
                opened_on=t.opened_on,
                what=t.what,
                draft=t.draft,
            )
            for t in rows[paging.offset : paging.offset + paging.limit]
        ],
        total=len(rows),
        limit=paging.limit,
        offset=paging.offset,
    )
