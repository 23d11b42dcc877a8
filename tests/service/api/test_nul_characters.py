"""A NUL character is refused in every name and title at the HTTP edge, as in note text: one
clear 422 naming the field, and nothing stored.

On SQLite files and on PostgreSQL (the registry and every store in one database).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.api import SeededApi


@pytest.fixture
def api(seeded_api_both: SeededApi) -> Iterator[SeededApi]:
    """The seeded app; every request here must leave ann's store exactly as it was."""
    seeded = seeded_api_both
    before = seeded.env.counts(seeded.ann)
    yield seeded
    assert seeded.env.counts(seeded.ann) == before, "a refused request changed the store"


ARTICLE = {"type": "article", "title": "A guide", "external_id": "art-guide"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/contacts", {"name": "Maria\x00Lopez"}, "name"),
        ("/contacts", {"name": "\x00"}, "name"),
        ("/contacts", {"name": "Nul Alias", "aliases": ["Ma\x00"]}, "aliases"),
        ("/contacts", {"name": "Nul Tag", "tags": ["law\x00"]}, "tags"),
        ("/contacts", {"name": "Nul Email", "email": "a\x00@example.org"}, "email"),
        ("/notes", {"contact_name": "Ma\x00ria", "text": "She needs a lawyer."}, "contact_name"),
        ("/catalog", {**ARTICLE, "title": "A\x00 guide"}, "title"),
        ("/catalog", {**ARTICLE, "type": "contact", "title": "Priya\x00Raman"}, "title"),
        ("/catalog", {**ARTICLE, "external_id": "art-\x00"}, "external_id"),
        ("/catalog", {**ARTICLE, "text": "How\x00 it works"}, "text"),
        ("/catalog", {**ARTICLE, "url": "https://example.org/\x00"}, "url"),
        ("/catalog", {**ARTICLE, "tags": ["a\x00"]}, "tags"),
    ],
)
def test_a_nul_in_a_name_or_a_title_is_a_clear_422(
    api: SeededApi, path: str, body: dict[str, Any], field: str
) -> None:
    answer = api.client.post(path, json=body, headers=api.ann.headers)
    assert answer.status_code == 422, answer.text
    errors = answer.json()["detail"]
    assert len(errors) == 1, errors
    assert field in errors[0]["loc"] and "NUL character" in errors[0]["msg"], errors


def test_a_nul_in_a_ledger_description_is_a_clear_422(api: SeededApi) -> None:
    body = {
        "contact_id": api.ann_net.contacts["Maria Lopez"],
        "direction": "received",
        "kind": "advice",
        "description": "Reviewed\x00 my deck",
    }
    answer = api.client.post("/ledger", json=body, headers=api.ann.headers)
    assert answer.status_code == 422, answer.text
    assert "NUL character" in json.dumps(answer.json()["detail"])
