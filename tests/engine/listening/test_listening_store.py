"""The real spaCy listener through the store and the CLI (the model loads once per session)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from giveback.core.settings import DATA_DIR
from giveback.engine.contacts.store import get_contact, upsert_contact
from giveback.engine.listening.note_import import import_notes
from giveback.engine.listening.notes import add_note, current_extractor_version, reprocess
from giveback.engine.listening.signals import signals_for
from tests.support.cli import row_counts, run

pytestmark = pytest.mark.slow

SAMPLE = DATA_DIR / "sample"


def test_add_note_with_the_real_listener(session: Session, listener: Any) -> None:
    text = "Maria is looking for a contracts lawyer who knows SaaS."
    outcome = add_note(session, "Maria Lopez", text, date(2024, 5, 1), listener)
    needs = [s for s in outcome.signals if s.kind == "need"]
    assert needs and "lawyer" in needs[0].phrase and needs[0].status == "active"
    assert all(text[s.start : s.end] == s.evidence for s in outcome.signals)
    assert {s.extractor_version for s in outcome.signals} == {current_extractor_version()}


def test_a_later_note_resolves_the_need_end_to_end(session: Session, listener: Any) -> None:
    add_note(
        session,
        "Maria Lopez",
        "Maria needs a contracts lawyer for the Granite deal.",
        date(2024, 1, 5),
        listener,
    )
    add_note(
        session,
        "Maria Lopez",
        "Update: she found a lawyer through Priya.",
        date(2024, 2, 9),
        listener,
    )
    needs = [s for s in signals_for(session, get_contact(session, "Maria Lopez"))
             if s.kind == "need"]  # fmt: skip
    first = next(s for s in needs if s.note_date == date(2024, 1, 5) and "lawyer" in s.phrase)
    assert first.heard_status == "active" and first.status == "resolved"
    assert first.closed_by is not None and "found a lawyer" in first.closed_by.evidence


def test_reprocessing_the_sample_is_idempotent(session: Session, listener: Any) -> None:
    from giveback.engine.contacts.store import import_contacts_jsonl

    import_contacts_jsonl(session, SAMPLE / "contacts.jsonl")
    report = import_notes(session, SAMPLE / "notes.jsonl", listener)
    assert report.added >= 30 and not report.processing.failed

    def snapshot() -> list[tuple[Any, ...]]:
        return sorted(
            (s.note_id, s.kind, s.phrase, s.start, s.status)
            for c in [get_contact(session, n) for n in ("Maria Lopez", "Jordan Blake")]
            for s in signals_for(session, c)
        )

    before = snapshot()
    assert before
    again = reprocess(session, listener, everything=True)
    assert again.processed == report.added and snapshot() == before
    assert import_notes(session, SAMPLE / "notes.jsonl", listener).added == 0


@pytest.mark.parametrize(
    "text",
    ["Ann mentioned that Tom Reyes is looking for a new job.",
     "Ann said her cofounder Tom needs a lawyer."],
)  # fmt: skip
def test_a_known_third_party_gets_the_signal(session: Session, listener: Any, text: str) -> None:
    upsert_contact(session, "Tom Reyes", aliases=["Tom"])
    session.commit()
    add_note(session, "Ann Lee", text, date(2024, 3, 1), listener)
    toms = signals_for(session, get_contact(session, "Tom Reyes"))
    assert toms and all(s.about == "third_party" for s in toms)
    assert signals_for(session, get_contact(session, "Ann Lee")) == []


def test_cli_extract_json_with_the_real_model(db_path: Path, tmp_path: Path, listener: Any) -> None:
    path = tmp_path / "note.txt"
    text = "Call with Dan. He is training for a marathon and needs a running coach."
    path.write_text(text)
    result = run(db_path, "extract", "--json", "--date", "2024-05-01", str(path), listener=listener)
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    kinds = {s["kind"] for s in entry["signals"]}
    assert {"interest", "need"} <= kinds
    for signal in entry["signals"]:
        assert text[signal["start"] : signal["end"]] == signal["evidence"]
        assert signal["status"] in {"active", "negated", "resolved", "hedged"}
    assert not db_path.exists()


def test_a_note_in_another_language_is_stored_with_a_warning(
    db_path: Path, tmp_path: Path, listener: Any
) -> None:
    path = tmp_path / "nota.txt"
    path.write_text(
        "Reunión con Lucía ayer. Está buscando un abogado para su empresa y quiere mudarse a "
        "Madrid el próximo año con su familia, porque su marido tiene un trabajo nuevo allí.",
        encoding="utf-8",
    )
    result = run(db_path, "note", "add", "--contact", "Lucía", str(path), listener=listener)
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("warning: note 1:")
    assert "heard 0 signals" in result.stdout
    assert row_counts(db_path) == {"contacts": 1, "notes": 1, "signals": 0, "mentions": 0}


def test_demo_prints_what_it_heard_and_the_next_gives(listener: Any, embedder: Any) -> None:
    from click.testing import CliRunner

    from giveback.service.cli.app import main

    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    for name in (json.loads(line)["name"] for line in (SAMPLE / "contacts.jsonl").open()):
        assert name in result.stdout
    heard, _, gives = result.stdout.partition("The next give for each relationship")
    assert "What it heard" in heard and "needs" in heard and "[resolved]" in heard
    assert gives, "the demo prints the next give per relationship"
    assert "contact" in gives and "why    " in gives and "draft  " in gives
    # Readable in a 100-column terminal (output that is not a terminal is laid out for 100).
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
