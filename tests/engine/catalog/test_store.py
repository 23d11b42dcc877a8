"""The catalog's record cleaning: a record that cannot be stored is skipped, saying why."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.tables import CatalogItem, Contact
from giveback.engine.catalog.importing import import_catalog_file
from giveback.engine.catalog.store import ImportSummary, upsert_records

GOOD = CatalogRecord(
    external_id="art-safe",
    type=ItemType.ARTICLE,
    title="The YC guide to SAFEs",
    text="How SAFE notes work for a first raise.",
    url="https://example.org/safe",
    tags=("fundraising",),
)
PERSON = CatalogRecord(
    external_id="con-priya",
    type=ItemType.CONTACT,
    title="Priya Raman",
    text="Commercial lawyer for SaaS contracts.",
    email="priya@example.org",
    aliases=("Priya",),
)


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (replace(GOOD, title="The YC\x00 guide"), "title"),
        (replace(GOOD, external_id="art-\x00safe"), "id"),
        (replace(GOOD, text="How SAFE\x00 notes work."), "text"),
        (replace(GOOD, url="https://example.org/\x00"), "url"),
        (replace(GOOD, tags=("fund\x00raising",)), "tags"),
        (replace(PERSON, title="Priya\x00Raman"), "title"),
        (replace(PERSON, aliases=("Pri\x00ya",)), "aliases"),
        (replace(PERSON, email="priya\x00@example.org"), "email"),
    ],
)
def test_a_record_holding_a_nul_is_skipped_with_one_clear_warning(
    session: Session, record: CatalogRecord, field: str
) -> None:
    summary = ImportSummary("t", "t")
    other = replace(GOOD, external_id="art-other", title="Another guide")
    upsert_records(session, [record, other], summary, source="t")
    session.commit()
    assert (summary.imported, summary.skipped) == (1, 1)
    assert summary.warnings == [
        f"item {record.external_id!r}: its {field} contains a NUL character (\\x00)"
    ]
    assert list(session.scalars(select(CatalogItem.external_id))) == ["art-other"]
    assert session.scalar(select(func.count(Contact.id))) == 0  # no person made from it


def test_an_import_file_with_a_nul_in_a_title_keeps_the_rest(session: Session) -> None:
    lines = [
        {"id": "art-1", "type": "article", "title": "Trail running\u0000 for beginners"},
        {"id": "art-2", "type": "article", "title": "Sourdough at home"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    summary = import_catalog_file(session, data, "gives.jsonl")
    assert (summary.imported, summary.skipped) == (1, 1)
    assert any("NUL character" in warning for warning in summary.warnings), summary.warnings
    titles = list(session.scalars(select(CatalogItem.title)))
    assert titles == ["Sourdough at home"]
