"""Stored signals: reading them back with their effective status, and the resolution rule.

The resolution rule: a need heard with status *resolved* ("update: she found a lawyer") also
resolves the same contact's earlier *active* or *hedged* needs whose phrase matches ("needs a
contracts lawyer"), by pointing their ``resolved_by_id`` at it. Needs never expire with time
alone; only a later note can close them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.tables import Contact, Note, SignalRow

_OPEN_STATUSES = ("active", "hedged")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Leading words that carry no meaning for matching ("a new lawyer" ~ "lawyer").
_LIGHT_WORDS = frozenset({
    "a", "an", "the", "some", "any", "her", "his", "their", "our", "my", "your", "its",
    "this", "that", "these", "those", "new", "good",
})  # fmt: skip
_INVARIANT = frozenset({
    "series", "species", "news", "physics", "economics", "analysis", "basis", "crisis",
})  # fmt: skip
_PREPOSITIONS = frozenset({
    "for", "to", "with", "on", "in", "at", "of", "about", "from", "into", "who", "that",
})  # fmt: skip
# Heads too generic to identify a need on their own: "marketing help" is not "hiring help".
_GENERIC_HEADS = frozenset({
    "help", "advice", "intro", "introduction", "recommendation", "rec", "support", "info",
    "information", "idea", "tip", "someone", "somebody", "person", "people", "thing", "stuff",
})  # fmt: skip


def singular(word: str) -> str:
    """A simple English singular: enough to match "lawyers" with "lawyer"."""
    if len(word) <= 3 or word in _INVARIANT or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalize_phrase(phrase: str) -> tuple[str, ...]:
    """The words of a phrase, lowercased and singularized, light leading words dropped."""
    words = [singular(w.casefold()) for w in _WORD.findall(phrase)]
    while len(words) > 1 and words[0] in _LIGHT_WORDS:
        words.pop(0)
    return tuple(words)


def _head(words: tuple[str, ...]) -> str | None:
    # The head is the last word before a prepositional tail: "lawyers for the MSA" -> lawyer.
    for i, word in enumerate(words):
        if i > 0 and word in _PREPOSITIONS:
            return words[i - 1]
    return words[-1] if words else None


def head_noun(phrase: str) -> str | None:
    """The head of a phrase: its last word, or the last before a preposition, normalized."""
    return _head(normalize_phrase(phrase))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def phrases_match(a: str, b: str) -> bool:
    """Whether two need phrases name the same need: same head noun, or one contains the other.

    Words are compared lowercased and singularized ("lawyers" ~ "lawyer").

    A generic head ("help", "advice", "intro") is not enough on its own: then one phrase must
    contain the other ("help" ~ "marketing help", but not "marketing help" ~ "hiring help").
    """
    words_a, words_b = normalize_phrase(a), normalize_phrase(b)
    if not words_a or not words_b:
        return False
    head = _head(words_a)
    if head == _head(words_b) and head not in _GENERIC_HEADS:
        return True
    if len(words_a) < len(words_b):
        words_a, words_b = words_b, words_a
    return _contains(words_a, words_b)


def apply_resolutions(session: Session, contact_ids: Iterable[int]) -> int:
    """Link every open need of these contacts to the first later resolved need that matches.

    "Earlier" means an earlier note date; within one note date, an earlier note; within one
    note, an earlier position. Safe to run again and again: links already made stay, and a
    need resolved once is never relinked. Returns how many links it made. Flushes, does not
    commit: it runs inside the caller's transaction.
    """
    made = 0
    for contact_id in sorted(set(contact_ids)):
        needs = session.execute(
            select(SignalRow, Note.note_date)
            .join(Note, Note.id == SignalRow.note_id)
            .where(SignalRow.contact_id == contact_id, SignalRow.kind == "need")
            .order_by(Note.note_date, Note.id, SignalRow.start, SignalRow.id)
        ).all()
        resolvers = [(i, row) for i, (row, _) in enumerate(needs) if row.status == "resolved"]
        if not resolvers:
            continue
        for position, (need, _) in enumerate(needs):
            if need.status not in _OPEN_STATUSES or need.resolved_by_id is not None:
                continue
            for resolver_position, resolver in resolvers:
                if resolver_position > position and phrases_match(need.phrase, resolver.phrase):
                    need.resolved_by_id = resolver.id
                    made += 1
                    break
    session.flush()
    return made


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
    resolved_by_id: int | None
    extractor_version: str

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
            "resolved_by": self.resolved_by_id,
            "extractor_version": self.extractor_version,
        }


def signals_for(
    session: Session, contact: Contact | int, kinds: Iterable[str] | None = None
) -> list[StoredSignal]:
    """The signals of a contact's relationship, oldest note first, with effective status.

    A signal's effective status is ``resolved`` once a later note resolved it
    (``resolved_by_id`` set); otherwise it is the status the note stated.
    """
    contact_id = contact if isinstance(contact, int) else contact.id
    query = (
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(SignalRow.contact_id == contact_id)
        .order_by(Note.note_date, Note.id, SignalRow.start, SignalRow.id)
    )
    if kinds is not None:
        query = query.where(SignalRow.kind.in_(list(kinds)))
    return [_stored(row, note_date) for row, note_date in session.execute(query)]


def signals_of_note(session: Session, note_id: int) -> list[StoredSignal]:
    """The stored signals of one note, in text order, with effective status."""
    query = (
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(SignalRow.note_id == note_id)
        .order_by(SignalRow.start, SignalRow.id)
    )
    return [_stored(row, note_date) for row, note_date in session.execute(query)]


def get_signal(session: Session, signal_id: int) -> StoredSignal | None:
    """One stored signal with its effective status, or ``None``."""
    found = session.execute(
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(SignalRow.id == signal_id)
    ).first()
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
        select(SignalRow, Note.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .where(*where)
        .order_by(Note.note_date.desc(), Note.id.desc(), SignalRow.start)
        .limit(limit)
        .offset(offset)
    )
    return total, [_stored(row, note_date) for row, note_date in session.execute(query)]


def _stored(row: SignalRow, note_date: date) -> StoredSignal:
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
        resolved_by_id=row.resolved_by_id,
        extractor_version=row.extractor_version,
    )


# Words that name the same ongoing matter however a note phrases it: a "job search is over"
# closes "looking for senior PM roles"; "not hiring" closes "hiring two engineers".
_TOPIC_FAMILIES = {
    "job": frozenset(
        {
            "job",
            "jobs",
            "role",
            "roles",
            "position",
            "positions",
            "search",
            "hunt",
            "hunting",
            "offer",
            "offers",
            "interview",
            "interviews",
            "interviewing",
            "applying",
            "application",
            "applications",
            "opening",
            "openings",
        }
    ),
    "hiring": frozenset(
        {
            "hire",
            "hires",
            "hiring",
            "hired",
            "recruit",
            "recruiting",
            "candidate",
            "candidates",
            "headcount",
            "req",
            "reqs",
        }
    ),
    "funding": frozenset(
        {
            "raise",
            "raising",
            "raised",
            "round",
            "seed",
            "pre-seed",
            "funding",
            "fundraise",
            "fundraising",
            "investor",
            "investors",
            "capital",
            "series",
            "vc",
            "vcs",
            "angels",
            "angel",
        }
    ),
    "housing": frozenset({"apartment", "house", "housing", "lease", "rent", "home", "realtor"}),
}
_STOP = frozenset({
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "with", "about", "her",
    "his", "their", "my", "our", "your", "some", "any", "new", "good", "how", "who", "what",
    "someone", "something", "anything", "help", "advice", "is", "are", "be", "that", "this",
})  # fmt: skip


def topic_families(text: str) -> set[str]:
    """The standing matters (job, hiring, funding, housing) a text talks about."""
    words = {w.casefold() for w in _WORD.findall(text)}
    return {name for name, family in _TOPIC_FAMILIES.items() if words & family}


def content_words(phrase: str) -> set[str]:
    """The meaningful words of a phrase, singularized."""
    return {singular(w.casefold()) for w in _WORD.findall(phrase)} - _STOP
