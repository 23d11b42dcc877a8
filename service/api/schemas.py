"""API schemas, separated by role: what a client sends (create, update) and what it reads (public).

Field limits here are the first line of validation at the HTTP edge; the engine checks again.
Examples are real shapes from the sample network, shown in the OpenAPI docs.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.config import JsonDict

from giveback.core.dates import EARLIEST, LATEST
from giveback.core.domain import MAX_ID

T = TypeVar("T")

MAX_NOTE_CHARS = 100_000
# Every id is a positive integer the store can hold; anything else is refused at the edge.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """A date or its ISO text, nothing else: pydantic alone would read 0.0 as 1970-01-01."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# Dates a note, a favor or a snooze can carry: ranking does date arithmetic on them.
Day = Annotated[
    IsoDate, Field(ge=EARLIEST, le=LATEST, description=f"A date from {EARLIEST} to {LATEST}")
]


def _no_nul(value: str) -> str:
    """Text without NUL: a NUL is no character of a name or a title, and breaks what reads it."""
    if "\x00" in value:
        raise ValueError("must not contain a NUL character (\\x00)")
    return value


NoNul = AfterValidator(_no_nul)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul]
Email = Annotated[str, StringConstraints(max_length=320), NoNul]
Tag = Annotated[str, StringConstraints(max_length=100), NoNul]
ItemType = Literal["article", "contact", "offer"]
# A give is a catalog item, or a promise no item keeps ("keep your promise: ...").
GiveType = Literal["article", "contact", "offer", "promise"]
SignalKind = Literal["interest", "need", "event", "commitment", "caution"]
SignalStatus = Literal["active", "negated", "resolved", "hedged"]
Action = Literal["done", "dismiss", "snooze"]
DismissReason = Literal["not_relevant", "already_has", "wrong_person"]


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, ``total`` across all pages."""

    items: list[T]
    total: int
    limit: int
    offset: int


# -- contacts -------------------------------------------------------------------------------------
class ContactCreate(BaseModel):
    """A new contact."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Maria Lopez",
                    "aliases": ["Maria"],
                    "email": "maria@example.org",
                    "tags": ["founder"],
                    "tier": "close",
                }
            ]
        },
    )

    name: Name
    aliases: list[Name] = Field(default_factory=list, max_length=20)
    email: Email | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    tier: Literal["close", "regular", "occasional"] | None = None


class ContactUpdate(BaseModel):
    """Fields of a contact to change; absent fields stay as they are."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"tier": "regular", "cadence_days": 30}]}
    )

    tier: Literal["close", "regular", "occasional"] | None = None
    cadence_days: int | None = Field(default=None, ge=1, le=3650)


class ContactPublic(BaseModel):
    """A contact with counts of what the store holds about them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1000000001,
                    "name": "Maria Lopez",
                    "aliases": ["Maria"],
                    "email": None,
                    "tags": [],
                    "tier": "close",
                    "notes": 3,
                    "signals": 7,
                    "last_note": "2026-11-02",
                }
            ]
        }
    )

    id: int
    name: str
    aliases: list[str]
    email: str | None
    tags: list[str]
    tier: str | None
    notes: int
    signals: int
    last_note: date | None


# -- signals and notes ----------------------------------------------------------------------------
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


# -- catalog --------------------------------------------------------------------------------------
class CatalogItemCreate(BaseModel):
    """A give for the catalog; an existing ``external_id`` updates that item."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "external_id": "yc-safe-guide",
                    "type": "article",
                    "title": "The YC guide to SAFEs",
                    "text": "How SAFE notes work for a first raise.",
                    "url": "https://example.org/safe",
                    "tags": ["fundraising"],
                }
            ]
        },
    )

    external_id: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul
        ]
        | None
    ) = None
    type: ItemType
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), NoNul
    ]
    text: Annotated[str, StringConstraints(max_length=20_000), NoNul] = ""
    url: Annotated[str, StringConstraints(max_length=2000), NoNul] | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    email: Email | None = None


class CatalogItemPublic(BaseModel):
    """A give in the catalog; a contact item is also a person in the network (``contact_id``)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 1000000007,
                    "external_id": "con-priya-raman",
                    "type": "contact",
                    "title": "Priya Raman",
                    "text": "Commercial lawyer for SaaS contracts and MSAs.",
                    "url": None,
                    "tags": ["lawyer"],
                    "contact_id": 1000000002,
                }
            ]
        },
    )

    id: int
    external_id: str
    type: ItemType
    title: str
    text: str
    url: str | None
    tags: list[str]
    contact_id: int | None


