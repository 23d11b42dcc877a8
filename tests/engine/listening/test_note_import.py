"""Bulk import of notes: JSONL, JSON and CSV; validated whole; never duplicated on re-import."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.errors import ImportRefused, InvalidInput
from giveback.core.tables import Contact, Note, SignalRow
from giveback.engine.listening.note_import import import_notes, read_note_rows, store_rows
from tests.conftest import FAKE_VERSION
from tests.support.fakes import FakeListener

ROWS = [
    {"id": "n1", "contact": "Maria Lopez", "date": "2024-01-05", "text": "[need:contracts lawyer]"},
    {"id": "n2", "contact": "maria lopez", "date": "2024-02-05", "text": "[interest:running]"},
    {"contact": "Dan", "date": "2024-01-07", "text": "[need:backend role] and @Maria"},
    {"contact": "Dan", "date": "2024-03-01", "text": "[resolved/need:role] update"},
]


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "contact", "date", "text"])
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("writer", [write_jsonl, write_csv], ids=["jsonl", "csv"])
def test_import_twice_never_duplicates(
    session: Session, fake: FakeListener, tmp_path: Path, writer: Any
) -> None:
    path = writer(tmp_path / ("notes.jsonl" if writer is write_jsonl else "notes.csv"), ROWS)
    first = import_notes(session, path, fake, FAKE_VERSION)
    assert (first.added, first.duplicates, first.new_contacts) == (4, 0, 2)
    assert first.processing.processed == 4 and first.processing.signals == 4
    snapshot = (count(session, Note), count(session, SignalRow), count(session, Contact))
    second = import_notes(session, path, fake, FAKE_VERSION)
    assert (second.added, second.duplicates, second.note_ids) == (0, 4, [])
    assert (count(session, Note), count(session, SignalRow), count(session, Contact)) == snapshot
    assert set(session.scalars(select(Note.source))) == {f"import:{path.name}"}


def test_rows_with_an_id_are_recognised_by_it(
    session: Session, fake: FakeListener, tmp_path: Path
) -> None:
    import_notes(session, write_jsonl(tmp_path / "a.jsonl", ROWS[:1]), fake, FAKE_VERSION)
    edited = [{**ROWS[0], "text": "[need:lawyer] edited in the other tool"}]
    report = import_notes(session, write_jsonl(tmp_path / "b.jsonl", edited), fake, FAKE_VERSION)
    assert report.duplicates == 1 and count(session, Note) == 1


def test_rows_without_an_id_are_recognised_by_content(
    session: Session, fake: FakeListener, tmp_path: Path
) -> None:
    row = {"contact": "Ann", "date": "2024-01-01", "text": "Lunch.  [interest:kites]"}
    same = {"contact": "ANN", "date": "2024-01-01", "text": " Lunch. [interest:kites]\n"}
    later = {**row, "date": "2024-01-02"}
    report = import_notes(
        session, write_jsonl(tmp_path / "n.jsonl", [row, same, later]), fake, FAKE_VERSION
    )
    assert (report.added, report.duplicates) == (2, 1)


def test_an_alias_in_the_file_finds_the_existing_contact(
    session: Session, fake: FakeListener, tmp_path: Path
) -> None:
    from giveback.engine.contacts.store import upsert_contact

    upsert_contact(session, "Daniel Okafor", aliases=["Dan"])
    session.commit()
    report = import_notes(session, write_jsonl(tmp_path / "n.jsonl", ROWS[2:]), fake, FAKE_VERSION)
    assert report.new_contacts == 0 and count(session, Contact) == 1


def test_a_bad_row_refuses_the_whole_file(
    session: Session, fake: FakeListener, tmp_path: Path
) -> None:
    rows = [*ROWS[:2], {"contact": "Ann", "date": "2024-01-01", "text": "   "},
            {"contact": "x" * 10_000, "date": "2024-01-01", "text": "hi"},
            {"contact": "Bo", "date": "yesterday", "text": "hi"},
            {"contact": "Cy", "date": "2024-01-01", "text": "hi"}]  # fmt: skip
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    path.write_text(path.read_text() + "{not json\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_notes(session, path, fake, FAKE_VERSION)
    message = str(caught.value)
    assert "nothing imported" in message and "line 3: note is empty" in message
    assert "line 4: contact name is 10,000 characters" in message
    assert "line 5: date 'yesterday' is not a date" in message
    assert message.endswith("(and 1 more problem)")  # the broken JSON on line 7
    assert count(session, Note) == count(session, Contact) == 0 and fake.batches == []


@pytest.mark.parametrize(
    ("content", "message"),
    [("contact,text\n", "holds no notes"),
     ("name,body\nAnn,hi\n", "CSV header lacks contact, text"),
     ('{"contact": "Ann", "text": "hi"}\n', "date is missing"),
     ('["not an object"]', "record 1: each note must be an object")],
)  # fmt: skip
def test_malformed_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    suffix = ".json" if content.startswith("[") else ".csv" if "," in content[:12] else ".jsonl"
    path = tmp_path / f"notes{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused, match=message):
        read_note_rows(path)


def test_non_utf8_import_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("contact,date,text\nJosé,2024-01-01,café\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"latin.csv is not UTF-8 text \(byte 0xe9 at line 2\)"):
        read_note_rows(path)


def test_listening_is_batched(session: Session, fake: FakeListener, tmp_path: Path) -> None:
    rows = [{"contact": f"P{i % 3}", "date": "2024-01-01", "text": f"note {i} [interest:x{i}]"}
            for i in range(7)]  # fmt: skip
    steps: list[int] = []
    report = import_notes(
        session,
        write_jsonl(tmp_path / "n.jsonl", rows),
        fake,
        FAKE_VERSION,
        batch_size=3,
        progress=steps.append,
    )
    assert fake.batches == [3, 3, 1] and steps == [3, 3, 1]
    assert report.processing.processed == 7


def test_reimport_finishes_an_interrupted_import(
    session: Session, fake: FakeListener, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ROWS)
    stored = store_rows(session, read_note_rows(path), source="import:n.jsonl")  # then a crash
    assert stored.added == 4 and count(session, SignalRow) == 0
    report = import_notes(session, path, fake, FAKE_VERSION)
    assert report.added == 0 and sorted(report.note_ids) == sorted(stored.note_ids)
    assert count(session, SignalRow) == 4 and count(session, Note) == 4
