"""Notes and what was heard in them: the signals, the sentence that closed one, and the gives
suggested when a note is stored."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.config import JsonDict

from giveback.service.api.schemas.common import (
    MAX_NOTE_CHARS,
    Day,
    GiveType,
    Name,
    RecordId,
    SignalKind,
    SignalStatus,
)

SIGNAL_EXAMPLE: JsonDict = {
    "id": 1000000012,
    "note_id": 1000000004,
    "contact_id": 1000000001,
    "note_date": "2026-11-20",
    "kind": "need",
    "phrase": "saas contracts lawyer",
    "evidence": "She is looking for a SaaS contracts lawyer before the Series A closes.",
    "start": 23,
    "end": 61,
    "about": "contact",
    "who": None,
    "status": "active",
    "heard_status": "active",
    "event_date": None,
    "closed_by": None,
    "restates_closure": False,
}
ClosedHow = Literal["met", "no_longer_wanted", "given_by_other", "declined", "postponed",
                    "moot", "done_by_user"]  # fmt: skip


class ClosedByPublic(BaseModel):
    """The sentence of a later note that closed a signal, and how."""

    note_id: int
    note_date: date
    evidence: str
    start: int
    end: int
    how: ClosedHow
    confidence: float


class SignalPublic(BaseModel):
    """Something heard in a note, with its evidence span and its status now."""

    model_config = ConfigDict(json_schema_extra={"examples": [SIGNAL_EXAMPLE]})

    id: int
    note_id: int
    contact_id: int
    note_date: date
    kind: SignalKind
    phrase: str
    evidence: str
    start: int
    end: int
    about: Literal["contact", "third_party", "user"]
    who: str | None
    status: SignalStatus
    heard_status: SignalStatus
    event_date: date | None
    # Set when a later note closed the signal ("closed by: 'the seed closed' (Mar 3)").
    closed_by: ClosedByPublic | None = None
    # True for a closing sentence heard as the need it met: it restates an earlier signal's
    # closure, and goes when that closure is reopened.
    restates_closure: bool = False


class NoteCreate(BaseModel):
    """A pasted note: about an existing contact (``contact_id``) or a contact by name."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "contact_name": "Maria Lopez",
                    "date": "2026-11-20",
                    "text": "Coffee with Maria. She is looking for a SaaS contracts lawyer "
                    "before the Series A closes. Loves trail running. I promised to send her our "
                    "pitch-deck checklist.",
                }
            ]
        },
    )

    contact_id: RecordId | None = None
    contact_name: Name | None = None
    text: Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS)]
    # `date`, as the CLI's --date; `note_date`, the name the note is read back with, is
    # accepted too (clients written against the first API send it).
    note_date: Day | None = Field(default=None, validation_alias=AliasChoices("date", "note_date"))

    @model_validator(mode="after")
    def _one_contact(self) -> NoteCreate:
        if (self.contact_id is None) == (self.contact_name is None):
            raise ValueError("give exactly one of contact_id or contact_name")
        return self


NOTE_EXAMPLE: JsonDict = {
    "id": 1000000004,
    "contact_id": 1000000001,
    "contact_name": "Maria Lopez",
    "note_date": "2026-11-20",
    "text": "Coffee with Maria. She is looking for a SaaS contracts lawyer before the Series A "
    "closes. Loves trail running. I promised to send her our pitch-deck checklist.",
    "source": "api",
    "processed": True,
    "error": None,
}


class NotePublic(BaseModel):
    """A stored note; ``processed`` once it was listened to (``error`` if that failed)."""

    model_config = ConfigDict(json_schema_extra={"examples": [NOTE_EXAMPLE]})

    id: int
    contact_id: int
    contact_name: str
    note_date: date
    text: str
    source: str
    processed: bool
    error: str | None


SUGGESTION_EXAMPLE: JsonDict = {
    "contact_id": 1000000001,
    "contact": "Maria Lopez",
    "item_id": 1000000007,
    "item_key": "con-priya-raman",
    "type": "contact",
    "title": "Priya Raman",
    "url": None,
    "score": 0.663,
    "reason": "Maria said on 2026-11-20 she is looking for a SaaS contracts lawyer; "
    "Priya Raman does SaaS contract work.",
    "evidence": "She is looking for a SaaS contracts lawyer before the Series A closes.",
    "note_date": "2026-11-20",
    "signal_kind": "need",
    "draft": "Hi Maria, you mentioned you're looking for a SaaS contracts lawyer. Would it "
    "help if I introduced you to Priya Raman?",
}


class SuggestionPublic(BaseModel):
    """A give for a relationship: what, why (quoting the note) and a draft message."""

    model_config = ConfigDict(json_schema_extra={"examples": [SUGGESTION_EXAMPLE]})

    contact_id: int
    contact: str
    item_id: int | None = Field(
        description="The catalog item's id, which feedback takes; none for a promise that no "
        "item keeps (a reminder: a later note that says it is kept closes it)."
    )
    item_key: str
    type: GiveType
    title: str
    url: str | None
    score: float
    reason: str
    evidence: str
    note_date: date
    signal_kind: str
    draft: str


class NoteDetail(NotePublic):
    """A note with what was heard in it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**NOTE_EXAMPLE, "signals": [SIGNAL_EXAMPLE]}]}
    )

    signals: list[SignalPublic]


class NoteCreated(BaseModel):
    """What pasting a note did: the stored note, its signals and the gives it suggests."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "note": NOTE_EXAMPLE,
                    "duplicate": False,
                    "contact_created": False,
                    "signals": [SIGNAL_EXAMPLE],
                    "suggestions": [SUGGESTION_EXAMPLE],
                    "warnings": [],
                }
            ]
        }
    )

    note: NotePublic
    duplicate: bool = Field(description="An identical note was already stored; nothing new.")
    contact_created: bool
    signals: list[SignalPublic]
    suggestions: list[SuggestionPublic]
    warnings: list[str]
