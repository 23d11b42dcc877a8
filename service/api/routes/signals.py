"""``/signals``: what was heard across every note."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from giveback.core.errors import NotFound
from giveback.engine.listening.signals import get_signal, list_signals, reopen_signal
from giveback.service.api.convert import signal_public
from giveback.service.api.deps import ContactFilter, PageParams, SignalId, StoreSession
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.common import Page, SignalKind
from giveback.service.api.schemas.notes import SignalPublic

router = APIRouter(prefix="/signals", tags=["signals"], route_class=StoreRoute)


@router.get("", summary="List signals")
def signals_list(
    session: StoreSession,
    paging: PageParams,
    kind: Annotated[SignalKind | None, Query()] = None,
    contact_id: ContactFilter = None,
) -> Page[SignalPublic]:
    """Signals, newest note first; filter by kind or contact."""
    total, rows = list_signals(
        session, kind=kind, contact_id=contact_id, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=[signal_public(s) for s in rows],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{signal_id}", summary="One signal")
def signals_get(signal_id: SignalId, session: StoreSession) -> SignalPublic:
    """A signal with its evidence and status now."""
    found = get_signal(session, signal_id)
    if found is None:
        raise NotFound(f"no signal {signal_id}")
    return signal_public(found)


@router.post("/{signal_id}/reopen", summary="Take back a closure")
def signals_reopen(signal_id: SignalId, session: StoreSession) -> SignalPublic:
    """The signal is open again: the later note that closed it was wrong, and listening to that
    note again will not close it again. 422 when the signal is not closed."""
    reopened = reopen_signal(session, signal_id)
    session.commit()
    return signal_public(reopened)
