"""``giveback signals`` shows which later note closed a signal; ``giveback reopen`` takes it back.

The scripted listener closes a contact's earlier open signal when a later note of the same
contact marks the same phrase resolved (how: met) or negated (how: no longer wanted).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import Result

from tests.support.cli import assert_one_error, row_counts, run
from tests.support.fakes import FakeListener

MARIA = "Maria Lopez"
FIRST = "Coffee with Maria. [need:contracts lawyer] [interest:sailing]"
CLOSER = "Update: [resolved/need:contracts lawyer]"
CLOSED_LINE = (
    'closed by: "[resolved/need:contracts lawyer]" (2026-03-20, met); wrong? giveback reopen 1'
)


def add(db_path: Path, fake: FakeListener, day: str, text: str, contact: str = MARIA) -> Result:
    """``giveback note add`` of ``text`` from standard input; fails the test if refused."""
    result = run(
        db_path, "note", "add", "--contact", contact, "--date", day, "-", listener=fake, stdin=text
    )
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def signals_json(db_path: Path, contact: str = MARIA) -> list[dict[str, Any]]:
    """``giveback signals --contact CONTACT --json``, parsed."""
    result = run(db_path, "signals", "--contact", contact, "--json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def by_id(signals: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Signals keyed by their id."""
    return {s["id"]: s for s in signals}


def closed_pair(db_path: Path, fake: FakeListener) -> None:
    """Maria needs a contracts lawyer (signal 1, note 1); a later note (note 2) says it is met."""
    add(db_path, fake, "2026-03-01", FIRST)
    add(db_path, fake, "2026-03-20", CLOSER)


def test_signals_shows_the_sentence_that_closed_a_signal(db_path: Path, fake: FakeListener) -> None:
    closed_pair(db_path, fake)
    result = run(db_path, "signals", "--contact", MARIA)
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Maria Lopez  [3 signals]"
    first = next(i for i, line in enumerate(lines) if '2026-03-01  "[need:contracts' in line)
    assert "resolved" in lines[first]
    assert lines[first + 1].strip() == CLOSED_LINE
    # Only the closed signal gets the line: not the closing one, not the open interest.
    assert sum("closed by:" in line for line in lines) == 1
    assert any("sailing" in line and "active" in line for line in lines)


def test_signals_json_carries_the_closure(db_path: Path, fake: FakeListener) -> None:
    closed_pair(db_path, fake)
    found = by_id(signals_json(db_path))
    assert sorted(found) == [1, 2, 3]
    lawyer = found[1]
    assert (lawyer["note_id"], lawyer["status"], lawyer["heard_status"]) == (
        1,
        "resolved",
        "active",
    )
    assert lawyer["closed_by"] == {
        "note_id": 2,
        "note_date": "2026-03-20",
        "evidence": "[resolved/need:contracts lawyer]",
        "start": CLOSER.index("["),
        "end": len(CLOSER),
        "how": "met",
        "confidence": 0.9,
    }
    assert found[2]["phrase"] == "sailing" and found[2]["closed_by"] is None
    assert found[3]["note_id"] == 2 and found[3]["closed_by"] is None
    assert found[3]["heard_status"] == "resolved"


def test_a_negated_mention_closes_as_no_longer_wanted(db_path: Path, fake: FakeListener) -> None:
    add(db_path, fake, "2026-03-01", FIRST)
    add(db_path, fake, "2026-04-02", "She gave it up. [negated/interest:sailing]")
    sailing = next(s for s in signals_json(db_path) if s["id"] == 2)
    assert sailing["status"] == "negated"
    assert sailing["closed_by"]["how"] == "no_longer_wanted"
    assert sailing["closed_by"]["note_date"] == "2026-04-02"
    text = run(db_path, "signals", "--contact", MARIA).stdout
    assert "(2026-04-02, no longer wanted); wrong? giveback reopen 2" in text


