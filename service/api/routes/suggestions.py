"""``/suggestions``: the next useful give for each relationship."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from giveback.engine.accounts.registry import user_today
from giveback.engine.suggest.suggester import Suggester, ledger_suggester
from giveback.service.api.convert import suggestions_public
from giveback.service.api.deps import (
    AsOf,
    CurrentUser,
    Models,
    PageParams,
    Rankings,
    StoreSession,
)
from giveback.service.api.models_host import ModelHost
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.common import Page
from giveback.service.api.schemas.notes import SuggestionPublic

router = APIRouter(prefix="/suggestions", tags=["suggestions"], route_class=StoreRoute)


def suggester(session: Session, models: ModelHost) -> Suggester:
    """The ranker on a user's store, weighed by their reciprocity ledger."""
    return ledger_suggester(session, models.encoder)


@router.get("/next", summary="One best give per relationship")
def suggestions_next(
    session: StoreSession,
    models: Models,
    rankings: Rankings,
    paging: PageParams,
    user: CurrentUser,
    as_of: AsOf = None,
) -> Page[SuggestionPublic]:
    """The best give for each relationship, the most worthwhile relationships first."""
    day = as_of or user_today(user)

    def rank() -> list[SuggestionPublic]:
        found = suggester(session, models).next_gives(day)
        session.commit()  # keep the query vectors embedded on the way
        return suggestions_public(session, found)

    # Ranked once per state of the store: the next request for the same day reuses it.
    items = rankings.get_or_compute(session, ("next", day), rank)
    return Page(
        items=items[paging.offset : paging.offset + paging.limit],
        total=len(items),
        limit=paging.limit,
        offset=paging.offset,
    )
