"""``giveback need`` and ``giveback ask`` end to end: a real store, the real embedder, the
scripted listener for notes (what is heard is not what these tests are about)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.asks import NOTES
from tests.support.cli import assert_one_error, heavy_imports, run
from tests.support.fakes import FakeListener


def ok(db_path: Path, *args: str, listener: FakeListener | None = None) -> str:
    result = run(db_path, *args, listener=listener)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def as_json(db_path: Path, *args: str) -> Any:
    return json.loads(ok(db_path, *args, "--json"))


@pytest.fixture
def store(db_path: Path, tmp_path: Path, fake: FakeListener) -> Path:
    notes = tmp_path / "notes.jsonl"
    notes.write_text(
        "".join(json.dumps({"contact": c, "date": d, "text": t}) + "\n" for c, d, t in NOTES)
    )
    ok(db_path, "note", "import", str(notes), listener=fake)
    return db_path


def test_needs_are_added_listed_and_done(db_path: Path) -> None:
    added = as_json(
        db_path, "need", "add", "  a plumber who\n does old houses ", "--date", "2026-11-02"
    )
    assert (added["text"], added["date"], added["status"]) == (
        "a plumber who does old houses",
        "2026-11-02",
        "open",
    )
    listed = ok(db_path, "need", "list")
    assert "a plumber who does old houses" in listed and str(added["id"]) in listed
    assert "Need" in ok(db_path, "need", "done", str(added["id"]), "--date", "2026-11-05")
    assert as_json(db_path, "need", "list") == []
    [done] = as_json(db_path, "need", "list", "--all")
    assert (done["status"], done["done_on"]) == ("done", "2026-11-05")
    assert "No open needs" in ok(db_path, "need", "list")


def test_bad_needs_get_one_clear_error(db_path: Path) -> None:
    assert_one_error(run(db_path, "need", "add", "   "), "what do you need")
    assert_one_error(run(db_path, "need", "add", "x" * 501), "at most 500")
    assert_one_error(run(db_path, "need", "done", "999"), "no need with id 999")
    assert_one_error(run(db_path, "ask", "granted", "999"), "no ask with id 999")
    assert_one_error(run(db_path, "ask", "sent", "1", "Nobody Here"))


def test_ask_ranks_drafts_and_records_into_the_ledger(store: Path) -> None:
    need = as_json(
        store, "need", "add", "accountant who knows sales tax for my pottery studio",
        "--date", "2026-11-01",
    )  # fmt: skip
    asks = as_json(store, "ask", "--need", str(need["id"]), "--as-of", "2026-11-20")
    assert asks, "someone fits"
    assert {"need", "contact", "item_id", "score", "reason", "draft"} <= set(asks[0])
    assert [a["score"] for a in asks] == sorted((a["score"] for a in asks), reverse=True)
    names = [a["contact"] for a in asks]
    first = names[0]
    assert first in ("Ana Ruiz", "Gus Moreau"), names  # the two who do exactly this
    assert not {"Ben Okafor", "Cleo Park"} & set(names)
    shown = ok(store, "ask", "--as-of", "2026-11-20")
    assert f"Ask {first}" in shown and "draft:" in shown and "why:" in shown

    made = as_json(store, "ask", "sent", str(need["id"]), first, "--date", "2026-11-21")
    assert (made["contact"], made["outcome"]) == (first, "pending")
    again = as_json(store, "ask", "--need", str(need["id"]), "--as-of", "2026-11-22")
    assert first not in [a["contact"] for a in again]  # asked yesterday: not again soon
    granted = as_json(store, "ask", "granted", str(made["id"]), "--date", "2026-11-25")
    assert granted["outcome"] == "granted" and granted["ledger_entry_id"]
    ledger = as_json(store, "ledger", first, "--as-of", "2026-11-26")
    assert "pottery studio" in json.dumps(ledger)
    assert [t["contact"] for t in ledger["not_thanked"]] == [first]  # a thank-you opened
    assert as_json(store, "need", "list") == []  # and the need is met
    assert "granted" in ok(store, "ask", "history")


def test_no_needs_no_asks(store: Path) -> None:
    assert "No open needs" in ok(store, "ask")
    assert as_json(store, "ask") == []


def test_needs_and_history_load_no_model(db_path: Path) -> None:
    for args in (("need", "add", "a plumber"), ("need", "list"), ("ask", "history")):
        heavy, code = heavy_imports(db_path, *args)
        assert (heavy, code) == ("", "0"), args
