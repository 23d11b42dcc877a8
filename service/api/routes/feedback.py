"""``/feedback``: the user's answer to a suggestion (done, dismiss, snooze)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import func, select

from giveback.core.domain import DismissReason
from giveback.core.tables import Feedback
from giveback.engine.accounts.registry import user_today
from giveback.engine.ledger.gives import mark_done
from giveback.engine.suggest.feedback import dismiss, snooze
from giveback.service.api.deps import ContactFilter, CurrentUser, PageParams, StoreSession
from giveback.service.api.routes.catalog import get_item_or_404
from giveback.service.api.routes.contacts import get_contact_or_404
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.common import Action, Page
from giveback.service.api.schemas.common import DismissReason as DismissReasonName
from giveback.service.api.schemas.ledger import FeedbackCreate, FeedbackPublic

router = APIRouter(prefix="/feedback", tags=["feedback"], route_class=StoreRoute)


class FeedbackRecord(BaseModel):
    """A stored piece of feedback."""

    id: int
    contact_id: int
    item_id: int
    action: Action
    until: date | None
    reason: DismissReasonName | None = None


def apply_feedback(
    session: StoreSession, body: FeedbackCreate, today: date | None = None
) -> FeedbackPublic:
    """Record feedback on a suggestion (committed); doing it twice changes nothing more."""
    contact = get_contact_or_404(session, body.contact_id)
    item = get_item_or_404(session, body.item_id)
    day = today or date.today()
    if body.action == "done":
        result = mark_done(session, contact, item, day)
    elif body.action == "dismiss":
        result = dismiss(session, contact, item, DismissReason(body.reason or "not_relevant"))
    else:
        assert body.until is not None
        result = snooze(session, contact, item, body.until, day)
    session.commit()
    return FeedbackPublic(
        contact_id=contact.id,
        item_id=item.id,
        action=body.action,
        changed=result.changed,
        until=result.until,
        ledger_entry_id=result.entry_id,
    )


@router.post("", summary="Answer a suggestion")
def feedback_create(
    body: FeedbackCreate, session: StoreSession, user: CurrentUser
) -> FeedbackPublic:
    """Done records the give in the ledger; dismiss hides it for good; snooze until a date."""
    return apply_feedback(session, body, user_today(user))


@router.get("", summary="List feedback")
def feedback_list(
    session: StoreSession, paging: PageParams, contact_id: ContactFilter = None
) -> Page[FeedbackRecord]:
    """Feedback given so far, newest first."""
    where = [Feedback.contact_id == contact_id] if contact_id is not None else []
    total = session.scalar(select(func.count(Feedback.id)).where(*where)) or 0
    rows = session.scalars(
        select(Feedback)
        .where(*where)
        .order_by(Feedback.id.desc())
        .limit(paging.limit)
        .offset(paging.offset)
    )
    return Page(
        items=[
            FeedbackRecord(
                id=r.id,
                contact_id=r.contact_id,
                item_id=r.item_id,
                action=r.action,
                until=r.until,
                reason=r.reason,
            )
            for r in rows
        ],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )
