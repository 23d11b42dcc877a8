"""Contacts: validated names, lookup by name or alias, find-or-create, listing.

Names are matched case-insensitively with whitespace collapsed (the ``name_key``), and a
contact can be found by any of its aliases too ("Bob" for "Robert Chen").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from giveback.core.domain import ContactRef
from giveback.core.errors import GivebackError, ImportRefused, InvalidInput, NotFound
from giveback.core.postgres import store_key
from giveback.core.settings import get_settings
from giveback.core.tables import Contact, Note, SignalRow
from giveback.core.textio import parse_json, read_text, source_name
from giveback.engine.contacts.summary import ContactSummary

# Refused in every name: no character of a name, and SQLite and C libraries cut text at it.
NUL = "\x00"


def name_key(name: str) -> str:
    """The lookup key of a name: whitespace collapsed, case-folded."""
    return " ".join(name.split()).casefold()


def clean_name(name: str, what: str = "contact name") -> str:
    """A name with its whitespace collapsed, or :class:`InvalidInput` saying what is wrong."""
    if not isinstance(name, str):
        raise InvalidInput(f"{what} must be text, not {type(name).__name__}")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(f"{what} is empty")
    if NUL in cleaned:
        raise InvalidInput(f"{what} contains a NUL character (\\x00); it must be plain text")
    limit = get_settings().max_name_chars
    if len(cleaned) > limit:
        raise InvalidInput(
            f"{what} is {len(cleaned):,} characters long; the limit is {limit:,} "
            f"(starts {cleaned[:30]!r})"
        )
    return cleaned


def clean_aliases(aliases: Iterable[str], name: str) -> list[str]:
    """Validated, de-duplicated aliases, without any that only repeat the name."""
    seen = {name_key(name)}
    out: list[str] = []
    for alias in aliases:
        cleaned = clean_name(alias, what="alias")
        if name_key(cleaned) not in seen:
            seen.add(name_key(cleaned))
            out.append(cleaned)
    return out


def _brought_up_to_date(
    session: Session, state: tuple[Any, ...], index: ContactIndex, now: tuple[Any, ...]
) -> tuple[tuple[Any, ...], ContactIndex] | None:
    """The index with the contacts added since ``state``; ``None`` when it must be rebuilt."""
    count, max_id, max_updated = state
    if max_id is None or max_updated is None or now[0] < count:
        return None
    changed = list(
        session.scalars(
            select(Contact)
            .where((Contact.id > max_id) | (Contact.updated_at >= max_updated))
            .order_by(Contact.id)
        )
    )
    added = [c for c in changed if c.id > max_id]
    if count + len(added) != now[0]:
        return None  # some were deleted while others were added
    if any(not index.unchanged(c) for c in changed if c.id <= max_id):
        return None  # a renamed contact: its old name must stop resolving to it
    index = index.copy()  # another request may be copying the cached one right now
    for contact in added:
        index.add(contact)
    return now, index


def clean_tier(tier: Any) -> str | None:
    """A tier label ("close", "regular", "occasional", or the user's own), lowercased."""
    if tier is None or (isinstance(tier, str) and not tier.strip()):
        return None
    if isinstance(tier, bool) or not isinstance(tier, str | int):
        raise InvalidInput(f"tier must be a word like 'close', not {tier!r}")
    label = " ".join(str(tier).split()).casefold()
    if len(label) > 40:
        raise InvalidInput(f"tier is {len(label)} characters long; the limit is 40")
    return label


# Per store: the index and the contacts table's state it was built from.
_INDEXES: dict[str, tuple[tuple[Any, ...], ContactIndex]] = {}


class ContactIndex:
    """Every contact's name and aliases in memory, for resolving many names in one pass.

    Built once per batch of notes: the listener needs all known people to tell the contact from
    third parties, and stored mentions and signals link names back to contact ids.
    """

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self._by_name: dict[str, int] = {}
        self._by_alias: dict[str, int] = {}
        self._refs: dict[int, ContactRef] = {}
        self._all_refs: tuple[ContactRef, ...] | None = None
        for contact in contacts:
            self.add(contact)

    @classmethod
    def load(cls, session: Session) -> ContactIndex:
        """An index of every contact in the store (a private copy; callers may add to it).

        Reading thousands of contacts for every pasted note costs more than listening to it,
        so the index is kept per process. When the contacts table changes it is brought up to
        date from the rows added or updated since; a deletion, or a changed name or alias,
        rebuilds it.
        """
        state = tuple(
            session.execute(
                select(func.count(Contact.id), func.max(Contact.id), func.max(Contact.updated_at))
            ).one()
        )
        store = store_key(session.get_bind().engine)
        known = _INDEXES.get(store)
        if known is not None and known[0] != state:
            known = _brought_up_to_date(session, *known, state)
        if known is None or known[0] != state:
            known = state, cls(session.scalars(select(Contact).order_by(Contact.id)))
        _INDEXES.clear()  # one store's index at a time: a server of many users rebuilds
        _INDEXES[store] = known
        return known[1].copy()

    def copy(self) -> ContactIndex:
        """An independent copy of this index."""
        clone = ContactIndex(())
        clone._by_name, clone._by_alias = dict(self._by_name), dict(self._by_alias)
        clone._refs = dict(self._refs)
        # The same tuple while nothing is added: the listener keeps what it derived from it.
        clone._all_refs = self.refs()
        return clone

    def unchanged(self, contact: Contact) -> bool:
        """Whether the index already holds this contact under the same name and aliases."""
        ref = self._refs.get(contact.id)
        return (
            ref is not None
            and ref.name == contact.name
            and tuple(ref.aliases) == tuple(contact.aliases or ())
        )

    def add(self, contact: Contact) -> None:
        """Index one (new) contact."""
        self._by_name[contact.name_key] = contact.id
        for alias in contact.aliases or []:
            self._by_alias.setdefault(name_key(alias), contact.id)
        self._refs[contact.id] = ContactRef(contact.name, tuple(contact.aliases or ()))
        self._all_refs = None

    def lookup(self, name: str | None) -> int | None:
        """The id of the contact with this name or alias; names win over aliases."""
        if not name:
            return None
        key = name_key(name)
        return self._by_name.get(key, self._by_alias.get(key))

    def ref(self, contact_id: int) -> ContactRef:
        """The :class:`ContactRef` of a contact id."""
        return self._refs[contact_id]

    def refs(self) -> tuple[ContactRef, ...]:
        """All known people, as the listener takes them."""
        if self._all_refs is None:
            self._all_refs = tuple(self._refs.values())
        return self._all_refs


def find_contact(session: Session, name: str) -> Contact | None:
    """The contact with this name, else the one with this alias, else ``None``."""
    key = name_key(name)
    if not key:
        return None
    contact = session.scalar(select(Contact).where(Contact.name_key == key))
    if contact is not None:
        return contact
    # Aliases live in a JSON list (portable across backends); only contacts with any are read.
    candidates = session.scalars(
        select(Contact).where(cast(Contact.aliases, Text) != "[]").order_by(Contact.id)
    )
    for candidate in candidates:
        if any(name_key(alias) == key for alias in candidate.aliases or []):
            return candidate
    return None


def similar_contacts(session: Session, name: str, limit: int = 3) -> list[str]:
    """Names of other contacts this name may have meant: "Maria" -> "Maria Lopez"."""
    key = name_key(name)
    if not key:
        return []
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = session.scalars(
        select(Contact.name)
        .where(Contact.name_key != key)
        .where(
            Contact.name_key.like(f"{pattern} %", escape="\\")
            | Contact.name_key.like(f"% {pattern}", escape="\\")
        )
        .order_by(Contact.name_key)
        .limit(limit)
    )
    return list(rows)


def _by_first_name(session: Session, name: str, shown: int = 5) -> Contact | None:
    """The only contact whose first name is ``name``; several are :class:`InvalidInput`."""
    key = name_key(name)
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(Contact).where(Contact.name_key.like(f"{pattern} %", escape="\\"))
    query = query.order_by(Contact.name_key).limit(shown + 1)
    found = [] if " " in key else list(session.scalars(query))
    if len(found) > 1:  # "Maria" never picks one of two at random
        names = [c.name for c in found[:shown]]
        listed = f"{', '.join(names[:-1])} or {names[-1]}" + (" (and more)" * (len(found) > shown))
        raise InvalidInput(f"{name!r} could be {listed}; give the full name")
    return found[0] if found else None


def get_contact(session: Session, name: str) -> Contact:
    """The contact with this name or alias, else the only one with this first name.

    :class:`NotFound` when nobody has it; :class:`InvalidInput` when a first name alone
    fits several contacts.
    """
    contact = find_contact(session, clean_name(name))
    if contact is None:
        contact = _by_first_name(session, name)
    if contact is None:
        similar = similar_contacts(session, name)
        hint = f"did you mean {' or '.join(similar)}?" if similar else "see `giveback contacts`"
        raise NotFound(f"no contact named {name!r}; {hint}")
    return contact


def find_or_create_contact(session: Session, name: str) -> tuple[Contact, bool]:
    """The contact with this name or alias, created if new; ``(contact, created)``.

    Validates the name first (non-empty, at most ``max_name_chars``). A new contact is added to
    the session and flushed, not committed: the caller owns the transaction.
    """
    cleaned = clean_name(name)
    existing = find_contact(session, cleaned)
    if existing is not None:
        return existing, False
    contact = Contact(name=cleaned, name_key=name_key(cleaned), aliases=[], tags=[])
    session.add(contact)
    session.flush()
    return contact, True


def upsert_contact(
    session: Session,
    name: str,
    *,
    aliases: Sequence[str] = (),
    email: str | None = None,
    tags: Sequence[str] = (),
    tier: Any = None,
) -> Contact:
    """Create a contact or merge new details into the existing one (aliases and tags unite).

    Everything is validated before anything is written.
    """
    cleaned = clean_name(name)
    new_aliases = clean_aliases(aliases, cleaned)
    new_tags = [" ".join(str(t).split()) for t in tags if str(t).strip()]
    new_tier = clean_tier(tier)
    new_email = email.strip() if isinstance(email, str) and email.strip() else None
    if any(NUL in text for text in (*new_tags, new_email or "")):
        raise InvalidInput("a tag or the email contains a NUL character (\\x00)")
    contact, _ = find_or_create_contact(session, cleaned)
    merged_aliases = clean_aliases([*(contact.aliases or []), *new_aliases], contact.name)
    if merged_aliases != contact.aliases:
        contact.aliases = merged_aliases
    merged_tags = list(dict.fromkeys([*(contact.tags or []), *new_tags]))
    if merged_tags != contact.tags:
        contact.tags = merged_tags
    if new_email:
        contact.email = new_email
    if new_tier is not None:
        contact.tier = new_tier
    session.flush()
    return contact


def list_contacts(session: Session, ids: Sequence[int] | None = None) -> list[ContactSummary]:
    """Every contact (or those of ``ids``), by name, with note and signal counts and the date
    of the last note."""
    note_stats = (
        select(
            Note.contact_id.label("contact_id"),
            func.count(Note.id).label("notes"),
            func.max(Note.note_date).label("last_note"),
        )
        .group_by(Note.contact_id)
        .subquery()
    )
    signal_counts = (
        select(SignalRow.contact_id.label("contact_id"), func.count(SignalRow.id).label("signals"))
        .group_by(SignalRow.contact_id)
        .subquery()
    )
    query = (
        select(Contact, note_stats.c.notes, note_stats.c.last_note, signal_counts.c.signals)
        .outerjoin(note_stats, note_stats.c.contact_id == Contact.id)
        .outerjoin(signal_counts, signal_counts.c.contact_id == Contact.id)
        .order_by(Contact.name_key)
    )
    if ids is not None:
        query = query.where(Contact.id.in_(list(ids)))
    rows = session.execute(query)
    return [
        ContactSummary(
            id=contact.id,
            name=contact.name,
            aliases=tuple(contact.aliases or ()),
            email=contact.email,
            tags=tuple(contact.tags or ()),
            tier=contact.tier,
            notes=notes or 0,
            signals=signals or 0,
            last_note=last_note,
        )
        for contact, notes, last_note, signals in rows
    ]


def import_contacts_jsonl(session: Session, path: str | os.PathLike[str]) -> int:
    """Create or update contacts from JSON Lines (``name, aliases, email, tags, tier``).

    All lines are validated before any is stored; returns how many contacts were read.
    """

    source = source_name(path)
    records: list[dict[str, Any]] = []
    for number, line in enumerate(read_text(path, 64 * 1024 * 1024).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = parse_json(line)
            if not isinstance(record, dict):
                raise ValueError("each line must be an object with a name")
            clean_name(record.get("name") or "")
            clean_aliases(record.get("aliases") or [], record["name"])
            clean_tier(record.get("tier"))
        except (ValueError, GivebackError) as exc:
            raise ImportRefused(
                f"{source} refused, nothing imported: line {number}: {exc}"
            ) from None
        records.append(record)
    try:
        for record in records:
            upsert_contact(
                session,
                record["name"],
                aliases=record.get("aliases") or (),
                email=record.get("email"),
                tags=record.get("tags") or (),
                tier=record.get("tier"),
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(records)
