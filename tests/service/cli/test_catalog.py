"""``giveback catalog import`` and ``catalog list``: counts, re-import, one person, refusals."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import assert_one_error, heavy_imports, row_counts, run
from tests.support.fakes import FakeListener

CATALOG_TABLES = ("contacts", "catalog_items", "embeddings")

ITEMS: list[dict[str, Any]] = [
    {"id": "art-marathon", "type": "article", "title": "A first marathon training plan",
     "text": "Sixteen weeks from 20 miles a week to race day, for first-time runners.",
     "url": "https://example.org/marathon", "tags": ["running", "marathon"]},
    {"id": "con-priya", "type": "contact", "title": "Priya Raman",
     "text": "Commercial lawyer who reviews SaaS contracts.", "tags": ["legal"]},
    {"id": "off-deck", "type": "offer", "title": "Review your pitch deck",
     "text": "An hour on the story and the numbers of a seed deck."},
]  # fmt: skip


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def write_csv(path: Path, items: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ["id", "type", "title", "text", "url", "tags"])
        writer.writeheader()
        for item in items:
            writer.writerow({**item, "tags": ";".join(item.get("tags", []))})
    return path


def import_json(db_path: Path, path: Path, *extra: str) -> dict[str, Any]:
    result = run(db_path, "catalog", "import", str(path), "--json", *extra)
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)  # exactly one JSON object on standard output


def test_jsonl_import_counts_and_reimport_is_unchanged(db_path: Path, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "gives.jsonl", ITEMS)
    first = import_json(db_path, path, "--no-embed")
    assert first == {"file": str(path), "format": "jsonl", "imported": 3, "updated": 0,
                     "unchanged": 0, "skipped": 0, "warnings": []}  # fmt: skip
    again = import_json(db_path, path, "--no-embed")
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 3)

    changed = [dict(ITEMS[0], text="Now with a taper week."), *ITEMS[1:]]
    write_jsonl(path, [*changed, {"id": "art-new", "type": "article", "title": "New one"}])
    third = import_json(db_path, path, "--no-embed")
    assert (third["imported"], third["updated"], third["unchanged"]) == (1, 1, 2)
    assert row_counts(db_path, CATALOG_TABLES) == {
        "contacts": 1, "catalog_items": 4, "embeddings": 0}  # fmt: skip

    plain = run(db_path, "catalog", "import", str(path), "--no-embed")
    assert plain.stdout.strip() == (
        "Imported gives.jsonl (jsonl): 0 new, 0 updated, 4 unchanged, 0 skipped."
    )


def test_csv_import_embeds_every_item_once(db_path: Path, tmp_path: Path, embedder: Any) -> None:
    path = write_csv(tmp_path / "gives.csv", ITEMS)
    first = import_json(db_path, path)
    assert (first["format"], first["imported"], first["skipped"]) == ("csv", 3, 0)
    assert row_counts(db_path, CATALOG_TABLES)["embeddings"] == 3
    again = import_json(db_path, path)
    assert again["unchanged"] == 3
    assert row_counts(db_path, CATALOG_TABLES) == {
        "contacts": 1, "catalog_items": 3, "embeddings": 3}  # fmt: skip
    listed = json.loads(run(db_path, "catalog", "list", "--json").stdout)
    assert listed[0] == {"id": "art-marathon", "type": "article",
                         "title": "A first marathon training plan",
                         "url": "https://example.org/marathon"}  # fmt: skip


def test_catalog_contact_links_to_the_person_already_known(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    note = run(db_path, "note", "add", "--contact", "priya raman", "-", listener=fake,
               stdin="[interest:ceramics]")  # fmt: skip
    assert note.exit_code == 0, note.output
    import_json(db_path, write_jsonl(tmp_path / "gives.jsonl", ITEMS), "--no-embed")
    people = json.loads(run(db_path, "contacts", "--json").stdout)
    assert [p["name"] for p in people] == ["priya raman"]
    with sqlite3.connect(db_path) as conn:
        linked = conn.execute(
            "SELECT contact_id FROM catalog_items WHERE external_id = 'con-priya'"
        ).fetchone()
    assert linked == (people[0]["id"],)


def test_a_second_file_with_the_same_person_keeps_one_item(db_path: Path, tmp_path: Path) -> None:
    import_json(db_path, write_jsonl(tmp_path / "a.jsonl", ITEMS), "--no-embed")
    other = [{"id": "priya-from-crm", "type": "contact", "title": "Priya Raman",
              "text": "Reviews SaaS contracts and order forms."}]  # fmt: skip
    second = import_json(db_path, write_jsonl(tmp_path / "b.jsonl", other), "--no-embed")
    assert (second["imported"], second["updated"]) == (0, 1)
    assert row_counts(db_path, CATALOG_TABLES)["contacts"] == 1
    contacts = json.loads(run(db_path, "catalog", "list", "--type", "contact", "--json").stdout)
    assert len(contacts) == 1


@pytest.mark.parametrize("new_first", [True, False])
def test_a_new_entry_for_a_person_of_this_same_file_is_somebody_else(
    db_path: Path, tmp_path: Path, new_first: bool
) -> None:
    import_json(db_path, write_jsonl(tmp_path / "a.jsonl", ITEMS), "--no-embed")
    other = {
        "id": "priya-2",
        "type": "contact",
        "title": "Priya Raman",
        "text": "Product designer in Lisbon (not the lawyer).",
    }
    both = [other, *ITEMS] if new_first else [*ITEMS, other]
    again = import_json(db_path, write_jsonl(tmp_path / "b.jsonl", both), "--no-embed")
    assert (again["imported"], again["updated"], again["unchanged"]) == (1, 0, 3)
    contacts = json.loads(run(db_path, "catalog", "list", "--type", "contact", "--json").stdout)
    assert sorted(c["id"] for c in contacts) == ["con-priya", "priya-2"]
    with sqlite3.connect(db_path) as db:
        text = db.execute("SELECT text FROM catalog_items WHERE external_id = 'con-priya'")
        assert "SaaS contracts" in text.fetchone()[0]  # the lawyer's entry is left alone


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("broken.jsonl", b'{"id": "a", "type": "article"\nnot json either\n', "not JSON Lines"),
        ("noise.bin", b"\x00\x01\x02\xff\xfe binary \x00", "not recognised"),
        ("empty.csv", b"", "empty"),
        ("nothing.csv", b"id,type,title\n", "no catalog item"),
    ],
)
def test_a_file_to_refuse_stores_nothing(
    db_path: Path, tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(db_path, "catalog", "import", str(path), "--json")
    assert_one_error(result, name, fragment)
    assert result.stdout == ""
    assert row_counts(db_path, CATALOG_TABLES) == dict.fromkeys(CATALOG_TABLES, 0)


def test_a_recoverable_file_imports_what_it_can_and_says_what_it_skipped(
    db_path: Path, tmp_path: Path
) -> None:
    bad = {"id": "x", "type": "podcast", "title": "Unknown type"}
    path = write_jsonl(tmp_path / "mixed.jsonl", [ITEMS[0], bad])
    result = run(db_path, "catalog", "import", str(path), "--no-embed")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 updated, 0 unchanged, 1 skipped" in result.stdout
    assert result.stderr.startswith("warning: ") and "podcast" in result.stderr
    summary = import_json(db_path, path, "--no-embed")
    assert summary["unchanged"] == 1 and summary["skipped"] == 1 and summary["warnings"]


def test_missing_file_and_unknown_format(db_path: Path, tmp_path: Path) -> None:
    assert_one_error(run(db_path, "catalog", "import", str(tmp_path / "nope.jsonl")),
                     "does not exist")  # fmt: skip
    path = write_jsonl(tmp_path / "gives.jsonl", ITEMS)
    forced = run(db_path, "catalog", "import", str(path), "--format", "vcard")
    assert forced.exit_code == 2 and "Traceback" not in forced.output
    assert row_counts(db_path, CATALOG_TABLES)["catalog_items"] == 0


def test_catalog_list(db_path: Path, tmp_path: Path) -> None:
    assert "No gives in the catalog yet" in run(db_path, "catalog", "list").stdout
    assert json.loads(run(db_path, "catalog", "list", "--json").stdout) == []
    import_json(db_path, write_jsonl(tmp_path / "gives.jsonl", ITEMS), "--no-embed")
    listed = json.loads(run(db_path, "catalog", "list", "--json").stdout)
    assert [(i["id"], i["type"]) for i in listed] == [
        ("art-marathon", "article"), ("con-priya", "contact"), ("off-deck", "offer")]  # fmt: skip
    assert set(listed[1]) == {"id", "type", "title", "url"}
    offers = json.loads(run(db_path, "catalog", "list", "--type", "offer", "--json").stdout)
    assert [o["title"] for o in offers] == ["Review your pitch deck"]
    table = run(db_path, "catalog", "list").stdout
    assert "art-marathon" in table and "Review your pitch deck" in table and "3 items" in table


def test_format_choices_match_the_importers() -> None:
    from giveback.pipelines.importers import FORMATS
    from giveback.service.cli.catalog import FORMATS as CLI_FORMATS

    assert set(CLI_FORMATS) == {"auto", *FORMATS} and len(CLI_FORMATS) == len(FORMATS) + 1


def test_catalog_commands_without_embedding_load_no_model(
    db_path: Path, tmp_path: Path, embedder: Any
) -> None:
    path = write_jsonl(tmp_path / "gives.jsonl", ITEMS)
    assert heavy_imports(db_path, "catalog", "import", str(path), "--no-embed") == ("", "0")
    assert heavy_imports(db_path, "catalog", "list") == ("", "0")
    assert import_json(db_path, path)["unchanged"] == 3  # embeds in this process
    # Nothing new to embed: the model is not even loaded.
    assert heavy_imports(db_path, "catalog", "import", str(path)) == ("", "0")


def test_a_vcard_with_a_known_email_is_the_same_person(db_path: Path, tmp_path: Path) -> None:
    known = [{"id": "con-priya", "type": "contact", "title": "Priya Raman",
              "text": "Commercial lawyer who reviews SaaS contracts."}]  # fmt: skip
    import_json(db_path, write_jsonl(tmp_path / "a.jsonl", known), "--no-embed")
    vcard = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P. Raman\r\nN:Raman;P.;;;\r\n"
        "EMAIL:priya@example.com\r\nEND:VCARD\r\n"
    )
    # First teach the store Priya's email, then a card under another name but that email.
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE contacts SET email = 'priya@example.com'")
    (tmp_path / "p.vcf").write_text(vcard, encoding="utf-8")
    summary = import_json(db_path, tmp_path / "p.vcf", "--no-embed")
    assert summary["imported"] + summary["updated"] == 1
    assert row_counts(db_path, CATALOG_TABLES)["contacts"] == 1
