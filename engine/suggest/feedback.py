"""What the user did with a suggestion: done, dismissed, or snoozed until a date.

- ``done`` records the give in the ledger (so it is never suggested to that person again);
- ``dismiss`` means never this item for this person, and items like it less (the ranker
  lowers them: see ``RankPolicy.dismissed_penalty``);
- ``snooze`` hides the item for this person until a date, then it may come back.

The ranking reads these from the store on every call, so they apply from the next call on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import CatalogItem, Contact, Feedback, LedgerEntry
from giveback.engine.ledger.favors import kind_for_item_type, record_favor
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session


def get_item(session: Session, external_id: str) -> CatalogItem:
    """A catalog item by its id, or :class:`NotFound`."""
    item = session.scalar(select(CatalogItem).where(CatalogItem.external_id == external_id))
    if item is None:
        raise NotFound(f"no catalog item with id {external_id!r}; see `giveback catalog list`")
    return item


@dataclass(frozen=True, slots=True)
class FeedbackResult:
    """What a piece of feedback changed."""

    contact: str
    item_id: str
    title: str
    action: str
    changed: bool  # False when it was already so
    until: date | None = None
    entry_id: int | None = None
    entry_date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out: dict[str, Any] = {"contact": self.contact, "item_id": self.item_id,
                               "title": self.title, "action": self.action,
                               "changed": self.changed}
        if self.until is not None:
            out["until"] = self.until.isoformat()
        if self.entry_id is not None:
            out["entry_id"] = self.entry_id
            out["date"] = self.entry_date.isoformat() if self.entry_date else None
        return out


def _one_writer_per_contact(session: Session, contact: Contact) -> None:
    # A no-op write takes the store's write lock (a row lock elsewhere) before the check below,
    # so two requests at once (a double click, the web button and the email link) cannot both
    # find nothing and both insert: the second waits, then sees the first one's row.
    session.execute(text("UPDATE contacts SET id = id WHERE id = :id"), {"id": contact.id})


def mark_done(session: Session, contact: Contact, item: CatalogItem, day: date,
              description: str = "", origin: str = "suggestion") -> FeedbackResult:
    """The user gave this suggestion: a ledger entry (once per person and item). Flushes."""
    _one_writer_per_contact(session, contact)
    given = session.scalars(select(LedgerEntry).where(
        LedgerEntry.contact_id == contact.id, LedgerEntry.item_id == item.id,
        LedgerEntry.direction == "given").order_by(LedgerEntry.entry_date)).first()
    if given is not None:
        return FeedbackResult(contact.name, item.external_id, item.title, "done", False,
                              entry_id=given.id, entry_date=given.entry_date)
    entry = record_favor(session, contact.id, "given", kind_for_item_type(item.type),
                         description or item.title, day, item.external_id, origin=origin)
    session.add(Feedback(contact_id=contact.id, item_id=item.id, action="done"))
    session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "done", True,
                          entry_id=entry.id, entry_date=day)


def dismiss(session: Session, contact: Contact, item: CatalogItem) -> FeedbackResult:
    """Never suggest this item to this person again (and items like it less). Flushes."""
    _one_writer_per_contact(session, contact)
    exists = session.scalar(select(Feedback.id).where(
        Feedback.contact_id == contact.id, Feedback.item_id == item.id,
        Feedback.action == "dismiss"))
    if exists is None:
        session.add(Feedback(contact_id=contact.id, item_id=item.id, action="dismiss"))
        session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "dismiss", exists is None)


def undismiss(session: Session, contact: Contact, item: CatalogItem) -> FeedbackResult:
    """Take a dismissal back: the item may be suggested to this person again. Flushes."""
    result = session.execute(delete(Feedback).where(
        Feedback.contact_id == contact.id, Feedback.item_id == item.id,
        Feedback.action == "dismiss"))
    session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "undismiss",
                          bool(getattr(result, "rowcount", 0)))


def snooze(session: Session, contact: Contact, item: CatalogItem, until: date,
           today: date | None = None) -> FeedbackResult:
    """Hide this item for this person until ``until`` (a later snooze replaces an earlier).

    Flushes only.
    """
    if until <= (today or date.today()):
        raise InvalidInput(f"--until must be a date after today, not {until.isoformat()}")
    session.execute(delete(Feedback).where(
        Feedback.contact_id == contact.id, Feedback.item_id == item.id,
        Feedback.action == "snooze"))
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
        .where(Feedback.action == "dismiss", Feedback.contact_id.in_(list(contact_ids))))
    for contact_id, external_id in rows:
        out[contact_id].add(external_id)
    return out
