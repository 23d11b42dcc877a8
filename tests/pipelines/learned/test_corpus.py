"""The labeled corpus in data/annotation: it follows its guide, and its splits are by writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from giveback.core.errors import InvalidInput
from giveback.pipelines.learned.corpus import (
    load_split,
    parse_note,
    problems,
    read_notes,
    split_files,
    threads,
)
from tests.support.corpus import DEV, TRAIN, closes, note, sig, write_corpus, write_rows
from tests.support.paths import ROOT

ANNOTATION = ROOT / "data" / "annotation"
SPLITS = ("train", "dev", "test")
FILES = sorted(ANNOTATION.glob("*/*.jsonl"))


def test_the_corpus_is_there() -> None:
    assert {p.parent.name for p in FILES} == {*SPLITS, "agreement", "unused"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_follows_the_guide(path: Path) -> None:
    notes = read_notes([path])
    assert notes
    assert problems(notes) == []


@pytest.mark.parametrize("split", SPLITS)
def test_each_file_of_a_split_is_one_writer(split: str) -> None:
    for path in split_files(ANNOTATION, split):
        assert {n.writer for n in read_notes([path])} == {path.stem}


def test_no_writer_is_in_two_splits() -> None:
    writers = {s: {n.writer for n in load_split(ANNOTATION, s)} for s in SPLITS}
    assert all(writers.values())
    assert writers["train"].isdisjoint(writers["dev"])
    assert writers["train"].isdisjoint(writers["test"])
    assert writers["dev"].isdisjoint(writers["test"])


def test_no_thread_or_note_is_in_two_splits() -> None:
    notes = {s: load_split(ANNOTATION, s) for s in SPLITS}
    ids = [n.id for s in SPLITS for n in notes[s]]
    assert len(ids) == len(set(ids))
    thread_sets = [set(threads(notes[s])) for s in SPLITS]
    assert sum(len(t) for t in thread_sets) == len(set().union(*thread_sets))


def test_agreement_only_re_annotates_notes_of_the_test_split() -> None:
    test = {n.id: n for n in load_split(ANNOTATION, "test")}
    again = read_notes(sorted((ANNOTATION / "agreement").glob("*.jsonl")))
    assert again
    for n in again:
        assert n.id in test, f"{n.id} is not a note of the test split"
        assert n.text == test[n.id].text
        assert (n.thread, n.date, n.contact) == (
            test[n.id].thread,
            test[n.id].date,
            test[n.id].contact,
        )


def test_labeled_closures_name_earlier_signals_of_their_thread() -> None:
    notes = load_split(ANNOTATION, "train")
    by_id = {n.id: n for n in notes}
    closures = [(n, c) for n in notes for c in n.closures]
    assert closures  # the closure model has something to learn from
    for n, c in closures:
        target_note, _, target_signal = c.target.partition("/")
        earlier = by_id[target_note]
        assert earlier.thread == n.thread and earlier.date <= n.date
        assert target_signal in {s.id for s in earlier.signals}
        assert n.text[c.start : c.end] == c.evidence


def test_evidence_spans_are_located_in_the_text(tmp_path: Path) -> None:
    notes = read_notes([write_rows(tmp_path / "w1.jsonl", TRAIN)])
    for n in notes:
        for s in n.signals:
            assert n.text[s.start : s.end] == s.evidence
    first = notes[0]
    assert (first.id, first.thread, first.writer) == ("w1-t01-n1", "w1-t01", "w1")
    contact = first.note_input().contact
    assert contact is not None and contact.aliases == ("Dana",)


def test_threads_are_oldest_first(tmp_path: Path) -> None:
    rows = list(reversed(TRAIN[:2]))  # the later note first in the file
    grouped = threads(read_notes([write_rows(tmp_path / "w1.jsonl", rows)]))
    assert [n.id for n in grouped["w1-t01"]] == ["w1-t01-n1", "w1-t01-n2"]


def _line_error(tmp_path: Path, broken: dict[str, object]) -> str:
    path = write_rows(tmp_path / "w9.jsonl", [TRAIN[0], broken])
    with pytest.raises(InvalidInput) as caught:
        read_notes([path])
    return str(caught.value)


def test_a_row_without_a_required_key_names_its_file_and_line(tmp_path: Path) -> None:
    broken = {k: v for k, v in TRAIN[2].items() if k != "contact"}
    assert _line_error(tmp_path, broken).startswith("w9.jsonl:2:")


def test_a_signal_without_a_kind_names_its_file_and_line(tmp_path: Path) -> None:
    row = json.loads(json.dumps(TRAIN[2]))
    del row["signals"][0]["kind"]
    assert _line_error(tmp_path, row).startswith("w9.jsonl:2:")


def test_evidence_that_is_not_in_the_text_names_its_file_and_line(tmp_path: Path) -> None:
    row = json.loads(json.dumps(TRAIN[2]))
    row["signals"][1]["evidence"] = "moving to Denver"  # the text says "Moving to Denver"
    message = _line_error(tmp_path, row)
    assert message.startswith("w9.jsonl:2:")
    assert "moving to Denver" in message


def test_closure_evidence_that_is_not_in_the_text_is_refused(tmp_path: Path) -> None:
    row = json.loads(json.dumps(TRAIN[1]))
    row["closures"][0]["evidence"] = "she hired a lawyer"
    assert _line_error(tmp_path, row).startswith("w9.jsonl:2:")


def test_a_bad_date_is_refused(tmp_path: Path) -> None:
    row = dict(TRAIN[2], date="March 3rd")
    assert _line_error(tmp_path, row).startswith("w9.jsonl:2:")


def test_problems_finds_what_breaks_the_guide() -> None:
    rows = [
        note(
            "w1-t09-n1",
            "Dana Ruiz",
            "2026-01-10",
            "She loves golf. She loves golf a lot.\nI'll send the deck",
            [
                sig("s1", "interest", "golf", "She loves golf"),  # occurs twice
                sig("s2", "commitment", "send the deck", "I'll send the deck"),  # not the user's
                sig("s3", "wish", "deck", "send the deck", about="user"),  # no such kind
                sig("s4", "interest", "golf", "golf a lot", about="third_party"),  # who missing
            ],
        ),
        note(
            "w1-t09-n2",
            "Dana Ruiz",
            "2026-02-10",
            "She quit golf.",
            [],
            [closes("w1-t09-n1/s9", "She quit golf", "met"), closes("w1-t08-n1/s1", "golf", "x")],
        ),
    ]
    found = problems([parse_note(r, f"t.jsonl:{i}") for i, r in enumerate(rows, 1)])
    assert found == [
        "w1-t09-n1/s1: evidence occurs 2 times",
        "w1-t09-n1/s2: a commitment is the user's",
        "w1-t09-n1/s3: kind, status or about is not one of the guide's",
        "w1-t09-n1/s4: who is set exactly for a third party",
        "w1-t09-n2: closes w1-t09-n1/s9, a signal that does not exist",
        "w1-t09-n2: closes w1-t08-n1/s1, not an earlier note of its thread",
        "w1-t09-n2: closure how 'x' is not one of the guide's",
    ]


def test_the_tiny_training_corpus_follows_the_guide(tmp_path: Path) -> None:
    root = write_corpus(tmp_path)
    assert problems(load_split(root, "train")) == []
    assert problems(load_split(root, "dev")) == []
    assert len(load_split(root, "train")) == len(TRAIN)
    assert len(load_split(root, "dev")) == len(DEV)


def test_an_empty_split_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    with pytest.raises(InvalidInput, match="no labeled notes"):
        split_files(tmp_path, "dev")


def test_the_older_single_file_sets_read_as_one_note_threads() -> None:
    root = ROOT / "data" / "eval"
    assert split_files(root, "dev") == [root / "extract_dev.jsonl"]
    notes = load_split(root, "dev")
    assert notes
    grouped = threads(notes)
    assert len(grouped) == len(notes)
    assert all(len(t) == 1 and t[0].id == key for key, t in grouped.items())
    assert {n.writer for n in notes} == {"extract_dev"}
    assert all(n.closures == () for n in notes)
    for n in notes:
        assert [s.id for s in n.signals] == [f"s{i}" for i in range(1, len(n.signals) + 1)]
        assert all(n.text[s.start : s.end] == s.evidence for s in n.signals)


def test_an_older_row_reads_with_its_file_as_writer(tmp_path: Path) -> None:
    row = {
        "id": "dev-99",
        "contact": "Maria Lopez",
        "date": "2026-03-04",
        "text": "Maria is looking for a contracts lawyer.",
        "signals": [
            {
                "kind": "need",
                "phrase": "contracts lawyer",
                "evidence": "looking for a contracts lawyer",
                "about": "contact",
                "status": "active",
            }
        ],
    }
    [got] = read_notes([write_rows(tmp_path / "extract_old.jsonl", [row])])
    assert (got.thread, got.writer, got.aliases, got.style) == ("dev-99", "extract_old", (), "")
    assert [(s.id, s.who, s.event_date) for s in got.signals] == [("s1", None, None)]
    assert problems([got]) == []
