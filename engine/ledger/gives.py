"""A give the user made from a suggestion: recorded in the ledger once per person and item.

``giveback done``, the web page's Done button, a digest link and the daily act all end here.
Dismissing and snoozing, which change only what is suggested, are
:mod:`giveback.engine.suggest.feedback`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from giveback.core.tables import CatalogItem, Contact, Feedback, LedgerEntry
from giveback.engine.ledger.favors import kind_for_item_type, record_favor


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
        out: dict[str, Any] = {
            "contact": self.contact,
            "item_id": self.item_id,
            "title": self.title,
            "action": self.action,
            "changed": self.changed,
        }
        if self.until is not None:
            out["until"] = self.until.isoformat()
        if self.entry_id is not None:
            out["entry_id"] = self.entry_id
            out["date"] = self.entry_date.isoformat() if self.entry_date else None
        return out


def one_writer_per_contact(session: Session, contact: Contact) -> None:
    """Serialise feedback on one contact: take the write lock before reading what is there."""
    # A no-op write takes the store's write lock (a row lock elsewhere) before the check below,
    # so two requests at once (a double click, the web button and the email link) cannot both
    # find nothing and both insert: the second waits, then sees the first one's row.
    session.execute(text("UPDATE contacts SET id = id WHERE id = :id"), {"id": contact.id})


def mark_done(
    session: Session,
    contact: Contact,
    item: CatalogItem,
    day: date,
    description: str = "",
    origin: str = "suggestion",
) -> FeedbackResult:
    """The user gave this suggestion: a ledger entry (once per person and item). Flushes."""
    one_writer_per_contact(session, contact)
    given = session.scalars(
        select(LedgerEntry)
        .where(
            LedgerEntry.contact_id == contact.id,
            LedgerEntry.item_id == item.id,
            LedgerEntry.direction == "given",
        )
        .order_by(LedgerEntry.entry_date)
    ).first()
    if given is not None:
        return FeedbackResult(
            contact.name,
            item.external_id,
            item.title,
            "done",
            False,
            entry_id=given.id,
            entry_date=given.entry_date,
        )
    entry = record_favor(
        session,
        contact.id,
        "given",
        kind_for_item_type(item.type),
        description or item.title,
        day,
        item.external_id,
        origin=origin,
    )
    session.add(Feedback(contact_id=contact.id, item_id=item.id, action="done"))
    session.flush()
    return FeedbackResult(
        contact.name, item.external_id, item.title, "done", True, entry_id=entry.id, entry_date=day
    )