def test_only_a_later_note_of_the_same_contact_closes(db_path: Path, fake: FakeListener) -> None:
    add(db_path, fake, "2026-03-01", FIRST)
    add(db_path, fake, "2026-03-05", CLOSER, contact="Jordan Blake")
    add(db_path, fake, "2026-02-01", "Earlier call. [resolved/need:contracts lawyer]")
    lawyer = by_id(signals_json(db_path))[1]
    assert (lawyer["status"], lawyer["closed_by"]) == ("active", None)
    assert "closed by:" not in run(db_path, "signals", "--contact", MARIA).stdout


def test_reopen_opens_the_signal_again_in_one_line(db_path: Path, fake: FakeListener) -> None:
    closed_pair(db_path, fake)
    result = run(db_path, "reopen", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        'Reopened signal 1: need "contracts lawyer" is active again.'
    ]
    found = by_id(signals_json(db_path))
    assert (found[1]["status"], found[1]["closed_by"]) == ("active", None)
    assert found[3]["status"] == "resolved"  # the closing note's own signal is untouched
    assert "closed by:" not in run(db_path, "signals", "--contact", MARIA).stdout
    with sqlite3.connect(db_path) as conn:
        reopened = conn.execute("SELECT reopened_note_id FROM signals WHERE id = 1").fetchone()
    assert reopened == (2,)


def test_reopen_json_prints_the_reopened_signal(db_path: Path, fake: FakeListener) -> None:
    closed_pair(db_path, fake)
    result = run(db_path, "reopen", "1", "--json")
    assert result.exit_code == 0, result.output
    reopened = json.loads(result.stdout)
    assert reopened["id"] == 1 and reopened["phrase"] == "contracts lawyer"
    assert (reopened["status"], reopened["closed_by"]) == ("active", None)


def test_reopening_a_signal_that_is_not_closed_is_one_error(
    db_path: Path, fake: FakeListener
) -> None:
    closed_pair(db_path, fake)
    assert run(db_path, "reopen", "1").exit_code == 0
    before = signals_json(db_path)
    again = run(db_path, "reopen", "1")
    assert_one_error(again, "signal 1", "not closed")
    assert again.stdout == ""
    never_closed = run(db_path, "reopen", "2")
    assert_one_error(never_closed, "signal 2", "not closed")
    assert signals_json(db_path) == before


def test_reopening_an_unknown_signal_is_one_error(db_path: Path, fake: FakeListener) -> None:
    closed_pair(db_path, fake)
    before = signals_json(db_path)
    result = run(db_path, "reopen", "999999")
    assert_one_error(result, "no signal 999999")
    assert result.stdout == ""
    assert signals_json(db_path) == before
    assert row_counts(db_path)["signals"] == 3


def test_a_reopened_signal_stays_open_when_notes_are_heard_again(
    db_path: Path, fake: FakeListener
) -> None:
    closed_pair(db_path, fake)
    assert run(db_path, "reopen", "1").exit_code == 0
    again = run(db_path, "reprocess", "--all", listener=fake)
    assert again.exit_code == 0, again.output
    assert "Re-processed 2 notes" in again.stdout
    lawyer = by_id(signals_json(db_path))[1]
    assert (lawyer["status"], lawyer["closed_by"]) == ("active", None)
    # A newer note can still close it.
    add(db_path, fake, "2026-05-02", "She hired one. [resolved/need:contracts lawyer]")
    lawyer = by_id(signals_json(db_path))[1]
    assert lawyer["status"] == "resolved"
    assert lawyer["closed_by"]["note_id"] == 3
    assert lawyer["closed_by"]["note_date"] == "2026-05-02"


def test_a_first_name_alone_names_the_only_contact_it_fits(
    db_path: Path, fake: FakeListener
) -> None:
    add(db_path, fake, "2026-03-01", FIRST)
    assert [s["phrase"] for s in signals_json(db_path, "Maria")] == [
        s["phrase"] for s in signals_json(db_path, MARIA)
    ]
    add(db_path, fake, "2026-03-02", "Hi. [interest:chess]", contact="Maria Chen")
    assert_one_error(
        run(db_path, "signals", "--contact", "Maria"),
        "'Maria' could be Maria Chen or Maria Lopez; give the full name",
    )
