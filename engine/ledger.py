"""The reciprocity ledger: favors given and received (the first slice, used by the ranker).

A give recorded here (``direction="given"`` with the catalog item it came from) is never
suggested to that contact again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidInput, NotFound
from models.tables import CatalogItem, LedgerEntry

DIRECTIONS = ("given", "received")
KINDS = ("introduction", "article", "advice", "lead", "referral_fee", "value_exchange",
         "hospitality", "offer", "other")


def record_favor(
    session: Session,
    contact_id: int,
    direction: str,
    kind: str,
    description: str = "",
    entry_date: date | None = None,
    item_external_id: str | None = None,
    value: float | None = None,
) -> LedgerEntry:
    """Add one favor to the ledger; flushes, the caller commits."""
    if direction not in DIRECTIONS:
        raise InvalidInput(f"direction must be one of {', '.join(DIRECTIONS)}")
    if kind not in KINDS:
        raise InvalidInput(f"unknown favor kind {kind!r}; use one of {', '.join(KINDS)}")
    item_id = None
    if item_external_id:
        item_id = session.scalar(select(CatalogItem.id).where(
            CatalogItem.external_id == item_external_id))
        if item_id is None:
            raise NotFound(f"no catalog item with id {item_external_id!r}")
    entry = LedgerEntry(contact_id=contact_id, direction=direction, kind=kind,
                        description=description, item_id=item_id, value=value,
                        entry_date=entry_date or date.today())
    session.add(entry)
    session.flush()
    return entry


def kind_for_item_type(item_type: str) -> str:
    """The ledger kind a give of this catalog type is recorded as."""
    return {"contact": "introduction", "article": "article", "offer": "offer"}.get(item_type,
                                                                                  "other")
