"""The catalog of gives in the store: upsert imported records, link people, list items."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.contacts import ContactIndex, upsert_contact
from engine.errors import InvalidInput
from models.domain import CatalogRecord, ItemType
from models.tables import CatalogItem, Contact

MAX_TITLE_CHARS = 500
MAX_TEXT_CHARS = 20_000


@dataclass
class ImportSummary:
    """What an import did, as ``giveback catalog import --json`` prints it."""

    file: str
    format: str
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The public keys, in order."""
        return {"file": self.file, "format": self.format, "imported": self.imported,
                "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
                "warnings": list(self.warnings)}


def record_hash(rec: CatalogRecord) -> str:
    """A hash of everything stored from a record: equal hashes mean nothing to update."""
    payload = json.dumps([rec.type.value, rec.title, rec.text, rec.url, list(rec.tags),
                          rec.email, list(rec.aliases),
                          rec.published.isoformat() if rec.published else None],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _validate(rec: CatalogRecord) -> str | None:
    """Why a record cannot be stored, or ``None``."""
    if not rec.external_id.strip():
        return "an item has no id"
    if not rec.title.strip():
        return f"item {rec.external_id!r} has no title"
    if len(rec.title) > MAX_TITLE_CHARS:
        return f"item {rec.external_id!r} has a title over {MAX_TITLE_CHARS} characters"
    return None


def _link_person(session: Session, rec: CatalogRecord, people: ContactIndex,
                 by_email: dict[str, int]) -> int:
    """The contact id of the person a catalog contact is: one person record, never two."""
    contact_id = by_email.get(rec.email.casefold()) if rec.email else None
    if contact_id is None:
        contact_id = people.lookup(rec.title)
    if contact_id is None:
        for alias in rec.aliases:
            contact_id = people.lookup(alias)
            if contact_id is not None:
                break
    if contact_id is not None:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        if rec.email and not contact.email:
            contact.email = rec.email
        return contact_id
    contact = upsert_contact(session, rec.title, aliases=rec.aliases, email=rec.email)
    people.add(contact)
    if contact.email:
        by_email[contact.email.casefold()] = contact.id
    return contact.id


def upsert_records(
    session: Session,
    records: Sequence[CatalogRecord],
    summary: ImportSummary,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert new items, update changed ones, count unchanged ones; returns the item ids.

    Records are matched by ``external_id``; a catalog contact is also matched by the person it
    links to, so the same person imported from two files stays one item. Nothing is committed.
    """
    ids = [r.external_id for r in records]
    existing: dict[str, CatalogItem] = {}
    for i in range(0, len(ids), 500):
        for item in session.scalars(select(CatalogItem).where(
                CatalogItem.external_id.in_(ids[i:i + 500]))):
            existing[item.external_id] = item
    people = ContactIndex.load(session)
    by_email = {c.email.casefold(): c.id for c in session.scalars(
        select(Contact).where(Contact.email.is_not(None))) if c.email}
    person_items = {item.contact_id: item for item in session.scalars(
        select(CatalogItem).where(CatalogItem.contact_id.is_not(None)))}
    out: list[int] = []
    for n, rec in enumerate(records, 1):
        problem = _validate(rec)
        if problem:
            summary.skipped += 1
            summary.warnings.append(problem)
            continue
        digest = record_hash(rec)
        item = existing.get(rec.external_id)
        contact_id = None
        if rec.type is ItemType.CONTACT:
            if item is not None and item.content_hash == digest and item.contact_id:
                contact_id = item.contact_id
            else:
                contact_id = _link_person(session, rec, people, by_email)
            if item is None:
                item = person_items.get(contact_id)
        if item is not None and item.content_hash == digest and item.contact_id == contact_id:
            summary.unchanged += 1
            out.append(item.id)
        else:
            if item is None:
                item = CatalogItem(external_id=rec.external_id)
                session.add(item)
                summary.imported += 1
            else:
                summary.updated += 1
            item.type = rec.type.value
            item.title = rec.title.strip()
            item.text = rec.text[:MAX_TEXT_CHARS]
            item.url = rec.url
            item.tags = list(rec.tags)
            item.email = rec.email
            item.contact_id = contact_id
            item.published = rec.published
            item.source = source
            item.content_hash = digest
            session.flush()
            if contact_id is not None:
                person_items[contact_id] = item
            existing[rec.external_id] = item
            out.append(item.id)
        if progress is not None and n % 200 == 0:
            progress(200)
    return out


def item_text(item: CatalogItem, extra: Sequence[str] = ()) -> str:
    """The text an item is embedded and searched by: title, text, tags and what we know."""
    parts = [item.title.strip().rstrip(".") + "."]
    if item.text.strip():
        parts.append(item.text.strip())
    if item.tags:
        parts.append("Tags: " + ", ".join(item.tags) + ".")
    if extra:
        parts.append("Into " + ", ".join(extra) + ".")
    return " ".join(parts)


def list_items(session: Session, item_type: str | None = None) -> list[CatalogItem]:
    """Catalog items in id order, optionally of one type."""
    query = select(CatalogItem).order_by(CatalogItem.id)
    if item_type:
        if item_type not in {t.value for t in ItemType}:
            raise InvalidInput(f"unknown item type {item_type!r}: use article, contact or offer")
        query = query.where(CatalogItem.type == item_type)
    return list(session.scalars(query))

