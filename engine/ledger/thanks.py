"""Thank-yous: open from a favor received (or a good outcome down a trail) until one is sent.

An open thank-you is a reminder for the user, never a message to anyone: Giveback drafts a
note the user may send as it is, and closes the item when the user says they thanked them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Contact, LedgerEntry, ThankItem
from giveback.engine.ledger.introductions import trail_result, trail_story

KIND_PHRASES = {
    "introduction": "the introduction",
    "lead": "the lead",
    "referral_fee": "the referral",
    "advice": "the advice",
    "article": "what you sent me",
    "hospitality": "having me",
    "value_exchange": "your help",
    "offer": "your help",
    "other": "your help",
}


def first_name(name: str) -> str:
    """The first word of a name ("Maria" of "Maria Lopez")."""
    return name.split()[0] if name.strip() else name


def when(day: date) -> str:
    """A date as people write it: "Mar 1, 2026"."""
    return f"{day:%b} {day.day}, {day.year}"


@dataclass(frozen=True, slots=True)
class OpenThank:
    """A thank-you not sent yet, with what it is for and a drafted note."""

    id: int
    contact_id: int
    contact: str
    opened_on: date
    entry_id: int | None
    intro_id: int | None
    what: str
    draft: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "contact": self.contact,
            "opened_on": self.opened_on.isoformat(),
            "entry_id": self.entry_id,
            "intro_id": self.intro_id,
            "for": self.what,
            "draft": self.draft,
        }


def _favor_text(kind: str, description: str) -> str:
    """What a favor was, for a thank-you note: "introducing me to Lee", "the advice (...)"."""
    if description.startswith("introducing me to "):
        return description.rstrip(".")
    phrase = KIND_PHRASES.get(kind, "your help")
    return f"{phrase} ({description.rstrip('.')})" if description else phrase


def thank_draft(name: str, what: str, trail: bool = False) -> str:
    """A short, warm thank-you in the user's voice; it asks for nothing."""
    hello = f"Hi {first_name(name)},"
    if trail:
        return (
            f"{hello} a small thank-you: {what}. None of it would have happened without "
            "you, and I'm grateful."
        )
    return f"{hello} thank you again for {what}. It really helped."


def open_thanks(
    session: Session, contact_id: int | None = None, as_of: date | None = None
) -> list[OpenThank]:
    """Thank-yous not sent yet, oldest first (opened on or before ``as_of`` when given)."""
    query = (
        select(ThankItem, Contact.name, LedgerEntry)
        .join(Contact, Contact.id == ThankItem.contact_id)
        .outerjoin(LedgerEntry, LedgerEntry.id == ThankItem.entry_id)
        .where(ThankItem.thanked_on.is_(None))
        .order_by(ThankItem.opened_on, ThankItem.id)
    )
    if contact_id is not None:
        query = query.where(ThankItem.contact_id == contact_id)
    if as_of is not None:
        query = query.where(ThankItem.opened_on <= as_of)
    out = []
    for thank, name, entry in session.execute(query):
        if entry is not None:
            label = entry.description or KIND_PHRASES.get(entry.kind, "your help")
            what = f"{label} ({entry.kind.replace('_', ' ')}, {when(entry.entry_date)})"
            draft = thank_draft(name, _favor_text(entry.kind, entry.description))
        else:
            story = trail_story(session, thank.intro_id, thank.contact_id)
            what = (
                f"the trail to {trail_result(session, thank.intro_id)} "
                f"(introduction #{thank.intro_id})"
            )
            draft = thank_draft(name, story, trail=True)
        out.append(
            OpenThank(
                thank.id,
                thank.contact_id,
                name,
                thank.opened_on,
                thank.entry_id,
                thank.intro_id,
                what,
                draft,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class ThankResult:
    """What recording a thank-you changed."""

    contact: str
    day: date
    closed: tuple[OpenThank, ...]
    already_thanked_on: date | None = None  # --for an entry that was thanked before


def record_thanks(
    session: Session, contact: Contact, day: date, entry_id: int | None = None, message: str = ""
) -> ThankResult:
    """Record a thank-you to ``contact``: for one favor, or for everything open for them.

    With nothing open, the thank-you is stored anyway (closed at once): it still counts as
    being in touch. Thanking twice for the same favor changes nothing. Flushes only.
    """
    if entry_id is not None:
        entry = session.get(LedgerEntry, entry_id)
        if entry is None or entry.contact_id != contact.id:
            raise NotFound(
                f"no ledger entry {entry_id} with {contact.name}; "
                f'see `giveback ledger "{contact.name}"`'
            )
        if entry.direction != "received":
            raise InvalidInput(f"entry {entry_id} is a favor you gave, not one you received")
        item = session.scalar(select(ThankItem).where(ThankItem.entry_id == entry_id))
        if item is None:  # received before thank-yous were kept: open it to close it
            item = ThankItem(contact_id=contact.id, entry_id=entry_id, opened_on=entry.entry_date)
            session.add(item)
            session.flush()
        if item.thanked_on is not None:
            return ThankResult(contact.name, day, (), item.thanked_on)
        pending = [t for t in open_thanks(session, contact.id) if t.id == item.id]
        items = [item]
    else:
        pending = open_thanks(session, contact.id)
        items = list(
            session.scalars(select(ThankItem).where(ThankItem.id.in_([t.id for t in pending])))
        )
    for item in items:
        item.thanked_on = day
        item.message = message
    if not items:
        session.add(
            ThankItem(contact_id=contact.id, opened_on=day, thanked_on=day, message=message)
        )
    session.flush()
    return ThankResult(contact.name, day, tuple(pending))


def open_trail_thanks(
    session: Session, intro_id: int, contact_ids: Sequence[int], day: date
) -> list[int]:
    """Open a thank-you to each person on a trail (once per person and introduction)."""
    opened = []
    existing = set(
        session.scalars(select(ThankItem.contact_id).where(ThankItem.intro_id == intro_id))
    )
    for contact_id in contact_ids:
        if contact_id in existing:
            continue
        session.add(ThankItem(contact_id=contact_id, intro_id=intro_id, opened_on=day))
        opened.append(contact_id)
    session.flush()
    return opened


def thanked_on(session: Session, intro_id: int) -> dict[int, date | None]:
    """Per person with a trail thank-you for this introduction: when they were thanked."""
    return dict(
        session.execute(
            select(ThankItem.contact_id, ThankItem.thanked_on).where(ThankItem.intro_id == intro_id)
        ).all()
    )
