"""A contact with counts of what the store holds about them, and the listing read straight
from a SQLite store.

``giveback contacts`` is typed to look someone up, so it should answer at once: where the
store is a SQLite file at the newest schema, the listing is one query through the standard
library's ``sqlite3`` (:func:`contacts_in_file`), with no SQLAlchemy to load. Every other store
is listed by :func:`giveback.engine.contacts.store.list_contacts`; a test keeps the two equal.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """A contact with counts of what the store holds about them."""

    id: int
    name: str
    aliases: tuple[str, ...]
    email: str | None
    tags: tuple[str, ...]
    tier: str | None
    notes: int
    signals: int
    last_note: date | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "email": self.email,
            "tags": list(self.tags),
            "tier": self.tier,
            "notes": self.notes,
            "signals": self.signals,
            "last_note": self.last_note.isoformat() if self.last_note else None,
        }


# The tables and columns of giveback.core.tables (Contact, Note, SignalRow).
_LISTING = """
SELECT c.id, c.name, c.aliases, c.email, c.tags, c.tier, n.notes, n.last_note, s.signals
FROM contacts AS c
LEFT JOIN (
    SELECT contact_id, count(id) AS notes, max(note_date) AS last_note
    FROM notes GROUP BY contact_id
) AS n ON n.contact_id = c.id
LEFT JOIN (
    SELECT contact_id, count(id) AS signals FROM signals GROUP BY contact_id
) AS s ON s.contact_id = c.id
ORDER BY c.name_key
"""


def contacts_in_file(connection: sqlite3.Connection) -> list[ContactSummary]:
    """Every contact of a SQLite store at the newest schema, by name, as
    :func:`~giveback.engine.contacts.store.list_contacts` lists them."""
    return [
        ContactSummary(
            id=contact_id,
            name=name,
            aliases=tuple(json.loads(aliases) if aliases else ()),
            email=email,
            tags=tuple(json.loads(tags) if tags else ()),
            tier=tier,
            notes=notes or 0,
            signals=signals or 0,
            last_note=date.fromisoformat(last_note) if last_note else None,
        )
        for contact_id, name, aliases, email, tags, tier, notes, last_note, signals in (
            connection.execute(_LISTING)
        )
    ]
