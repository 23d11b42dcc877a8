"""Bad input at the CLI: one clear ``error:`` line, exit code 2, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import assert_one_error, row_counts, run
from tests.support.fakes import FakeListener

EMPTY = {"contacts": 0, "notes": 0, "signals": 0, "mentions": 0}


@pytest.fixture
def note_file(tmp_path: Path) -> Path:
    path = tmp_path / "note.txt"
    path.write_text("She is looking for a contracts lawyer. [need:contracts lawyer]\n")
    return path


@pytest.mark.parametrize("content", ["", "   \n\n\t  \n"], ids=["empty", "whitespace"])
def test_empty_note_file(db_path: Path, tmp_path: Path, fake: FakeListener, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content)
    result = run(db_path, "note", "add", "--contact", "Maria", str(path), listener=fake)
    assert_one_error(result, "empty.txt", "note is empty")
    assert row_counts(db_path) == EMPTY and fake.batches == []


def test_empty_note_on_standard_input(db_path: Path, fake: FakeListener) -> None:
    result = run(db_path, "note", "add", "--contact", "Maria", "-", listener=fake, stdin="  \n")
    assert_one_error(result, "standard input", "note is empty")
    assert row_counts(db_path) == EMPTY


@pytest.mark.parametrize("command", [["note", "add", "--contact", "Jose"], ["extract"]])
def test_non_utf8_file(
    db_path: Path, tmp_path: Path, fake: FakeListener, command: list[str]
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 with Jos\u00e9.\nHe needs a lawyer.".encode("latin-1"))
    result = run(db_path, *command, str(path), listener=fake)
    assert_one_error(result, str(path), "is not UTF-8 text", "byte 0xe9 at line 1")
    assert row_counts(db_path) == EMPTY and fake.batches == []


def test_non_utf8_import_file(db_path: Path, tmp_path: Path, fake: FakeListener) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes("contact,date,text\nJos\u00e9,2024-01-01,hi\n".encode("cp1252"))
    result = run(db_path, "note", "import", str(path), listener=fake)
    assert_one_error(result, "notes.csv is not UTF-8 text")
    assert row_counts(db_path) == EMPTY


@pytest.mark.parametrize("command", [["note", "add", "--contact", "Maria"], ["extract"]])
def test_five_megabyte_file(
    db_path: Path, tmp_path: Path, fake: FakeListener, command: list[str]
) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"She needs a lawyer. " * (5 * 1024 * 1024 // 20))
    result = run(db_path, *command, str(path), listener=fake)
    assert_one_error(result, "huge.txt is 5.0 MB", "at most 100,000 characters")
    assert row_counts(db_path) == EMPTY and fake.batches == []


def test_huge_file_is_refused_without_being_read(
    db_path: Path, tmp_path: Path, fake: FakeListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as f:
        f.truncate(8 * 1024**3)  # 8 GB that take no disk: reading it would never finish
    result = run(db_path, "note", "add", "--contact", "Maria", str(path), listener=fake)
    assert_one_error(result, "sparse.txt is 8.0 GB")


def test_five_megabytes_on_standard_input(db_path: Path, fake: FakeListener) -> None:
    result = run(
        db_path,
        "note",
        "add",
        "--contact",
        "Maria",
        "-",
        listener=fake,
        stdin=b"x" * (5 * 1024 * 1024),
    )
    assert_one_error(result, "standard input is over", "at most 100,000 characters")
    assert row_counts(db_path) == EMPTY


def test_note_just_over_the_character_limit(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    path = tmp_path / "long.txt"
    path.write_text("é" * 100_001, encoding="utf-8")  # 200 KB: passes the byte check
    result = run(db_path, "note", "add", "--contact", "Maria", str(path), listener=fake)
    assert_one_error(result, "100,001 characters long", "at most 100,000 characters")
    assert row_counts(db_path) == EMPTY


def test_ten_thousand_character_contact_name(
    db_path: Path, note_file: Path, fake: FakeListener
) -> None:
    result = run(db_path, "note", "add", "--contact", "M" * 10_000, str(note_file), listener=fake)
    line = assert_one_error(result, "contact name is 10,000 characters long; the limit is 200")
    assert len(line) < 200  # the name is not echoed back in full
    assert row_counts(db_path) == EMPTY and fake.batches == []


def test_blank_contact_name(db_path: Path, note_file: Path, fake: FakeListener) -> None:
    result = run(db_path, "note", "add", "--contact", "  ", str(note_file), listener=fake)
    assert_one_error(result, "contact name is empty")
    assert row_counts(db_path) == EMPTY


def test_bad_date(db_path: Path, note_file: Path, fake: FakeListener) -> None:
    result = run(
        db_path,
        "note",
        "add",
        "--contact",
        "Maria",
        "--date",
        "31/05/2024",
        str(note_file),
        listener=fake,
    )
    assert_one_error(result, "not a date like 2024-05-31")
    assert row_counts(db_path) == EMPTY


def test_missing_file(db_path: Path, tmp_path: Path, fake: FakeListener) -> None:
    result = run(db_path, "extract", str(tmp_path / "nope.txt"), listener=fake)
    assert_one_error(result, "nope.txt does not exist")


def test_import_with_a_bad_row_stores_nothing(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    path = tmp_path / "notes.jsonl"
    rows = [{"contact": "Ann", "date": "2024-01-01", "text": "fine [interest:kites]"},
            {"contact": "Bo", "date": "2024-01-01", "text": "  "}]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows))
    result = run(db_path, "note", "import", str(path), listener=fake)
    assert_one_error(result, "refused, nothing imported: line 2: note is empty")
    assert row_counts(db_path) == EMPTY


def test_unknown_contact(db_path: Path, fake: FakeListener) -> None:
    assert_one_error(run(db_path, "signals", "--contact", "Nobody"), "no contact named 'Nobody'")


def test_a_failing_listener_keeps_the_note(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("[fail] [need:lawyer]")
    result = run(db_path, "note", "add", "--contact", "Maria", str(path), listener=fake)
    assert_one_error(result, "note 1 is stored but could not be processed", "giveback reprocess")
    assert row_counts(db_path)["notes"] == 1


def test_database_path_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("")
    result = run(blocker / "giveback.db", "contacts")
    assert_one_error(result, "cannot create the database folder", "afile is a file")


def test_database_path_at_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes, not a database\n")
    result = run(notes, "contacts")
    assert_one_error(result, "notes.txt is not a Giveback store")
    assert notes.read_text() == "my own notes, not a database\n"


def test_an_id_larger_than_any_record_is_one_error(db_path: Path) -> None:
    assert_one_error(run(db_path, "reopen", "999999999999999999999"), "is not in the range")
