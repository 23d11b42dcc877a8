"""API schemas of the user's needs and asks, by role: what a client sends, what it reads."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints

from giveback.engine.asks.needs import MAX_NEED_CHARS
from giveback.service.api.schemas.common import Day, NoNul, RecordId

NeedText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NEED_CHARS),
    NoNul,
]


class NeedCreate(BaseModel):
    """A need of the user's, in their own words."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "accountant who knows sales tax for the studio", "date": "2026-11-02"}
            ]
        },
    )

    text: NeedText
    need_date: Day | None = Field(default=None, validation_alias=AliasChoices("date", "need_date"))


class NeedPublic(BaseModel):
    """A need as the API shows it."""

    id: int
    text: str
    need_date: date
    source: Literal["manual", "note"]
    evidence: str | None
    note_id: int | None
    status: Literal["open", "done"]
    done_on: date | None
    done_evidence: str | None


class NeedDone(BaseModel):
    """When a need was met (``{}``: today)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"date": "2026-11-20"}, {}]}
    )

    done_date: Day | None = Field(default=None, validation_alias=AliasChoices("date", "done_date"))


class AskPublic(BaseModel):
    """Someone to ask for one of the user's needs, with why and a draft."""

    need: str
    need_id: int
    contact: str
    contact_id: int
    item_id: str | None = Field(description="Their catalog entry, when the fit rests on it.")
    offer_id: str | None = Field(description="The user's offer given back in the draft.")
    score: float
    fit: float
    evidence: str
    reason: str
    draft: str


class AskCreate(BaseModel):
    """An ask the user made of a contact, for one of their needs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"need_id": 1000000012, "contact_id": 1000000003}]},
    )

    need_id: RecordId
    contact_id: RecordId
    asked_on: Day | None = Field(default=None, validation_alias=AliasChoices("date", "asked_on"))
    draft: Annotated[str, StringConstraints(max_length=10_000), NoNul] = ""


class AskOutcome(BaseModel):
    """How an ask went. ``granted`` records a favor received (a thank-you opens)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "outcome": "granted",
                    "date": "2026-11-25",
                    "description": "Sent me her accountant",
                }
            ]
        },
    )

    outcome: Literal["granted", "declined", "no_answer"]
    outcome_date: Day | None = Field(
        default=None, validation_alias=AliasChoices("date", "outcome_date")
    )
    description: Annotated[str, StringConstraints(max_length=2000), NoNul] = ""


class AskMadePublic(BaseModel):
    """An ask as recorded."""

    id: int
    contact_id: int
    contact: str
    need_id: int | None
    what: str
    asked_on: date
    outcome: Literal["pending", "granted", "declined", "no_answer"]
    outcome_on: date | None
    ledger_entry_id: int | None
