"""Domain values shared by the pipelines, the engine and the edges.

These are plain frozen dataclasses: they carry no database or web framework state, so the NLP
pipelines can produce them and the engine can reason about them without importing either.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class SignalKind(StrEnum):
    """What a signal says about a person."""

    INTEREST = "interest"
    NEED = "need"
    EVENT = "event"
    COMMITMENT = "commitment"
    CAUTION = "caution"  # what not to give or do for this person ("don't send her wine")


class About(StrEnum):
    """Whom a signal is about: the note's contact, somebody else, or the user."""

    CONTACT = "contact"
    THIRD_PARTY = "third_party"
    USER = "user"


class Status(StrEnum):
    """Whether a signal holds now."""

    ACTIVE = "active"
    NEGATED = "negated"
    RESOLVED = "resolved"
    HEDGED = "hedged"


MAX_ID = 2**63 - 1  # the largest integer SQLite stores: no record id is larger


class DismissReason(StrEnum):
    """Why the user dismissed a suggestion; each teaches the ranking something else."""

    NOT_RELEVANT = "not_relevant"  # nothing like it for this person: like items score lower
    ALREADY_HAS = "already_has"  # this one only: like items are as welcome as before
    WRONG_PERSON = "wrong_person"  # this kind of give is for someone else: lowered twice as much


class ItemType(StrEnum):
    """The three kinds of give in the catalog."""

    ARTICLE = "article"
    CONTACT = "contact"
    OFFER = "offer"


@dataclass(frozen=True, slots=True)
class Signal:
    """One thing heard in a note, with the exact evidence it rests on.

    ``start``/``end`` are character offsets into the note text, so that
    ``text[start:end] == evidence``. ``who`` names the third party ("her husband") when
    ``about`` is ``third_party``. ``event_date`` is set for events whose date could be resolved
    against the note's date.
    """

    kind: SignalKind
    phrase: str
    evidence: str
    start: int
    end: int
    about: About = About.CONTACT
    status: Status = Status.ACTIVE
    confidence: float = 0.5
    who: str | None = None
    event_date: date | None = None
    restates_closure: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the public keys of a signal."""
        data = asdict(self)
        data["kind"] = self.kind.value
        data["about"] = self.about.value
        data["status"] = self.status.value
        data["confidence"] = round(self.confidence, 3)
        data["event_date"] = self.event_date.isoformat() if self.event_date else None
        return data


@dataclass(frozen=True, slots=True)
class Mention:
    """A person or organisation named in a note (from NER), linked to a contact when known."""

    text: str
    label: str
    start: int
    end: int
    contact_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


class ClosedHow(StrEnum):
    """How a later note closed an earlier signal."""

    MET = "met"
    NO_LONGER_WANTED = "no_longer_wanted"
    GIVEN_BY_OTHER = "given_by_other"
    DECLINED = "declined"
    POSTPONED = "postponed"
    MOOT = "moot"
    DONE_BY_USER = "done_by_user"


@dataclass(frozen=True, slots=True)
class OpenSignal:
    """A signal of an earlier note that still holds, as the listener needs it to hear whether a
    new note closes it (``id`` is the store's)."""

    id: int
    kind: SignalKind
    phrase: str
    evidence: str
    about: About = About.CONTACT
    note_date: date | None = None


@dataclass(frozen=True, slots=True)
class Closure:
    """A sentence of a new note that closes an earlier signal: ``text[start:end]`` of the new
    note, and how it closes it."""

    signal_id: int
    start: int
    end: int
    evidence: str
    how: ClosedHow
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["how"] = self.how.value
        data["confidence"] = round(self.confidence, 3)
        return data


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the listening pipeline heard in one note."""

    signals: tuple[Signal, ...] = ()
    mentions: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = ()
    closures: tuple[Closure, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "signals": [s.to_dict() for s in self.signals],
            "mentions": [m.to_dict() for m in self.mentions],
            "warnings": list(self.warnings),
            "closures": [c.to_dict() for c in self.closures],
        }


@dataclass(frozen=True, slots=True)
class CatalogRecord:
    """One give as read from an import file, before it is stored.

    ``external_id`` is the stable id used to update in place on re-import: the id given in the
    file, or one derived from the url, email or name when the format has none.
    """

    external_id: str
    type: ItemType
    title: str
    text: str = ""
    url: str | None = None
    tags: tuple[str, ...] = ()
    email: str | None = None
    aliases: tuple[str, ...] = ()
    published: date | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ContactRef:
    """A known person, as the listener needs it to tell the contact from third parties."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteInput:
    """A note to listen to: its text, its date, whom it is about and who else is known."""

    text: str
    note_date: date
    contact: ContactRef | None = None
    known_contacts: tuple[ContactRef, ...] = ()
    # The contact's signals of earlier notes that still hold: the new note may close them.
    open_signals: tuple[OpenSignal, ...] = ()
