"""The catalog of gives in the store: upsert imported records, link people, list items."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import CatalogItem, Contact
from giveback.engine.contacts.store import (
    NUL,
    ContactIndex,
    clean_aliases,
    clean_name,
    name_key,
)

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
        return {
            "file": self.file,
            "format": self.format,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "warnings": list(self.warnings),
        }


def record_hash(rec: CatalogRecord) -> str:
    """A hash of everything stored from a record: equal hashes mean nothing to update."""
    payload = json.dumps(
        [
            rec.type.value,
            rec.title,
            rec.text,
            rec.url,
            list(rec.tags),
            rec.email,
            list(rec.aliases),
            rec.published.isoformat() if rec.published else None,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _validate(rec: CatalogRecord) -> str | None:
    """Why a record cannot be stored, or ``None``."""
    if not rec.external_id.strip():
        return "an item has no id"
    if not rec.title.strip():
        return f"item {rec.external_id!r} has no title"
    if len(rec.title) > MAX_TITLE_CHARS:
        return f"item {rec.external_id!r} has a title over {MAX_TITLE_CHARS} characters"
    fields = {
        "id": rec.external_id,
        "title": rec.title,
        "text": rec.text,
        "url": rec.url or "",
        "email": rec.email or "",
        "tags": "".join(rec.tags),
        "aliases": "".join(rec.aliases),
    }
    nul = next((what for what, text in fields.items() if NUL in text), None)
    if nul is not None:
        return f"item {rec.external_id!r}: its {nul} contains a NUL character (\\x00)"
    if rec.type is ItemType.CONTACT:
        try:
            clean_name(rec.title, "contact name")
        except InvalidInput as exc:
            return f"item {rec.external_id!r}: {exc}"
    return None


class _People:
    """Who is already known, by email, name and alias; new people are created unflushed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.index = ContactIndex.load(session)
        self.by_email = {
            c.email.casefold(): c
            for c in session.scalars(select(Contact).where(Contact.email.is_not(None)))
            if c.email
        }
        self.new: dict[str, Contact] = {}

    def link(self, rec: CatalogRecord) -> Contact:
        """The person a catalog contact is: one person record, never two."""
        found = self.by_email.get(rec.email.casefold()) if rec.email else None
        for name in (rec.title, *rec.aliases):
            if found is not None:
                break
            found = self.new.get(name_key(name))
            if found is None and (contact_id := self.index.lookup(name)) is not None:
                found = self.session.get(Contact, contact_id)
        if found is None:
            name = clean_name(rec.title)
            found = Contact(
                name=name,
                name_key=name_key(name),
                aliases=clean_aliases(rec.aliases, name),
                tags=[],
                email=rec.email,
            )
            self.session.add(found)
            for alias in (name, *found.aliases):
                self.new.setdefault(name_key(alias), found)
        elif rec.email and not found.email:
            found.email = rec.email
        if rec.email:
            self.by_email.setdefault(rec.email.casefold(), found)
        return found


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
    # What is stored is read as plain rows first; only items this import changes are loaded as
    # objects (a re-import of an unchanged catalog reads no objects at all).
    stored_rows = _stored_rows(session, [r.external_id for r in records])
    digests = [record_hash(r) for r in records]
    changing = [
        r.external_id
        for r, digest in zip(records, digests, strict=True)
        if r.external_id in stored_rows and not _as_stored(stored_rows[r.external_id], r, digest)
    ]
    existing: dict[str, CatalogItem] = {}
    for i in range(0, len(changing), 500):
        for known in session.scalars(
            select(CatalogItem).where(CatalogItem.external_id.in_(changing[i : i + 500]))
        ):
            existing[known.external_id] = known
    people = _People(session)
    # People's items are looked up for new contact entries only (another file's entry for the
    # same person is the same item); without any, they need not be read.
    person_items: dict[int | Contact, CatalogItem] = {}
    if any(r.type is ItemType.CONTACT and r.external_id not in stored_rows for r in records):
        person_items = {
            owned.contact_id: owned
            for owned in session.scalars(
                select(CatalogItem).where(CatalogItem.contact_id.is_not(None))
            )
            if owned.contact_id is not None
        }
    links: list[tuple[CatalogItem, Contact]] = []
    # Items of this very file, wherever in it they come: stored ones by id, new ones by object.
    touched_ids: set[int] = {row[0] for row in stored_rows.values()}
    touched_new: set[int] = set()
    stored: list[CatalogItem | int] = []
    for n, rec in enumerate(records, 1):
        problem = _validate(rec)
        if problem:
            summary.skipped += 1
            summary.warnings.append(problem)
            continue
        digest = digests[n - 1]
        row = stored_rows.get(rec.external_id)
        if row is not None and rec.external_id not in existing and _as_stored(row, rec, digest):
            summary.unchanged += 1  # as stored: nothing to read or write
            stored.append(row[0])
            if progress is not None and n % 200 == 0:
                progress(200)
            continue
        item = existing.get(rec.external_id)
        person: Contact | None = None
        if rec.type is ItemType.CONTACT and (
            item is None or item.content_hash != digest or not item.contact_id
        ):
            person = people.link(rec)
            if item is None:
                same_person = person_items.get(person.id if person.id is not None else person)
                # Another file's entry for this person is this entry; one from this very file
                # is somebody else of the same name (two "Priya Sharma"s, two profiles).
                if (
                    same_person is not None
                    and same_person.id not in touched_ids
                    and id(same_person) not in touched_new
                ):
                    item = same_person
        if (
            item is not None
            and item.content_hash == digest
            and (person is None or item.contact_id == person.id)
        ):
            summary.unchanged += 1
            stored.append(item)
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
            item.contact_id = None if person is None else person.id
            if person is not None and person.id is None:
                links.append((item, person))  # the id exists after the flush below
            item.published = rec.published
            item.source = source
            item.content_hash = digest
            if person is not None:
                person_items[person.id if person.id is not None else person] = item
            existing[rec.external_id] = item
            stored.append(item)
        if item.id is not None:
            touched_ids.add(item.id)
        touched_new.add(id(item))
        if progress is not None and n % 200 == 0:
            progress(200)
    session.flush()  # once: a flush per item costs more than parsing the whole file
    for item, person in links:
        item.contact_id = person.id
    if links:
        session.flush()
    return [item if isinstance(item, int) else item.id for item in stored]


