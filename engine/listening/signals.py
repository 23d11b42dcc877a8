"""Stored signals: reading them back with their effective status, and their closures.

A later note can close a signal (the listener decides which sentence closes which earlier
signal, and how): the closure is stored on the signal, so every reader (``giveback signals``,
the API, the web page, the ranker, the digest) sees the same decision. The user can take a
wrong closure back (:func:`reopen_signal`); listening to that note again never repeats it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from giveback.core.domain import About, Closure, OpenSignal, SignalKind
from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import CLOSURE_COLUMNS, Contact, Note, SignalRow

OPEN_STATUSES = ("active", "hedged")
# The most open signals of a contact a new note is checked against (the newest ones).
MAX_OPEN_SIGNALS = 80


@dataclass(frozen=True, slots=True)
class ClosedBy:
    """The sentence of a later note that closed a signal, and how."""

    note_id: int
    note_date: date
    evidence: str
    start: int
    end: int
    how: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "note_id": self.note_id,
            "note_date": self.note_date.isoformat(),
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "how": self.how,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class StoredSignal:
    """A stored signal as callers read it: with its note, and its status as of now."""

    id: int
    note_id: int
    note_date: date
    contact_id: int
    kind: str
    phrase: str
    evidence: str
    start: int
    end: int
    about: str
    who: str | None
    heard_status: str
    status: str
    confidence: float
    event_date: date | None
    closed_by: ClosedBy | None
    extractor_version: str
    # Heard only as the closing sentence of an earlier signal, restating that it was met.
    restates_closure: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``status`` is the effective one, ``heard_status`` the note's."""
        return {
            "id": self.id,
            "note_id": self.note_id,
            "note_date": self.note_date.isoformat(),
            "kind": self.kind,
            "phrase": self.phrase,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "about": self.about,
            "who": self.who,
            "status": self.status,
            "heard_status": self.heard_status,
            "confidence": round(self.confidence, 3),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "closed_by": self.closed_by.to_dict() if self.closed_by else None,
            "restates_closure": self.restates_closure,
            "extractor_version": self.extractor_version,
        }


_Closer = aliased(Note)


