"""Notes: validate, store, then listen.

A note is committed before it is processed, so a crash or a failing model never loses what the
user wrote. Processing replaces a note's signals and mentions in one transaction, stamped with
the extractor version, so re-processing is idempotent and a better extractor can re-run over
old notes (:func:`stale_note_ids`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from giveback.core.dates import check_day
from giveback.core.domain import About, Extraction, NoteInput, SignalKind, Status
from giveback.core.errors import InvalidInput, ModelUnavailable
from giveback.core.tables import CLOSURE_COLUMNS, Contact, MentionRow, Note, SignalRow, utcnow
from giveback.core.textio import clean_note_text
from giveback.engine.contacts.relationship import signal_contact_id
from giveback.engine.contacts.store import (
    ContactIndex,
    clean_name,
    find_contact,
    find_or_create_contact,
)
from giveback.engine.listening.signals import (
    StoredSignal,
    open_signals_before,
    save_closures,
    signals_of_note,
)
from giveback.pipelines.learned import extractor_version

Progress = Callable[[int], None]
DEFAULT_BATCH_SIZE = 64


@runtime_checkable
class NoteListener(Protocol):
    """What the engine needs of a listener: many notes in, one extraction per note out."""

    def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
        """Extract every note, in order."""
        ...


def current_extractor_version() -> str:
    """The version of the listener the settings ask for (its trained models' included)."""
    return extractor_version()


def parse_note_date(value: str | date | None, default: date | None = None) -> date:
    """A date from ``YYYY-MM-DD`` (or an ISO timestamp); ``default`` or today if empty.

    Every date a user gives (a note's, ``--as-of``, ``--until``, ...) is parsed here, so one
    range holds everywhere: a date outside 1900-01-01..2999-12-31 is :class:`InvalidInput`.
    """
    if isinstance(value, datetime):
        return check_day(value.date())
    if isinstance(value, date):
        return check_day(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return check_day(default or date.today())
    if not isinstance(value, str | int):
        # A JSON list or object: never a date (and its repr may be huge).
        raise InvalidInput(f"date must be written like 2024-05-31, not a {type(value).__name__}")
    raw = str(value).strip()
    try:
        return check_day(date.fromisoformat(raw))
    except ValueError:
        pass
    try:
        return check_day(datetime.fromisoformat(raw).date())
    except ValueError:
        raise InvalidInput(f"date {raw[:40]!r} is not a date like 2024-05-31") from None


def note_hash(contact_key: str, note_date: date, text: str) -> str:
    """The content hash that recognises a note already stored: contact, date and text."""
    payload = "\n".join((contact_key, note_date.isoformat(), " ".join(text.split())))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredNote:
    """A note after :func:`store_note`: its id, and whether it was already in the store."""

    note_id: int
    contact_id: int
    contact_name: str
    note_date: date
    duplicate: bool
    contact_created: bool


def store_note(
    session: Session,
    contact_name: str,
    text: str,
    note_date: date | str | None = None,
    *,
    source: str = "cli",
    external_id: str | None = None,
) -> StoredNote:
    """Validate and commit one note (creating its contact if new); nothing is processed yet.

    Everything is validated before anything is written. A note with the same contact, date and
    text (or the same ``external_id``) is not stored twice: the stored one is returned.
    """
    cleaned_name = clean_name(contact_name)
    cleaned_text = clean_note_text(text)
    day = parse_note_date(note_date)
    try:
        contact = find_contact(session, cleaned_name)
        if contact is not None:
            existing = _find_duplicate(
                session, contact, note_hash(contact.name_key, day, cleaned_text), external_id
            )
            if existing is not None:
                return StoredNote(existing.id, contact.id, contact.name, day, True, False)
        contact, created = find_or_create_contact(session, cleaned_name)
        note = Note(
            contact_id=contact.id,
            note_date=day,
            text=cleaned_text,
            source=source,
            external_id=external_id,
            content_hash=note_hash(contact.name_key, day, cleaned_text),
        )
        session.add(note)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return StoredNote(note.id, contact.id, contact.name, day, False, created)


def _find_duplicate(
    session: Session, contact: Contact, content_hash: str, external_id: str | None
) -> Note | None:
    if external_id is not None:
        return session.scalar(select(Note).where(Note.external_id == external_id))
    return session.scalar(
        select(Note)
        .where(Note.contact_id == contact.id, Note.content_hash == content_hash)
        .order_by(Note.id)
        .limit(1)
    )


@dataclass
class ProcessReport:
    """What processing a set of notes did."""

    processed: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    warnings: dict[int, tuple[str, ...]] = field(default_factory=dict)
    signals: int = 0


# Columns of a signal that later notes and the user decide, not this note's own listening.
_KEPT = (
    SignalRow.kind,
    SignalRow.start,
    SignalRow.end,
    *(getattr(SignalRow, column) for column in CLOSURE_COLUMNS),
    SignalRow.reopened_note_id,
)


def _kept_for(new: dict[str, Any], gone: Iterable[Any]) -> dict[str, Any]:
    """The closure and reopen marks of a departing old signal of the same kind over
    overlapping words, for the new signal that takes its place (none if there is none)."""
    for row in gone:
        if row.kind == new["kind"] and min(row.end, new["end"]) > max(row.start, new["start"]):
            return {column.key: getattr(row, column.key) for column in _KEPT[3:]}
    return {}


def _save_extraction(
    session: Session, note: Note, extraction: Extraction, index: ContactIndex, version: str
) -> int:
    """Store what was heard in a note, in one transaction; returns the signal count.

    A signal heard again (same kind over the same words) keeps its row, so its id and what
    later notes and the user decided about it (closures, reopenings) stay; the rest of the
    note's old signals go, and new ones are added, taking over those decisions from an old
    signal of the same kind over overlapping words.
    """
    try:
        old = {
            (row.kind, row.start, row.end): row
            for row in session.execute(select(*_KEPT, SignalRow.id).where(
                SignalRow.note_id == note.id)).all()
        }  # fmt: skip
        session.execute(
            delete(MentionRow).where(MentionRow.note_id == note.id),
            execution_options={"synchronize_session": False},
        )
        # Plain multi-row statements: the rows are not used as objects in this session, and
        # the unit of work costs more than listening's own bookkeeping for a note of 20 signals.
        linked: list[tuple[MentionRow, int]] = []
        mention_rows = []
        for mention in extraction.mentions:
            contact_id = index.lookup(mention.contact_name)
            if contact_id is None and mention.label == "PERSON":
                contact_id = index.lookup(mention.text)
            row = {
                "note_id": note.id,
                "text": mention.text,
                "label": mention.label,
                "start": mention.start,
                "end": mention.end,
                "contact_id": contact_id,
            }
            mention_rows.append(row)
            if contact_id is not None:
                linked.append((MentionRow(**row), contact_id))
        updates, inserts = [], []
        for signal in extraction.signals:
            values = {
                "contact_id": signal_contact_id(signal, note.text, note.contact_id, linked, index),
                "phrase": signal.phrase,
                "evidence": signal.evidence,
                "about": About(signal.about).value,
                "who": signal.who,
                "status": Status(signal.status).value,
                "confidence": float(signal.confidence),
                "event_date": signal.event_date,
                "restates_closure": signal.restates_closure,
                "extractor_version": version,
            }
            same = old.pop((SignalKind(signal.kind).value, signal.start, signal.end), None)
            if same is not None:
                updates.append({"id": same.id, **values})
            else:
                inserts.append({"note_id": note.id, "kind": SignalKind(signal.kind).value,
                                "start": signal.start, "end": signal.end, **values})  # fmt: skip
        for row in inserts:
            row.update(_kept_for(row, old.values()))
        if old:
            session.execute(
                delete(SignalRow).where(SignalRow.id.in_([r.id for r in old.values()])),
                execution_options={"synchronize_session": False},
            )
        if updates:
            session.execute(update(SignalRow), updates)
        if mention_rows:
            session.execute(insert(MentionRow), mention_rows)
        if inserts:
            session.execute(insert(SignalRow), inserts)
        session.expire_all()
        note.processed_at = utcnow()
        note.extractor_version = version
        note.error = None
        session.flush()
        save_closures(session, note, extraction.closures)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(extraction.signals)


def _record_failure(session: Session, note_ids: Iterable[int], error: str) -> None:
    for note in session.scalars(select(Note).where(Note.id.in_(list(note_ids)))):
        note.error = error[:2000]
    session.commit()


def _describe(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _listen(
    session: Session, listener: NoteListener, notes: list[Note], index: ContactIndex
) -> list[tuple[Note, Extraction | BaseException]]:
    """Extract a batch; if the batch fails, each note alone, so one bad note fails alone.

    Each note is heard with its contact's signals of earlier notes that still hold, so that it
    can close them (a batch holds at most one note per contact: see :func:`_batches`).
    """
    known = index.refs()
    inputs = [
        NoteInput(
            text=n.text,
            note_date=n.note_date,
            contact=index.ref(n.contact_id),
            known_contacts=known,
            open_signals=open_signals_before(session, n),
        )
        for n in notes
    ]
    try:
        extractions = listener.listen_many(inputs)
        if len(extractions) != len(inputs):
            raise RuntimeError(f"listener returned {len(extractions)} results for {len(inputs)}")
        return list(zip(notes, extractions, strict=True))
    except ModelUnavailable:
        raise
    except Exception as exc:
        if len(notes) == 1:
            return [(notes[0], exc)]
    return [pair for note in notes for pair in _listen(session, listener, [note], index)]


def _in_order(session: Session, note_ids: Sequence[int]) -> list[Note]:
    """The notes, and every later note of their contacts, oldest first.

    A note may close what earlier notes said, so notes are heard in date order; and a new note
    dated before notes already heard makes those later notes be heard again (what they close
    may now include this note's signals).
    """
    notes = list(session.scalars(select(Note).where(Note.id.in_(list(note_ids)))))
    first: dict[int, tuple[date, int]] = {}
    for note in notes:
        if note.processed_at is not None:
            continue  # heard before: what later notes closed in it is kept (see _KEPT)
        key = (note.note_date, note.id)
        first[note.contact_id] = min(first.get(note.contact_id, key), key)
    later = []
    if first:
        later = [
            n
            for n in session.scalars(
                select(Note).where(
                    Note.contact_id.in_(list(first)),
                    Note.processed_at.is_not(None),
                    Note.id.not_in([n.id for n in notes]),
                )
            )
            if (n.note_date, n.id) > first[n.contact_id]
        ]
    return sorted([*notes, *later], key=lambda n: (n.note_date, n.id))


def _batches(notes: Sequence[Note], size: int) -> list[list[Note]]:
    """Consecutive batches of at most ``size`` notes and at most one note per contact, so that
    each note is heard after the earlier notes of its contact are stored."""
    batches: list[list[Note]] = []
    current: list[Note] = []
    contacts: set[int] = set()
    for note in notes:
        if len(current) >= size or note.contact_id in contacts:
            batches.append(current)
            current, contacts = [], set()
        current.append(note)
        contacts.add(note.contact_id)
    if current:
        batches.append(current)
    return batches


def process_notes(
    session: Session,
    note_ids: Sequence[int],
    listener: NoteListener,
    version: str | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> ProcessReport:
    """Listen to stored notes in batches and store what was heard, one transaction per note.

    A note the listener fails on keeps its text and gets its ``error`` recorded (and stays
    unprocessed, so :func:`stale_note_ids` finds it again). If the model itself is missing,
    the current batch is marked and :class:`ModelUnavailable` propagates.
    """
    version = version or current_extractor_version()
    report = ProcessReport()
    index = ContactIndex.load(session)
    for notes in _batches(_in_order(session, list(dict.fromkeys(note_ids))), batch_size):
        batch_ids = [n.id for n in notes]
        try:
            results = _listen(session, listener, notes, index)
        except ModelUnavailable as exc:
            _record_failure(session, batch_ids, _describe(exc))
            raise
        for note, result in results:
            if isinstance(result, BaseException):
                report.failed[note.id] = _describe(result)
                _record_failure(session, [note.id], _describe(result))
                continue
            try:
                report.signals += _save_extraction(session, note, result, index, version)
            except (ValueError, IntegrityError) as exc:
                # Output the store cannot hold (an unknown kind, say) fails this note only.
                report.failed[note.id] = _describe(exc)
                _record_failure(session, [note.id], _describe(exc))
                continue
            report.processed += 1
            if result.warnings:
                report.warnings[note.id] = tuple(result.warnings)
        if progress is not None:
            progress(len(batch_ids))
    return report


def stale_note_ids(
    session: Session, version: str | None = None, everything: bool = False
) -> list[int]:
    """Notes to (re)process: never processed, failed, or processed by another extractor version."""
    query = select(Note.id).order_by(Note.id)
    if not everything:
        version = version or current_extractor_version()
        query = query.where(
            or_(
                Note.processed_at.is_(None),
                Note.error.is_not(None),
                Note.extractor_version.is_(None),
                Note.extractor_version != version,
            )
        )
    return list(session.scalars(query))


def reprocess(
    session: Session,
    listener: NoteListener,
    version: str | None = None,
    *,
    everything: bool = False,
    progress: Progress | None = None,
) -> ProcessReport:
    """Re-process every stale note (or every note): their signals are replaced, never doubled."""
    version = version or current_extractor_version()
    ids = stale_note_ids(session, version, everything)
    return process_notes(session, ids, listener, version, progress=progress)


@dataclass(frozen=True, slots=True)
class NoteOutcome:
    """A note added through :func:`add_note`, with what was heard in it."""

    stored: StoredNote
    signals: tuple[StoredSignal, ...]
    warnings: tuple[str, ...]
    error: str | None


def add_note(
    session: Session,
    contact_name: str,
    text: str,
    note_date: date | str | None,
    listener: NoteListener | Callable[[], NoteListener],
    version: str | None = None,
    *,
    source: str = "cli",
) -> NoteOutcome:
    """Store a note (committed first), then process it, unless an identical one was processed.

    ``listener`` may be a function that gives the listener: it is called after the note is
    stored, so a model that cannot load loses nothing. A listener failure does not lose the
    note either: the outcome carries the error and the note is picked up by the next
    :func:`reprocess`. A missing model raises :class:`ModelUnavailable`, the note stored.
    """
    stored = store_note(session, contact_name, text, note_date, source=source)
    note = session.get(Note, stored.note_id)
    assert note is not None
    try:
        version = version or current_extractor_version()
        if not isinstance(listener, NoteListener):
            listener = listener()
    except ModelUnavailable as exc:
        _record_failure(session, [note.id], _describe(exc))
        raise
    warnings: tuple[str, ...] = ()
    error: str | None = None
    if not stored.duplicate or note.processed_at is None or note.extractor_version != version:
        report = process_notes(session, [stored.note_id], listener, version)
        warnings = report.warnings.get(stored.note_id, ())
        error = report.failed.get(stored.note_id)
    return NoteOutcome(stored, tuple(signals_of_note(session, stored.note_id)), warnings, error)
