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