def _query() -> Any:
    return (
        select(SignalRow, Note.note_date, _Closer.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .outerjoin(_Closer, _Closer.id == SignalRow.closed_by_note_id)
    )


def signals_for(
    session: Session, contact: Contact | int, kinds: Iterable[str] | None = None
) -> list[StoredSignal]:
    """The signals of a contact's relationship, oldest note first, with effective status
    (``resolved`` or ``negated`` once a later note closed it)."""
    contact_id = contact if isinstance(contact, int) else contact.id
    query = (
        _query()
        .where(SignalRow.contact_id == contact_id)
        .order_by(Note.note_date, Note.id, SignalRow.start, SignalRow.id)
    )
    if kinds is not None:
        query = query.where(SignalRow.kind.in_(list(kinds)))
    return [_stored(*found) for found in session.execute(query)]


def signals_of_note(session: Session, note_id: int) -> list[StoredSignal]:
    """The stored signals of one note, in text order, with effective status."""
    query = _query().where(SignalRow.note_id == note_id).order_by(SignalRow.start, SignalRow.id)
    return [_stored(*found) for found in session.execute(query)]


def get_signal(session: Session, signal_id: int) -> StoredSignal | None:
    """One stored signal with its effective status, or ``None``."""
    found = session.execute(_query().where(SignalRow.id == signal_id)).first()
    return _stored(*found) if found is not None else None


def list_signals(
    session: Session,
    *,
    kind: str | None = None,
    contact_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[StoredSignal]]:
    """A page of signals, newest note first, and how many match in all."""
    where = []
    if kind is not None:
        where.append(SignalRow.kind == kind)
    if contact_id is not None:
        where.append(SignalRow.contact_id == contact_id)
    total = session.scalar(select(func.count(SignalRow.id)).where(*where)) or 0
    query = (
        _query()
        .where(*where)
        .order_by(Note.note_date.desc(), Note.id.desc(), SignalRow.start)
        .limit(limit)
        .offset(offset)
    )
    return total, [_stored(*found) for found in session.execute(query)]


def _stored(row: SignalRow, note_date: date, closed_on: date | None) -> StoredSignal:
    closed = None
    if row.closed_by_note_id is not None and closed_on is not None:
        closed = ClosedBy(
            row.closed_by_note_id,
            closed_on,
            row.closed_evidence or "",
            row.closed_start or 0,
            row.closed_end or 0,
            row.closed_how or "met",
            row.closed_confidence or 0.0,
        )
    return StoredSignal(
        id=row.id,
        note_id=row.note_id,
        note_date=note_date,
        contact_id=row.contact_id,
        kind=row.kind,
        phrase=row.phrase,
        evidence=row.evidence,
        start=row.start,
        end=row.end,
        about=row.about,
        who=row.who,
        heard_status=row.status,
        status=row.effective_status,
        confidence=row.confidence,
        event_date=row.event_date,
        closed_by=closed,
        extractor_version=row.extractor_version,
        restates_closure=bool(row.restates_closure),
    )


def open_signals_before(session: Session, note: Note) -> tuple[OpenSignal, ...]:
    """The signals of the note's contact, from earlier notes, that still hold and that this
    note may close: not negated or resolved as heard, not closed by another note, and not
    reopened by the user after this very note had closed them. The newest come last."""
    earlier = or_(
        Note.note_date < note.note_date, (Note.note_date == note.note_date) & (Note.id < note.id)
    )
    rows = session.execute(
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(
            SignalRow.contact_id == note.contact_id,
            SignalRow.note_id != note.id,
            earlier,
            SignalRow.status.in_(OPEN_STATUSES),
            or_(SignalRow.closed_by_note_id.is_(None), SignalRow.closed_by_note_id == note.id),
            or_(SignalRow.reopened_note_id.is_(None), SignalRow.reopened_note_id != note.id),
        )
        .order_by(Note.note_date.desc(), Note.id.desc(), SignalRow.start.desc())
        .limit(MAX_OPEN_SIGNALS)
    ).all()
    return tuple(
        OpenSignal(row.id, SignalKind(row.kind), row.phrase, row.evidence, About(row.about), day)
        for row, day in reversed(rows)
    )


def save_closures(session: Session, note: Note, closures: Iterable[Closure]) -> int:
    """Record what this note closes (its earlier closures replaced); flushes, returns how many.

    Only the note's own contact's earlier signals that were offered to the listener can be
    closed; anything else the listener returns is ignored.
    """
    allowed = {s.id for s in open_signals_before(session, note)}
    session.execute(
        update(SignalRow)
        .where(SignalRow.closed_by_note_id == note.id)
        .values(dict.fromkeys(CLOSURE_COLUMNS)),
        execution_options={"synchronize_session": False},
    )
    made = 0
    for closure in closures:
        if closure.signal_id not in allowed:
            continue
        session.execute(
            update(SignalRow)
            .where(SignalRow.id == closure.signal_id)
            .values(
                closed_by_note_id=note.id,
                closed_start=closure.start,
                closed_end=closure.end,
                closed_evidence=closure.evidence,
                closed_how=closure.how.value,
                closed_confidence=closure.confidence,
            ),
            execution_options={"synchronize_session": False},
        )
        made += 1
    session.flush()
    return made


def reopen_signal(session: Session, signal_id: int) -> StoredSignal:
    """Take back the closure of a signal: it is open again, and the note that closed it will
    not close it again. Flushes; the caller commits."""
    row = session.get(SignalRow, signal_id)
    if row is None:
        raise NotFound(f"no signal {signal_id}")
    if row.closed_by_note_id is None:
        raise InvalidInput(f"signal {signal_id} is not closed by a later note; nothing to reopen")
    # The closing sentence heard as this signal met (or dropped) said only what the closure
    # said: it goes with it.
    session.execute(
        delete(SignalRow).where(
            SignalRow.note_id == row.closed_by_note_id,
            SignalRow.restates_closure.is_(True),
            SignalRow.kind == row.kind,
            SignalRow.phrase == row.phrase,
            SignalRow.start < (row.closed_end or 0),
            SignalRow.end > (row.closed_start or 0),
        ),
        execution_options={"synchronize_session": False},
    )
    row.reopened_note_id = row.closed_by_note_id
    for column in CLOSURE_COLUMNS:
        setattr(row, column, None)
    session.flush()
    stored = get_signal(session, signal_id)
    assert stored is not None
    return stored