# -- feedback and ledger --------------------------------------------------------------------------
class FeedbackCreate(BaseModel):
    """The user's answer to a suggestion: done (given), dismiss (never again), snooze."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"contact_id": 1000000001, "item_id": 1000000007, "action": "done"},
                {
                    "contact_id": 1000000001,
                    "item_id": 1000000009,
                    "action": "snooze",
                    "until": "2026-12-15",
                },
            ]
        },
    )

    contact_id: RecordId
    item_id: RecordId
    action: Action
    until: Day | None = Field(default=None, description="Required for snooze.")
    reason: DismissReason | None = Field(
        default=None,
        description="Only for dismiss, why (default not_relevant): not_relevant (items like it "
        "rank lower for this contact), already_has (this item only), wrong_person (items like "
        "it rank much lower).",
    )

    @model_validator(mode="after")
    def _until_for_snooze(self) -> FeedbackCreate:
        if (self.action == "snooze") != (self.until is not None):
            raise ValueError("'until' is required for snooze and only for snooze")
        if self.reason is not None and self.action != "dismiss":
            raise ValueError("'reason' is only for dismiss")
        return self


class FeedbackPublic(BaseModel):
    """What a piece of feedback changed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "contact_id": 1000000001,
                    "item_id": 1000000007,
                    "action": "done",
                    "changed": True,
                    "until": None,
                    "ledger_entry_id": 1000000003,
                }
            ]
        }
    )

    contact_id: int
    item_id: int
    action: Action
    changed: bool = Field(description="False when it was already so (feedback is idempotent).")
    until: date | None = None
    ledger_entry_id: int | None = None


class LedgerEntryCreate(BaseModel):
    """A favor given to or received from a contact."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "contact_id": 1000000001,
                    "direction": "received",
                    "kind": "introduction",
                    "description": "Introduced me to Dana at Northwind",
                    "date": "2026-11-18",
                }
            ]
        },
    )

    contact_id: RecordId
    direction: Literal["given", "received"]
    kind: Literal[
        "introduction",
        "article",
        "advice",
        "lead",
        "referral_fee",
        "value_exchange",
        "hospitality",
        "offer",
        "other",
    ]
    description: Annotated[str, StringConstraints(max_length=2000), NoNul] = ""
    # `date`, as the CLI's --date; `entry_date`, the name it is read back with, too.
    entry_date: Day | None = Field(
        default=None, validation_alias=AliasChoices("date", "entry_date")
    )
    item_id: RecordId | None = None
    value: float | None = Field(default=None, ge=0, le=1e12, allow_inf_nan=False)


class LedgerEntryPublic(BaseModel):
    """One ledger entry."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1000000003,
                    "contact_id": 1000000001,
                    "contact": "Maria Lopez",
                    "direction": "given",
                    "kind": "introduction",
                    "description": "Priya Raman",
                    "item_key": "con-priya-raman",
                    "value": None,
                    "entry_date": "2026-11-21",
                    "origin": "suggestion",
                    "thank_open": False,
                }
            ]
        }
    )

    id: int
    contact_id: int
    contact: str
    direction: str
    kind: str
    description: str
    item_key: str | None
    value: float | None
    entry_date: date
    origin: str
    thank_open: bool


class ThankPublic(BaseModel):
    """A thank-you owed, with a drafted note."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1000000002,
                    "contact_id": 1000000005,
                    "contact": "Dana Whitfield",
                    "opened_on": "2026-11-18",
                    "what": "Introduced me to Sam at Northwind",
                    "draft": "Dana, thank you for introducing me to Sam at Northwind.",
                }
            ]
        }
    )

    id: int
    contact_id: int
    contact: str
    opened_on: date
    what: str
    draft: str


class Health(BaseModel):
    """The service is up; ``models_loaded`` once the NLP models are in memory."""

    status: Literal["ok"]
    models_loaded: bool


class FieldError(BaseModel):
    """One thing wrong with a request: where (``loc``), what (``msg``) and its ``type``."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """Every error answer: a human-readable ``detail``, or one entry per field at fault (422)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"detail": "no contact 1000000042"},
                {"detail": [{"loc": ["body", "text"], "msg": "Field required", "type": "missing"}]},
            ]
        }
    )

    detail: str | list[FieldError]
