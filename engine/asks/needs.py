"""The user's own needs: typed in (``giveback need add``) or heard in notes, and when they close.

A need heard in a note is a signal about the user ("I'm still looking for a bookkeeper"). It
becomes a row of ``needs`` the first time needs are read (:func:`sync_heard_needs`), and keeps
its id and state when the note is heard again: the row follows the signal by its note and its
evidence. A need closes when the user says so (:func:`mark_done`), when the closure model
closes its signal, or when a later note says the user's need was met
(:func:`close_met_needs`: a resolved need about the user, close in meaning to the open one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Note, SignalRow, UserNeed
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors

MAX_NEED_CHARS = 500
# A resolved need about the user closes an open need at least this close in meaning.
MET_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True)
class Need:
    """One of the user's needs, open or done."""

    id: int
    text: str
    need_date: date
    source: str
    evidence: str | None = None
    note_id: int | None = None
    done_on: date | None = None
    done_evidence: str | None = None

    @property
    def is_open(self) -> bool:
        """Not done yet."""
        return self.done_on is None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "text": self.text,
            "date": self.need_date.isoformat(),
            "source": self.source,
            "evidence": self.evidence,
            "note_id": self.note_id,
            "status": "open" if self.is_open else "done",
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "done_evidence": self.done_evidence,
        }


def _need(row: UserNeed) -> Need:
    return Need(
        row.id,
        row.text,
        row.need_date,
        row.source,
        row.evidence,
        row.note_id,
        row.done_on,
        row.done_evidence,
    )


def clean_need_text(text: str) -> str:
    """A need as typed, stripped and on one line; refuses an empty or overlong one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput("a need needs some text: what do you need?")
    if len(cleaned) > MAX_NEED_CHARS:
        raise InvalidInput(f"a need is at most {MAX_NEED_CHARS} characters (got {len(cleaned)})")
    return cleaned


def add_need(session: Session, text: str, day: date) -> Need:
    """Store a need the user typed; flushes, the caller commits."""
    row = UserNeed(text=clean_need_text(text), need_date=day, source="manual")
    session.add(row)
    session.flush()
    return _need(row)


def get_need(session: Session, need_id: int) -> Need:
    """One need by id, or :class:`NotFound`."""
    row = session.get(UserNeed, need_id)
    if row is None:
        raise NotFound(f"no need with id {need_id} (see `giveback need list`)")
    return _need(row)


def mark_done(session: Session, need_id: int, day: date, evidence: str = "done") -> Need:
    """Close a need (idempotent: a done need keeps the day it was first done)."""
    row = session.get(UserNeed, need_id)
    if row is None:
        raise NotFound(f"no need with id {need_id} (see `giveback need list`)")
    if row.done_on is None:
        row.done_on = day
        row.done_evidence = evidence
        session.flush()
    return _need(row)


def heard_need_text(phrase: str, evidence: str) -> str:
    """A need heard in a note, as the user would type it: the phrase and what follows it in
    the clause ("bookkeeper for the studio" of "I'm still looking for a bookkeeper for the
    studio"), not the bare phrase ("bookkeeper")."""
    at = evidence.lower().find(phrase.lower())
    if at < 0:
        return phrase
    return evidence[at:].strip().rstrip(".!?;:,)]\"'") or phrase


def sync_heard_needs(session: Session) -> int:
    """Make a row for every need about the user heard in a note, and close the rows whose
    signal a later note closed; returns how many rows were added. Idempotent."""
    heard = session.execute(
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(SignalRow.kind == "need", SignalRow.about == "user", SignalRow.status == "active")
        .order_by(Note.note_date, SignalRow.id)
    ).all()
    if not heard:
        return 0
    rows = list(session.scalars(select(UserNeed).where(UserNeed.source == "note")))
    by_signal = {r.signal_id: r for r in rows if r.signal_id is not None}
    by_place = {(r.note_id, r.evidence): r for r in rows if r.signal_id is None}
    added = 0
    for signal, note_date in heard:
        row = by_signal.get(signal.id) or by_place.pop((signal.note_id, signal.evidence), None)
        if row is None:
            row = UserNeed(
                text=heard_need_text(signal.phrase, signal.evidence),
                need_date=note_date,
                source="note",
                note_id=signal.note_id,
                evidence=signal.evidence,
            )
            session.add(row)
            added += 1
        row.signal_id = signal.id
        if signal.closed_by_note_id is not None and row.done_on is None:
            closer = session.get(Note, signal.closed_by_note_id)
            row.done_on = closer.note_date if closer is not None else note_date
            row.done_evidence = signal.closed_evidence or "closed by a later note"
    session.flush()
    return added


def close_met_needs(session: Session, encoder: Callable[[], Encoder], as_of: date) -> int:
    """Close open needs that a later note says were met: a need about the user heard as
    resolved ("found an accountant at last"), on or after the need's date and close in
    meaning. ``encoder`` is called only when there is something to compare. Returns how
    many needs were closed."""
    open_rows = list(session.scalars(select(UserNeed).where(UserNeed.done_on.is_(None))))
    if not open_rows:
        return 0
    met = session.execute(
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(
            SignalRow.kind == "need",
            SignalRow.about == "user",
            SignalRow.status == "resolved",
            Note.note_date <= as_of,
        )
    ).all()
    if not met:
        return 0
    model = encoder()
    need_vecs = cached_vectors(session, model, [r.text for r in open_rows])
    met_vecs = cached_vectors(session, model, [s.phrase for s, _ in met])
    closed = 0
    for row, vec in zip(open_rows, need_vecs, strict=True):
        sims = met_vecs @ vec
        for k in np.argsort(-sims):
            signal, day = met[int(k)]
            if sims[k] < MET_SIMILARITY:
                break
            if day >= row.need_date and signal.note_id != row.note_id:
                row.done_on = day
                row.done_evidence = signal.evidence
                closed += 1
                break
    session.flush()
    return closed


def list_needs(session: Session, include_done: bool = False) -> list[Need]:
    """The user's needs, newest first: open ones only unless ``include_done``."""
    query = select(UserNeed).order_by(UserNeed.need_date.desc(), UserNeed.id.desc())
    if not include_done:
        query = query.where(UserNeed.done_on.is_(None))
    return [_need(r) for r in session.scalars(query)]


def open_needs(
    session: Session, encoder: Callable[[], Encoder], as_of: date, ids: Sequence[int] = ()
) -> list[Need]:
    """The open needs as of a day (typed or heard on or before it), after hearing which notes
    closed which; only ``ids`` when given (each must exist)."""
    sync_heard_needs(session)
    close_met_needs(session, encoder, as_of)
    needs = [n for n in list_needs(session) if n.need_date <= as_of]
    if ids:
        for need_id in ids:
            get_need(session, need_id)
        needs = [n for n in needs if n.id in set(ids)]
    return needs
