"""The importers on real export files from other projects (../shared/realworld/, see its README).

Each file of the manifest is parsed as a user's import would be (format recognised from the
content): a valid file yields exactly the expected number of items, an invalid one is refused
with one clear sentence, a file of either verdict never raises anything else, and parsing the
same bytes twice gives the same external ids.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from giveback.core.domain import ItemType
from giveback.core.errors import ImportRefused
from giveback.pipelines.importers import ParseResult, parse_file
from tests.support.paths import ROOT

REALWORLD = ROOT.parent / "shared" / "realworld"

if not (REALWORLD / "MANIFEST.jsonl").is_file():
    pytest.skip(
        f"the real-world import corpus folder is absent ({REALWORLD}); these tests need it",
        allow_module_level=True,
    )

MANIFEST = [
    json.loads(line)
    for line in (REALWORLD / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
# The manifest's format names -> ours.
FORMAT_NAMES = {"rdf": "rss", "linkedin-csv": "linkedin"}
ARTICLE_FORMATS = {"rss", "atom", "opml"}


def _parse(entry: dict) -> ParseResult:
    data = (REALWORLD / entry["file"]).read_bytes()
    return parse_file(data, entry["file"])


def _check_accepted(entry: dict, result: ParseResult) -> None:
    assert len(result.records) == entry["expected_items"], result.warnings
    ids = [r.external_id for r in result.records]
    assert len(ids) == len(set(ids)), "external ids must be unique within a file"
    expected_type = (
        ItemType.ARTICLE
        if FORMAT_NAMES.get(entry["format"], entry["format"]) in ARTICLE_FORMATS
        else ItemType.CONTACT
    )
    for record in result.records:
        assert record.type is expected_type
        assert record.title.strip(), record
        assert "\ufffd" not in record.title, record
        assert record.external_id.split(":", 1)[0] in ("url", "email", "name", "guid", "text")


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_manifest_file(entry: dict) -> None:
    """The verdict and item count of the manifest, and stable ids across two parses."""
    if entry["valid"] is True:
        first = _parse(entry)
        _check_accepted(entry, first)
        assert first.format == FORMAT_NAMES.get(entry["format"], entry["format"])
        second = _parse(entry)
        assert [r.external_id for r in second.records] == [r.external_id for r in first.records]
        assert second.records == first.records
    elif entry["valid"] is False:
        with pytest.raises(ImportRefused) as refused:
            _parse(entry)
        message = str(refused.value)
        assert Path(entry["file"]).name in message
        assert "\n" not in message and message.endswith(".")
    else:
        try:
            first = _parse(entry)
        except ImportRefused as refused:
            assert Path(entry["file"]).name in str(refused)
        else:
            assert len(first.records) == entry["expected_items"]
            second = _parse(entry)
            assert [r.external_id for r in second.records] == [r.external_id for r in first.records]


VCARDS = [e for e in MANIFEST if e["format"] == "vcard" and e["valid"]]


@pytest.mark.parametrize("entry", VCARDS, ids=[e["file"] for e in VCARDS])
def test_vcard_fallback_reader_agrees_with_vobject(
    entry: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where vobject fails on a card, the built-in reader takes over: it must read the same."""
    with_vobject = _parse(entry)

    def fail(*args: object, **kwargs: object) -> None:
        raise ValueError("vobject failed")

    monkeypatch.setattr("vobject.readOne", fail)
    assert _parse(entry).records == with_vobject.records


def test_manifest_covers_every_file() -> None:
    """Every file in the corpus is in the manifest, so none goes untested."""
    on_disk = {
        str(p.relative_to(REALWORLD))
        for p in REALWORLD.rglob("*")
        if p.is_file() and p.parent != REALWORLD
    }
    assert on_disk == {e["file"] for e in MANIFEST}
