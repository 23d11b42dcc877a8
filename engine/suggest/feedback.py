"""What the user did with a suggestion: done, dismissed, or snoozed until a date.

- ``done`` records the give in the ledger (so it is never suggested to that person again):
  :func:`giveback.engine.ledger.gives.mark_done`;
- ``dismiss`` means never this item for this person, and items like it less (the ranker
  lowers them: see ``RankPolicy.dismissed_penalty``);
- ``snooze`` hides the item for this person until a date, then it may come back.

The ranking reads these from the store on every call, so they apply from the next call on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput
from giveback.core.tables import CatalogItem, Contact, Feedback
from giveback.engine.ledger.gives import FeedbackResult, one_writer_per_contact


def dismiss(session: Session, contact: Contact, item: CatalogItem) -> FeedbackResult:
    """Never suggest this item to this person again (and items like it less). Flushes."""
    one_writer_per_contact(session, contact)
    exists = session.scalar(
        select(Feedback.id).where(
            Feedback.contact_id == contact.id,
            Feedback.item_id == item.id,
            Feedback.action == "dismiss",
        )
    )
    if exists is None:
        session.add(Feedback(contact_id=contact.id, item_id=item.id, action="dismiss"))
        session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "dismiss", exists is None)


def undismiss(session: Session, contact: Contact, item: CatalogItem) -> FeedbackResult:
    """Take a dismissal back: the item may be suggested to this person again. Flushes."""
    result = session.execute(
        delete(Feedback).where(
            Feedback.contact_id == contact.id,
            Feedback.item_id == item.id,
            Feedback.action == "dismiss",
        )
    )
    session.flush()
    return FeedbackResult(
        contact.name,
        item.external_id,
        item.title,
        "undismiss",
        bool(getattr(result, "rowcount", 0)),
    )


def snooze(
    session: Session, contact: Contact, item: CatalogItem, until: date, today: date | None = None
) -> FeedbackResult:
    """Hide this item for this person until ``until`` (a later snooze replaces an earlier).

    Flushes only.
    """
    if until <= (today or date.today()):
        raise InvalidInput(f"--until must be a date after today, not {until.isoformat()}")
    session.execute(
        delete(Feedback).where(
            Feedback.contact_id == contact.id,
            Feedback.item_id == item.id,
            Feedback.action == "snooze",
        )
    )
    session.add(Feedback(contact_id=contact.id, item_id=item.id, action="snooze", until=until))
    session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "snooze", True, until)


def dismissed_items(session: Session, contact_ids: Sequence[int]) -> dict[int, set[str]]:
    """The catalog ids each contact's dismissed items have."""
    out: dict[int, set[str]] = defaultdict(set)
    if not contact_ids:
        return out
    rows = session.execute(
        select(Feedback.contact_id, CatalogItem.external_id)
        .join(CatalogItem, CatalogItem.id == Feedback.item_id)
        .where(Feedback.action == "dismiss", Feedback.contact_id.in_(list(contact_ids)))
    )
    for contact_id, external_id in rows:
        out[contact_id].add(external_id)
    return out
