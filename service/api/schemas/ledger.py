"""Feedback on suggestions, the reciprocity ledger and the thank-yous owed."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from giveback.engine.ledger.favors import FavorDirection, FavorKind
from giveback.service.api.schemas.common import (
    Action,
    Day,
    DismissReason,
    NoNul,
    RecordId,
)


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
    direction: FavorDirection
    kind: FavorKind
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
