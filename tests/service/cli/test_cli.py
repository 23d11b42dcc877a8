"""The CLI's normal paths (scripted listener), its help, and its light imports."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from giveback.service.cli.app import main
from tests.support.cli import heavy_imports, row_counts, run
from tests.support.fakes import FakeListener

NOTE = "Lunch with @Maria. [need:contracts lawyer] [interest:trail running] [hedged/need:intro]"


@pytest.fixture
def note_file(tmp_path: Path) -> Path:
    path = tmp_path / "maria.txt"
    path.write_text(NOTE)
    return path


def test_note_add_then_contacts_and_signals(
    db_path: Path, note_file: Path, fake: FakeListener
) -> None:
    result = run(
        db_path,
        "note",
        "add",
        "--contact",
        "Maria Lopez",
        "--date",
        "2024-05-01",
        str(note_file),
        listener=fake,
    )
    assert result.exit_code == 0, result.output
    assert (
        "Stored note 1 for Maria Lopez (new contact), 2024-05-01; heard 3 signals." in result.stdout
    )
    assert "contracts lawyer" in result.stdout and result.stderr == ""
    again = run(
        db_path,
        "note",
        "add",
        "--contact",
        "maria lopez",
        "--date",
        "2024-05-01",
        str(note_file),
        listener=fake,
    )
    assert "Already stored as note 1" in again.stdout
    assert row_counts(db_path)["notes"] == 1

    contacts = json.loads(run(db_path, "contacts", "--json").stdout)
    assert contacts == [
        {
            "id": 1,
            "name": "Maria Lopez",
            "aliases": [],
            "email": None,
            "tags": [],
            "tier": None,
            "notes": 1,
            "signals": 3,
            "last_note": "2024-05-01",
        }
    ]
    assert "Maria Lopez" in run(db_path, "contacts").stdout

    signals = json.loads(run(db_path, "signals", "--contact", "MARIA LOPEZ", "--json").stdout)
    assert [(s["kind"], s["phrase"], s["status"]) for s in signals] == [
        ("need", "contracts lawyer", "active"), ("interest", "trail running", "active"),
        ("need", "intro", "hedged")]  # fmt: skip
    assert {"contact", "evidence", "start", "end", "about", "confidence", "note_date"} <= set(
        signals[0]
    )
    text = run(db_path, "signals", "--contact", "Maria Lopez").stdout
    assert "Needs" in text and "Interests" in text and "hedged" in text


def test_note_add_reads_standard_input_and_prints_json(db_path: Path, fake: FakeListener) -> None:
    result = run(
        db_path,
        "note",
        "add",
        "--contact",
        "Ann",
        "--json",
        "-",
        listener=fake,
        stdin="[interest:kites]\n",
    )
    data = json.loads(result.stdout)
    assert data["contact"] == "Ann" and not data["duplicate"]
    assert [s["phrase"] for s in data["signals"]] == ["kites"]


def test_a_new_contact_that_looks_like_a_known_one_is_flagged(
    db_path: Path, fake: FakeListener
) -> None:
    run(db_path, "note", "add", "--contact", "Maria Lopez", "-", listener=fake, stdin="hi")
    result = run(db_path, "note", "add", "--contact", "Maria", "-", listener=fake, stdin="yo")
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        "warning: created a new contact 'Maria'; did you mean Maria Lopez?"
    )
    missing = run(db_path, "signals", "--contact", "Lopez")
    assert missing.stderr.strip() == "error: no contact named 'Lopez'; did you mean Maria Lopez?"


def test_warnings_are_printed_and_the_note_kept(db_path: Path, fake: FakeListener) -> None:
    result = run(
        db_path,
        "note",
        "add",
        "--contact",
        "Ann",
        "-",
        listener=fake,
        stdin="[foreign] Hola, ¿qué tal?",
    )
    assert result.exit_code == 0
    assert result.stderr.strip() == "warning: note 1: the note does not look like English"
    assert row_counts(db_path)["notes"] == 1


def test_extract_stores_nothing_and_loads_the_listener_once(
    db_path: Path, note_file: Path, tmp_path: Path, fake: FakeListener
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("[event:move]")
    result = run(
        db_path,
        "extract",
        str(note_file),
        str(other),
        "-",
        "--json",
        listener=fake,
        stdin="[commitment:send the deck]",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == [str(note_file), str(other), "-"]
    first = data[0]["signals"][0]
    assert {"kind", "phrase", "evidence", "start", "end", "about", "status", "confidence"} <= set(
        first
    )
    assert NOTE[first["start"] : first["end"]] == first["evidence"]
    assert fake.batches == [3]  # one call for all inputs
    assert not db_path.exists()
    plain = run(db_path, "extract", str(note_file), listener=fake)
    assert "maria.txt  (3 signals)" in plain.stdout and "contracts lawyer" in plain.stdout


def test_import_and_reprocess(db_path: Path, tmp_path: Path, fake: FakeListener) -> None:
    path = tmp_path / "notes.jsonl"
    rows = [{"id": str(i), "contact": f"P{i % 2}", "date": "2024-01-0" + str(i + 1),
             "text": f"[need:thing {i}]"} for i in range(4)]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first = run(db_path, "note", "import", str(path), listener=fake)
    assert first.exit_code == 0, first.output
    assert "4 new notes (0 already stored), 2 new contacts; heard 4 signals." in first.stdout
    second = json.loads(run(db_path, "note", "import", "--json", str(path), listener=fake).stdout)
    assert (second["added"], second["duplicates"]) == (0, 4)
    assert "Every note is up to date." in run(db_path, "reprocess", listener=fake).stdout
    redo = run(db_path, "reprocess", "--all", listener=fake)
    assert "Re-processed 4 notes; heard 4 signals." in redo.stdout
    assert row_counts(db_path) == {"contacts": 2, "notes": 4, "signals": 4, "mentions": 0}


def test_an_import_embeds_what_its_signals_are_searched_by(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    catalog = tmp_path / "gives.jsonl"
    catalog.write_text(
        json.dumps({"id": "a1", "type": "article", "title": "A guide to hiring a bookkeeper"})
        + "\n"
    )
    assert run(db_path, "catalog", "import", str(catalog)).exit_code == 0
    notes = tmp_path / "notes.jsonl"
    rows = [{"contact": f"P{i}", "date": "2026-01-02", "text": f"[need:bookkeeper {i}]"}
            for i in range(3)]  # fmt: skip
    notes.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert run(db_path, "note", "import", str(notes), listener=fake).exit_code == 0
    embedded = _embeddings(db_path)
    assert embedded == 1 + 3  # the catalog item, and each signal's query
    assert run(db_path, "next", listener=fake).exit_code == 0
    assert _embeddings(db_path) == embedded  # the first ranking found every vector made


def _embeddings(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        return int(db.execute("SELECT count(*) FROM embeddings").fetchone()[0])


def _every_command() -> list[list[str]]:
    """Every command and subcommand of ``giveback``, found by walking the command tree."""
    found: list[list[str]] = [[]]

    def walk(group: click.Group, path: list[str]) -> None:
        context = click.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, name
            found.append([*path, name])
            if isinstance(command, click.Group):
                walk(command, [*path, name])

    walk(main, [])
    return found


COMMANDS = _every_command()


def test_the_walk_finds_subcommands() -> None:
    assert {("note", "add"), ("catalog", "import"), ("eval", "suggest"),
            ("intro", "outcome")} <= {tuple(c) for c in COMMANDS}  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "giveback")
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout
    example = result.stdout.split("Example:")[1]
    assert (f"giveback {command[0]}" if command else "giveback ") in example


def test_usage_errors_exit_with_code_2() -> None:
    result = CliRunner().invoke(main, ["note", "add", "x.txt"], prog_name="giveback")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: missing option '--contact' (usage: giveback note add [OPTIONS] FILE; "
        "see `giveback note add --help`)\n"
    )


@pytest.mark.parametrize(
    "args",
    [["contacts", "--help"], ["--help"], ["contacts"], ["contacts", "--json"],
     ["signals", "--contact", "Nobody"], ["note", "add", "--help"], ["catalog", "list"],
     ["suggest", "--help"], ["next", "--help"], ["eval", "extract", "--help"],
     ["eval", "suggest", "--help"], ["give", "--to", "Nobody", "--kind", "advice", "x"],
     ["user", "--help"], ["token", "--help"], ["serve", "--help"]],
    ids=lambda a: " ".join(a),
)  # fmt: skip
def test_commands_without_a_model_do_not_import_torch_or_spacy(
    args: list[str], db_path: Path
) -> None:
    heavy, code = heavy_imports(db_path, *args)
    assert heavy == "", heavy
    assert code in ("0", "2"), code


def test_db_option_overrides_the_environment(
    tmp_path: Path, fake: FakeListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner as Runner

    from giveback.core.settings import get_settings
    from giveback.service.cli.context import App

    env_db = tmp_path / "env" / "giveback.db"
    monkeypatch.setenv("GIVEBACK_DATABASE_URL", f"sqlite:///{env_db}")
    get_settings.cache_clear()
    try:
        option_db = tmp_path / "option.db"
        run(option_db, "note", "add", "--contact", "Ann", "-", listener=fake, stdin="hi")
        assert row_counts(option_db)["notes"] == 1 and not env_db.exists()
        app = App(listener_factory=lambda: fake, extractor_version="fake-1")
        Runner().invoke(main, ["note", "add", "--contact", "Bo", "-"], obj=app, input="yo")
        assert row_counts(env_db)["notes"] == 1
    finally:
        get_settings.cache_clear()
