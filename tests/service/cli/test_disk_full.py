"""The CLI on a full disk: one ``error:`` line that says the disk is full and what to do,
exit code 2, nothing half-stored."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import assert_one_error, row_counts, run
from tests.support.disk import full_disk
from tests.support.fakes import FakeListener


def test_a_note_on_a_full_disk_is_one_clear_error(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    assert run(db_path, "contacts").exit_code == 0  # the store exists, at the newest schema
    note = tmp_path / "maria.txt"
    note.write_text("Coffee with Maria. She is looking for a SaaS lawyer. " * 400)
    before = row_counts(db_path)
    with full_disk(db_path):
        result = run(db_path, "note", "add", "--contact", "Maria Lopez", str(note), listener=fake)
    line = assert_one_error(result, "the disk is full", str(db_path), "Free some space")
    assert "disk I/O error" not in line
    assert row_counts(db_path) == before
    # With room again, the same command stores the note.
    again = run(db_path, "note", "add", "--contact", "Maria Lopez", str(note), listener=fake)
    assert again.exit_code == 0, again.output
    assert row_counts(db_path)["notes"] == before["notes"] + 1
