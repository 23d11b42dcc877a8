"""A missing or damaged trained listener: every CLI entry point says so in one ``error:`` line.

The real settings and the real listener (``GIVEBACK_LISTENER=learned``, the default), with
``GIVEBACK_LISTENER_MODEL`` pointing at a file this test broke. ``giveback note add`` stores
the note before it listens, so the note is kept for ``giveback reprocess``.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from giveback.core.settings import get_settings
from giveback.pipelines.learned.artifact import default_path, version_path
from tests.support.cli import assert_one_error, row_counts, run
from tests.support.fakes import FakeListener

NOTE = "Coffee with Maria. She is looking for a contracts lawyer. [need:contracts lawyer]\n"


def _copy_version(path: Path) -> None:
    shutil.copyfile(version_path(default_path()), version_path(path))


def _missing(path: Path) -> None:
    """Nothing at the path: neither the model nor its version file."""


def _model_missing(path: Path) -> None:
    _copy_version(path)  # the version file stayed behind, the model is gone


def _truncated(path: Path) -> None:
    path.write_bytes(default_path().read_bytes()[:5000])  # an interrupted copy
    _copy_version(path)


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a model \x00\xff" * 64)
    _copy_version(path)


def _empty(path: Path) -> None:
    path.write_bytes(b"")
    _copy_version(path)


# How the file is broken, and what the error line says about it.
BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing": (_missing, "is missing"),
    "model-missing": (_model_missing, "is missing"),
    "truncated": (_truncated, "is damaged"),
    "garbage": (_garbage, "is damaged"),
    "empty": (_empty, "is damaged"),
}


@pytest.fixture
def model(tmp_path: Path) -> Iterator[Path]:
    """Where the settings look for the trained listener, for this test only."""
    path = tmp_path / "models" / "listener.joblib"
    path.parent.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIVEBACK_LISTENER", "learned")
        patch.setenv("GIVEBACK_LISTENER_MODEL", str(path))
        get_settings.cache_clear()
        yield path
    get_settings.cache_clear()  # the settings of the environment as it was


@pytest.fixture
def note_file(tmp_path: Path) -> Path:
    path = tmp_path / "maria.txt"
    path.write_text(NOTE)
    return path


@pytest.mark.parametrize("how", list(BROKEN))
def test_extract_with_a_broken_model_is_one_error(
    db_path: Path, model: Path, note_file: Path, how: str
) -> None:
    breaks, says = BROKEN[how]
    breaks(model)
    result = run(db_path, "extract", str(note_file))
    line = assert_one_error(result, str(model.parent), says)
    assert "make train" in line and "GIVEBACK_LISTENER=rules" in line
    assert result.stdout == ""
    assert not db_path.exists()  # extract never touches the store


@pytest.mark.parametrize("how", BROKEN)
def test_note_add_stores_the_note_then_reports_the_broken_model(
    db_path: Path, model: Path, note_file: Path, fake: FakeListener, how: str
) -> None:
    breaks, says = BROKEN[how]
    breaks(model)
    result = run(db_path, "note", "add", "--contact", "Maria Lopez", str(note_file))
    line = assert_one_error(result, str(model.parent), says)
    assert "the note is stored" in line and "giveback reprocess" in line
    assert row_counts(db_path) == {"contacts": 1, "notes": 1, "signals": 0, "mentions": 0}
    with sqlite3.connect(db_path) as conn:
        text, processed, error = conn.execute(
            "SELECT text, processed_at, error FROM notes"
        ).fetchone()
    assert text == NOTE.strip() and processed is None
    assert error is not None and says in error
    # Once a listener works again, the kept note is heard.
    retried = run(db_path, "reprocess", listener=fake)
    assert retried.exit_code == 0, retried.output
    assert "Re-processed 1 note; heard 1 signal." in retried.stdout
    assert row_counts(db_path)["signals"] == 1


def test_note_add_on_standard_input_with_a_damaged_model(
    db_path: Path, model: Path, fake: FakeListener
) -> None:
    _garbage(model)
    result = run(db_path, "note", "add", "--contact", "Maria Lopez", "-", stdin=NOTE)
    assert_one_error(result, "is damaged", "the note is stored")
    assert row_counts(db_path)["notes"] == 1
    # The same note again is the same stored note: still one, and still one error line.
    again = run(db_path, "note", "add", "--contact", "Maria Lopez", "-", stdin=NOTE)
    assert_one_error(again, "is damaged")
    assert row_counts(db_path)["notes"] == 1


def test_note_import_keeps_the_notes_and_ends_with_one_error(
    db_path: Path, model: Path, tmp_path: Path
) -> None:
    _truncated(model)
    path = tmp_path / "notes.jsonl"
    path.write_text(
        '{"contact": "Ann Lee", "date": "2026-01-02", "text": "She needs a lawyer."}\n'
        '{"contact": "Bo Park", "date": "2026-01-03", "text": "He loves sailing."}\n'
    )
    result = run(db_path, "note", "import", str(path))
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "is damaged" in errors[0], result.stderr
    assert result.stderr.splitlines()[-1] == errors[0]
    assert "Traceback" not in result.output
    assert row_counts(db_path) == {"contacts": 2, "notes": 2, "signals": 0, "mentions": 0}


def test_reprocess_with_a_damaged_model_is_one_error(
    db_path: Path, model: Path, note_file: Path
) -> None:
    _garbage(model)
    run(db_path, "note", "add", "--contact", "Maria Lopez", str(note_file))
    result = run(db_path, "reprocess")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "is damaged" in errors[0], result.stderr
    assert "Traceback" not in result.output
    assert row_counts(db_path)["notes"] == 1
