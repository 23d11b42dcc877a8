"""Bulk import of notes from JSON Lines, a JSON array, or CSV (keys ``contact, date, text, id``).

The whole file is read and validated before anything is stored: a file with a bad row is
refused with the line and what is wrong, and nothing from it is written. Good files are stored
in one transaction, then processed in batches. Re-importing never duplicates: a row with an
``id`` is recognised by it, a row without one by the hash of its contact, date and text.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import GivebackError, ImportRefused
from giveback.core.tables import Note
from giveback.core.textio import JSONTooDeep, clean_note_text, parse_json, read_text, source_name
from giveback.engine.contacts.store import (
    ContactIndex,
    clean_name,
    find_or_create_contact,
    name_key,
)
from giveback.engine.listening.notes import (
    DEFAULT_BATCH_SIZE,
    NoteListener,
    ProcessReport,
    Progress,
    current_extractor_version,
    note_hash,
    parse_note_date,
    process_notes,
)

MAX_IMPORT_BYTES = 512 * 1024 * 1024
_SHOWN_PROBLEMS = 3
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One validated row of an import file."""

    where: str
    contact: str
    note_date: date
    text: str
    external_id: str | None


def _records_jsonl(text: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", parse_json(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})")
        except JSONTooDeep as exc:
            yield f"line {number}", exc


def _records_json_array(text: str) -> Iterator[tuple[str, Any]]:
    try:
        data = parse_json(text)
    except json.JSONDecodeError as exc:
        yield f"line {exc.lineno}", ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})")
        return
    except JSONTooDeep as exc:
        yield "line 1", exc
        return
    if not isinstance(data, list):
        yield "line 1", ValueError("a JSON file must hold an array of notes")
        return
    for number, record in enumerate(data, start=1):
        yield f"record {number}", record


def _records_csv(text: str) -> Iterator[tuple[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        return
    keys = [(k or "").strip().casefold() for k in reader.fieldnames]
    missing = [k for k in ("contact", "text") if k not in keys]
    if missing:
        found = ", ".join(k for k in keys if k) or "none"
        yield (
            "line 1",
            ValueError(f"CSV header lacks {', '.join(missing)} (columns found: {found})"),
        )
        return
    reader.fieldnames = keys
    try:
        for record in reader:
            if None in record:
                yield f"line {reader.line_num}", ValueError("more fields than the header has")
                continue
            if not any((v or "").strip() for v in record.values()):
                continue
            yield f"line {reader.line_num}", record
    except csv.Error as exc:
        yield f"line {reader.line_num}", ValueError(f"not valid CSV ({exc})")


def _records(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        return _records_csv(text)
    if suffix in (".jsonl", ".ndjson"):
        return _records_jsonl(text)
    if suffix == ".json" or text.lstrip().startswith("["):
        return _records_json_array(text)
    if text.lstrip().startswith("{"):
        return _records_jsonl(text)
    return _records_csv(text)


def _row(where: str, record: Any) -> NoteRow:
    if isinstance(record, Exception):
        raise record
    if not isinstance(record, dict):
        raise ValueError("each note must be an object with contact, date and text")
    record = {str(k).strip().casefold(): v for k, v in record.items()}
    raw_id = record.get("id")
    external_id = None if raw_id is None or str(raw_id).strip() == "" else str(raw_id).strip()
    if record.get("date") in (None, ""):
        raise ValueError("date is missing (write it like 2024-05-31)")
    return NoteRow(
        where=where,
        contact=clean_name(record.get("contact") or ""),
        note_date=parse_note_date(record.get("date")),
        text=clean_note_text(record.get("text") or ""),
        external_id=external_id,
    )


def read_note_rows(path: str | os.PathLike[str]) -> list[NoteRow]:
    """Every row of an import file, validated; :class:`ImportRefused` naming every bad line."""
    source = source_name(path)
    text = read_text(path, MAX_IMPORT_BYTES)
    rows: list[NoteRow] = []
    problems: list[str] = []
    for where, record in _records(Path(path), text):
        try:
            rows.append(_row(where, record))
        except (ValueError, GivebackError) as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        shown = "; ".join(problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        raise ImportRefused(f"{source} refused, nothing imported: {shown}{tail}")
    if not rows:
        raise ImportRefused(f"{source} holds no notes (expected keys contact, date, text)")
    return rows


@dataclass
class ImportReport:
    """What an import did."""

    rows: int = 0
    added: int = 0
    duplicates: int = 0
    new_contacts: int = 0
    note_ids: list[int] = field(default_factory=list)
    processing: ProcessReport = field(default_factory=ProcessReport)


def _existing(session: Session, column: Any, values: list[str]) -> dict[str, Note]:
    found: dict[str, Note] = {}
    for i in range(0, len(values), _CHUNK):
        chunk = values[i : i + _CHUNK]
        for note in session.scalars(select(Note).where(column.in_(chunk))):
            found[getattr(note, column.key)] = note
    return found


def store_rows(session: Session, rows: list[NoteRow], source: str) -> ImportReport:
    """Store new rows in one transaction (all or nothing); returns ids to process.

    Already stored notes that were never processed are returned too, so importing a file
    again finishes an import that was interrupted.
    """
    report = ImportReport(rows=len(rows))
    try:
        index = ContactIndex.load(session)
        by_id = _existing(session, Note.external_id, [r.external_id for r in rows if r.external_id])
        keyed: list[tuple[NoteRow, str]] = []
        for row in rows:
            contact_id = index.lookup(row.contact)
            key = index.ref(contact_id).name if contact_id is not None else row.contact
            keyed.append((row, note_hash(name_key(key), row.note_date, row.text)))
        by_hash = _existing(session, Note.content_hash, [h for r, h in keyed if not r.external_id])
        seen: set[str] = set()
        for row, digest in keyed:
            marker = f"id:{row.external_id}" if row.external_id else f"hash:{digest}"
            existing = by_id.get(row.external_id) if row.external_id else by_hash.get(digest)
            if marker in seen or existing is not None:
                report.duplicates += 1
                if existing is not None and existing.processed_at is None:
                    report.note_ids.append(existing.id)
                continue
            seen.add(marker)
            contact, created = find_or_create_contact(session, row.contact)
            if created:
                index.add(contact)
                report.new_contacts += 1
            note = Note(
                contact_id=contact.id,
                note_date=row.note_date,
                text=row.text,
                source=source,
                external_id=row.external_id,
                content_hash=digest,
            )
            session.add(note)
            session.flush()
            report.note_ids.append(note.id)
            report.added += 1
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return report


def import_notes(
    session: Session,
    path: str | os.PathLike[str],
    listener: NoteListener,
    version: str | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, validate, store (committed), then process the notes of an import file.

    Callers that want a progress bar sized to the work can run the three steps themselves:
    :func:`read_note_rows`, :func:`store_rows`,
    :func:`giveback.engine.listening.notes.process_notes`.
    """
    rows = read_note_rows(path)
    report = store_rows(session, rows, source=f"import:{Path(path).name}")
    if report.note_ids:
        report.processing = process_notes(
            session,
            report.note_ids,
            listener,
            version or current_extractor_version(),
            batch_size=batch_size,
            progress=progress,
        )
    return report
