"""The labeled hard-time sentences: every file reads, each split is whole writers, and a bad
line is one clear error naming where it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from giveback.core.errors import InvalidInput
from giveback.core.settings import DATA_DIR
from giveback.pipelines.hard_times.sentences import (
    HARD_KINDS,
    SPLITS,
    load_split,
    read_writer,
)

ROOT = DATA_DIR / "hard_times"


def test_every_split_reads_and_no_writer_is_in_two() -> None:
    writers: dict[str, str] = {}
    for split in SPLITS:
        sentences = load_split(ROOT, split)
        assert sentences, split
        # Enough of each to learn from, and near misses beside the hard times.
        assert 0.25 < sum(s.hard for s in sentences) / len(sentences) < 0.6, split
        for writer in {s.writer for s in sentences}:
            assert writers.setdefault(writer, split) == split, writer
    train = load_split(ROOT, "train")
    assert {s.kind for s in train if s.hard} == set(HARD_KINDS)


def test_the_files_in_no_split_follow_the_brief_too() -> None:
    for path in sorted((ROOT / "unused").glob("*.jsonl")):
        sentences = read_writer(path)
        assert 0.25 < sum(s.hard for s in sentences) / len(sentences) < 0.6, path
        assert path.stem not in {s.writer for split in SPLITS for s in load_split(ROOT, split)}


def _write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_good_line_reads(tmp_path: Path) -> None:
    row = {"text": " had her op Tuesday ", "label": "hard", "kind": "surgery", "who": "contact"}
    path = _write(tmp_path, row)
    (sentence,) = read_writer(path)
    assert (sentence.text, sentence.hard, sentence.writer) == ("had her op Tuesday", True, "w")


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ({"text": "x", "label": "sad", "kind": "surgery", "who": "contact"}, "'label'"),
        ({"text": "x", "label": "hard", "kind": "past", "who": "contact"}, "'kind'"),
        ({"text": "x", "label": "not", "kind": "surgery", "who": "contact"}, "'kind'"),
        ({"text": "", "label": "not", "kind": "past", "who": "contact"}, "'text'"),
        ({"text": "x", "label": "not", "kind": "past", "who": "her"}, "'who'"),
        (["x"], "JSON object"),
    ],
)
def test_a_bad_line_names_the_file_and_line(tmp_path: Path, row: object, says: str) -> None:
    ok = {"text": "fine", "label": "not", "kind": "ordinary", "who": "contact"}
    path = _write(tmp_path, ok, row)
    with pytest.raises(InvalidInput, match=rf"w\.jsonl:2: .*{says}"):
        read_writer(path)


def test_a_line_that_is_not_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_text('{"text": \n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"w\.jsonl:1: not JSON"):
        read_writer(path)


def test_an_unknown_split_or_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no split 'final'"):
        load_split(ROOT, "final")
    with pytest.raises(InvalidInput, match="does not exist"):
        load_split(tmp_path, "dev")
