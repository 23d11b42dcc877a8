"""Commands that need a model load only that model: no torch, no scikit-learn and not spaCy's
own command line on any path a person waits on. (Commands with no model load none: test_cli.py.
Timings: `make bench`.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import heavy_imports


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("light")
    note = folder / "note.txt"
    note.write_text("Lunch with Ana Ruiz. She is looking for a contracts lawyer.", "utf-8")
    path = folder / "giveback.db"
    assert heavy_imports(path, "note", "add", "--contact", "Ana Ruiz", str(note))[1] == "0"
    return path


def test_adding_a_note_parses_and_embeds_without_torch_or_scikit_learn(
    db_path: Path, tmp_path: Path
) -> None:
    note = tmp_path / "another.txt"
    note.write_text("Call with Ana Ruiz. She has started rowing on weekends.", "utf-8")
    heavy, code = heavy_imports(db_path, "note", "add", "--contact", "Ana Ruiz", str(note))
    assert (heavy, code) == ("onnxruntime,spacy,thinc", "0")


def test_suggesting_embeds_without_torch_scikit_learn_or_spacy(db_path: Path) -> None:
    heavy, code = heavy_imports(db_path, "suggest", "--contact", "Ana Ruiz")
    assert code == "0" and set(heavy.split(",")) <= {"", "onnxruntime"}, heavy


@pytest.mark.parametrize("args", [["contacts"], ["contacts", "--json"]])
def test_listing_contacts_reads_the_store_without_sqlalchemy(
    db_path: Path, args: list[str]
) -> None:
    assert heavy_imports(db_path, *args, also=("sqlalchemy",)) == ("", "0")


def test_listing_contacts_of_a_store_to_migrate_opens_it_through_sqlalchemy(
    tmp_path: Path,
) -> None:
    # No store yet: it is created (and migrated) first, the one way there is.
    fresh = tmp_path / "new" / "giveback.db"
    assert heavy_imports(fresh, "contacts", also=("sqlalchemy",)) == ("sqlalchemy", "0")
    assert fresh.is_file()
