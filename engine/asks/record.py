"""Asks made, and how they went. A granted ask is a favor received, which opens a thank-you.

Recording is what makes the guards work: the cool-down reads these rows, and so does the
balance ("asked a while ago" weighs against asking again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import Conflict, InvalidInput, NotFound
from giveback.core.tables import AskRow, Contact, UserNeed
from giveback.engine.asks.needs import clean_need_text, mark_done
from giveback.engine.ledger.favors import record_favor

OUTCOMES = ("granted", "declined", "no_answer")


@dataclass(frozen=True, slots=True)
class AskMade:
    """An ask as recorded."""

    id: int
    contact_id: int
    contact: str
    need_id: int | None
    what: str
    asked_on: date
    outcome: str
    outcome_on: date | None
    entry_id: int | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "contact": self.contact,
            "need_id": self.need_id,
            "what": self.what,
            "asked_on": self.asked_on.isoformat(),
            "outcome": self.outcome,
            "outcome_on": self.outcome_on.isoformat() if self.outcome_on else None,
            "ledger_entry_id": self.entry_id,
        }


def _made(row: AskRow, name: str) -> AskMade:
    return AskMade(
        row.id,
        row.contact_id,
        name,
        row.need_id,
        row.what,
        row.asked_on,
        row.outcome,
        row.outcome_on,
        row.entry_id,
    )


def record_ask(
    session: Session,
    contact: Contact,
    day: date,
    need_id: int | None = None,
    what: str = "",
    draft: str = "",
) -> AskMade:
    """Record that the user asked ``contact`` (for a need of theirs, or for ``what``);
    flushes, the caller commits."""
    if need_id is not None:
        need = session.get(UserNeed, need_id)
        if need is None:
            raise NotFound(f"no need with id {need_id} (see `giveback need list`)")
        what = what.strip() or need.text
    if not what.strip():
        raise InvalidInput("say what you asked for (a need id, or the words)")
    row = AskRow(
        need_id=need_id,
        contact_id=contact.id,
        what=clean_need_text(what),
        asked_on=day,
        outcome="pending",
        draft=draft,
    )
    session.add(row)
    session.flush()
    return _made(row, contact.name)


def get_ask(session: Session, ask_id: int) -> AskMade:
    """One recorded ask, or :class:`NotFound`."""
    found = session.execute(
        select(AskRow, Contact.name)
        .join(Contact, Contact.id == AskRow.contact_id)
        .where(AskRow.id == ask_id)
    ).first()
    if found is None:
        raise NotFound(f"no ask with id {ask_id} (see `giveback ask history`)")
    return _made(*found)


def settle_ask(
    session: Session,
    ask_id: int,
    outcome: str,
    day: date,
    what: str = "",
    kind: str = "advice",
) -> AskMade:
    """Say how an ask went. ``granted`` records a favor received from that person (which opens
    a thank-you) and closes the need it was for. Saying the same outcome again changes
    nothing; changing a granted ask's outcome is refused (the favor is in the ledger)."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome must be one of {', '.join(OUTCOMES)}")
    row = session.get(AskRow, ask_id)
    if row is None:
        raise NotFound(f"no ask with id {ask_id} (see `giveback ask history`)")
    if row.outcome == outcome:
        return get_ask(session, ask_id)
    if row.outcome == "granted":
        raise Conflict(
            f"ask {ask_id} was granted on {row.outcome_on}: its favor is in the ledger "
            "(see `giveback ledger`)"
        )
    if day < row.asked_on:
        raise InvalidInput(f"the outcome cannot come before the ask ({row.asked_on})")
    row.outcome = outcome
    row.outcome_on = day
    if outcome == "granted":
        entry = record_favor(
            session,
            row.contact_id,
            "received",
            kind,
            what.strip() or f"Helped with: {row.what}",
            day,
        )
        row.entry_id = entry.id
        if row.need_id is not None:
            mark_done(session, row.need_id, day, f"granted by ask #{row.id}")
    session.flush()
    return get_ask(session, ask_id)


def ask_history(session: Session, contact_id: int | None = None) -> list[AskMade]:
    """Recorded asks, newest first."""
    query = (
        select(AskRow, Contact.name)
        .join(Contact, Contact.id == AskRow.contact_id)
        .order_by(AskRow.asked_on.desc(), AskRow.id.desc())
    )
    if contact_id is not None:
        query = query.where(AskRow.contact_id == contact_id)
    return [_made(row, name) for row, name in session.execute(query)]
