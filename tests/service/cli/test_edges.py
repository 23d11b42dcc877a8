"""The CLI at its edges (issue 17): odd files, deep JSON, far dates, click's own usage errors.

Each is one ``error:`` line and exit code 2, with nothing stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import assert_one_error, row_counts, run
from tests.support.fakes import FakeListener
from tests.support.paths import ROOT

EMPTY = {"contacts": 0, "notes": 0, "signals": 0, "mentions": 0}
TABLES = ("contacts", "notes", "catalog_items", "ledger_entries", "feedback")
# Every command that reads a file named on its command line.
READERS = [
    ["catalog", "import"],
    ["note", "import"],
    ["note", "add", "--contact", "Maria Lopez"],
    ["extract"],
]
READER_IDS = [" ".join(c[:2]) for c in READERS]
CLI = "from giveback.service.cli.app import main; main()"


def nothing_stored(db_path: Path) -> bool:
    return set(row_counts(db_path, TABLES).values()) == {0}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", READERS, ids=READER_IDS)
def test_a_named_pipe_is_refused_not_waited_on(
    db_path: Path, tmp_path: Path, command: list[str]
) -> None:
    fifo = tmp_path / "notes.jsonl"
    os.mkfifo(fifo)
    # A separate process with a timeout: a CLI that waits for a writer fails this test (the
    # timeout kills it), not the whole suite.
    done = subprocess.run(
        [sys.executable, "-c", CLI, "--db", str(db_path), *command, str(fifo)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GIVEBACK_HOME": str(tmp_path / "home")},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"error: {fifo} is a named pipe (FIFO); give a regular file, or '-' to read standard input"
    ]
    assert nothing_stored(db_path)


@pytest.mark.parametrize("command", READERS, ids=READER_IDS)
def test_a_symbolic_link_loop_is_one_error_line(
    db_path: Path, tmp_path: Path, fake: FakeListener, command: list[str]
) -> None:
    loop, back = tmp_path / "loop.jsonl", tmp_path / "back.jsonl"
    loop.symlink_to(back)
    back.symlink_to(loop)
    result = run(db_path, *command, str(loop), listener=fake)
    assert_one_error(result, f"{loop} cannot be read (")
    assert nothing_stored(db_path) and fake.batches == []


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null here")
@pytest.mark.parametrize("command", READERS, ids=READER_IDS)
def test_a_device_is_refused(db_path: Path, fake: FakeListener, command: list[str]) -> None:
    result = run(db_path, *command, "/dev/null", listener=fake)
    assert_one_error(result, "/dev/null is a device; give a regular file, or '-'")
    assert nothing_stored(db_path)


def test_a_regular_file_behind_a_symbolic_link_is_read(
    db_path: Path, tmp_path: Path, fake: FakeListener
) -> None:
    target = tmp_path / "note.txt"
    target.write_text("She loves [interest:kites].", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    result = run(db_path, "note", "add", "--contact", "Ann", str(tmp_path / "link.txt"),
                 listener=fake)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert row_counts(db_path)["notes"] == 1


DEEP = 100_000


@pytest.mark.parametrize("command", [["catalog", "import"], ["note", "import"]])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * DEEP + "]" * DEEP),
        ("deep.jsonl", '{"a": ' * DEEP + "1" + "}" * DEEP),
        # Deep enough that nothing real nests so, shallow enough that json.loads copes.
        ("nested.jsonl", '{"contact": "Ann", "date": "2026-01-01", "type": "article", '
         '"title": "x", "text": ' + "[" * 150 + "]" * 150 + "}"),
    ],
)  # fmt: skip
def test_deeply_nested_json_is_one_error_line(
    db_path: Path, tmp_path: Path, fake: FakeListener, command: list[str], name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run(db_path, *command, str(path), listener=fake)
    assert_one_error(result, name, "nested more than 100 levels deep")
    assert nothing_stored(db_path)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "command",
    [
        ["suggest", "--as-of"],
        ["next", "--as-of"],
        ["ledger", "--as-of"],
        ["tier", "Ann", "close", "--as-of"],
        ["give", "--to", "Ann", "--kind", "advice", "x", "--date"],
        ["received", "--from", "Ann", "--kind", "advice", "x", "--date"],
        ["snooze", "Ann", "art-1", "--until"],
        ["today", "--date"],
        ["intro", "me", "Lee Wong", "--by", "Ann", "--date"],
        ["note", "add", "--contact", "Ann", "-", "--date"],
        ["extract", "-", "--date"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_one_date_range_for_every_date_option(
    db_path: Path, fake: FakeListener, command: list[str], day: str
) -> None:
    result = run(db_path, *command, day, listener=fake, stdin="She loves [interest:kites].")
    assert_one_error(result, f"date {day} is not between 1900-01-01 and 2999-12-31")
    assert nothing_stored(db_path) and fake.batches == []


@pytest.mark.parametrize("day", ["0001-01-01", "3000-01-01"])
def test_an_import_with_a_far_date_stores_nothing(
    db_path: Path, tmp_path: Path, fake: FakeListener, day: str
) -> None:
    path = tmp_path / "notes.jsonl"
    rows = [{"contact": "Ann", "date": "2026-01-01", "text": "fine [interest:kites]"},
            {"contact": "Bo", "date": day, "text": "far [interest:kites]"}]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run(db_path, "note", "import", str(path), listener=fake)
    assert_one_error(result, "line 2: date", "is not between 1900-01-01 and 2999-12-31")
    assert row_counts(db_path) == EMPTY


@pytest.mark.parametrize("day", ["1900-01-01", "2999-12-31"])
def test_the_ends_of_the_range_are_dates_too(db_path: Path, fake: FakeListener, day: str) -> None:
    result = run(db_path, "note", "add", "--contact", "Ann", "--date", day, "-", listener=fake,
                 stdin="She loves [interest:kites].")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert row_counts(db_path)["notes"] == 1


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["note", "add", "x.txt"],
         ["error: missing option '--contact' (usage: ", " note add [OPTIONS] FILE; see `",
          " note add --help`)"]),
        (["catalog", "import", "--format", "zip", "x"],
         ["error: invalid value for '--format': 'zip' is not one of 'auto'",
          "catalog import [OPTIONS] FILE"]),
        (["suggest", "--limit", "many"], ["invalid value for '--limit'", "suggest [OPTIONS]"]),
        (["nosuch"], ["error: no such command 'nosuch'", "[OPTIONS] COMMAND [ARGS]..."]),
        (["--nope", "contacts"], ["error: no such option '--nope'"]),
        (["note", "add", "--contact", "Ann", "/"], ["invalid value for 'FILE'", "is a directory"]),
    ],
    ids=["missing option", "not a choice", "not a number", "no command", "no option", "folder"],
)  # fmt: skip
def test_click_usage_errors_are_our_one_error_line(
    db_path: Path, args: list[str], fragments: list[str]
) -> None:
    assert_one_error(run(db_path, *args), *fragments)


def test_both_db_and_user_is_a_usage_error_line(db_path: Path) -> None:
    assert_one_error(run(db_path, "--user", "maria", "contacts"), "error: give --db or --user")


def test_a_group_asked_for_nothing_still_shows_its_help(db_path: Path) -> None:
    result = run(db_path, "note")
    assert result.exit_code == 2 and "Store notes: one at a time" in result.output
