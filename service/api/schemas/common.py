"""The shapes every resource shares: ids, dates, names and tags as the edge accepts them, a page
of a list, and the service's health and error answers."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

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