def _as_stored(row: tuple[int, str | None, int | None], rec: CatalogRecord, digest: str) -> bool:
    """Whether a stored row already holds this record (a contact also linked to its person)."""
    return row[1] == digest and (rec.type is not ItemType.CONTACT or bool(row[2]))


def _stored_rows(
    session: Session,
    external_ids: Sequence[str],
) -> dict[str, tuple[int, str | None, int | None]]:
    """``external_id -> (id, content_hash, contact_id)`` of the items already stored."""
    out: dict[str, tuple[int, str | None, int | None]] = {}
    unique = list(dict.fromkeys(external_ids))
    for i in range(0, len(unique), 500):
        for external_id, item_id, digest, contact_id in session.execute(
            select(
                CatalogItem.external_id,
                CatalogItem.id,
                CatalogItem.content_hash,
                CatalogItem.contact_id,
            ).where(CatalogItem.external_id.in_(unique[i : i + 500]))
        ):
            out[external_id] = (item_id, digest, contact_id)
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


def get_item(session: Session, external_id: str) -> CatalogItem:
    """A catalog item by its id, or :class:`NotFound`."""
    item = session.scalar(select(CatalogItem).where(CatalogItem.external_id == external_id))
    if item is None:
        raise NotFound(f"no catalog item with id {external_id!r}; see `giveback catalog list`")
    return item
