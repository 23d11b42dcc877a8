"""``/catalog``: the gives the user can offer (articles, people to introduce, offers)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import func, select

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import CatalogItem
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.service.api.deps import ItemId, PageParams, StoreSession
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.catalog import CatalogItemCreate, CatalogItemPublic
from giveback.service.api.schemas.common import ItemType as ItemTypeName
from giveback.service.api.schemas.common import Page

router = APIRouter(prefix="/catalog", tags=["catalog"], route_class=StoreRoute)


def get_item_or_404(session: StoreSession, item_id: int) -> CatalogItem:
    """The catalog item with this id in the user's store, else :class:`NotFound`."""
    item = session.get(CatalogItem, item_id)
    if item is None:
        raise NotFound(f"no catalog item {item_id}")
    return item


@router.get("", summary="List the catalog")
def catalog_list(
    session: StoreSession,
    paging: PageParams,
    type: Annotated[ItemTypeName | None, Query()] = None,
) -> Page[CatalogItemPublic]:
    """Catalog items by title; filter by type."""
    where = [CatalogItem.type == type] if type else []
    total = session.scalar(select(func.count(CatalogItem.id)).where(*where)) or 0
    rows = session.scalars(
        select(CatalogItem)
        .where(*where)
        .order_by(CatalogItem.title, CatalogItem.id)
        .limit(paging.limit)
        .offset(paging.offset)
    )
    return Page(
        items=[CatalogItemPublic.model_validate(r) for r in rows],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add or update a give",
    responses={
        200: {
            "model": CatalogItemPublic,
            "description": "An item with that external_id was updated",
        }
    },
)
def catalog_create(
    body: CatalogItemCreate, session: StoreSession, response: Response
) -> CatalogItemPublic:
    """Add a give; an ``external_id`` already in the catalog updates that item in place.

    A contact item is linked to the person of that name (or email) in the network: one
    person, two roles.
    """
    external_id = body.external_id or f"api-{secrets.token_hex(6)}"
    existed = (
        session.scalar(select(CatalogItem.id).where(CatalogItem.external_id == external_id))
        is not None
    )
    record = CatalogRecord(
        external_id=external_id,
        type=ItemType(body.type),
        title=body.title,
        text=body.text,
        url=body.url,
        tags=tuple(body.tags),
        email=body.email,
    )
    summary = ImportSummary(file="api", format="api")
    ids = upsert_records(session, [record], summary, source="api")
    if summary.skipped or not ids:
        session.rollback()
        raise InvalidInput("; ".join(summary.warnings) or "the item was refused")
    session.commit()
    item = get_item_or_404(session, ids[0])
    if existed:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/catalog/{item.id}"
    return CatalogItemPublic.model_validate(item)


@router.get("/{item_id}", summary="One give")
def catalog_get(item_id: ItemId, session: StoreSession) -> CatalogItemPublic:
    """A catalog item."""
    return CatalogItemPublic.model_validate(get_item_or_404(session, item_id))
