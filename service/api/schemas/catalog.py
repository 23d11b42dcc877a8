"""Catalog items (articles, people to introduce, offers): what a client sends and reads."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from giveback.service.api.schemas.common import (
    Email,
    ItemType,
    NoNul,
    Tag,
)


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
