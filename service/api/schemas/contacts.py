"""Contacts: what a client sends to create or change one, and what it reads."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from giveback.service.api.schemas.common import (
    Email,
    Name,
    Tag,
)


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
