"""``giveback suggest``, ``next`` and ``give`` on a real store with the real embedder.

Signals come from the scripted listener, so each test states exactly what was heard; what is
ranked, excluded and printed is the real thing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import assert_one_error, heavy_imports, run
from tests.support.fakes import FakeListener

CATALOG = [
    {"id": "con-priya", "type": "contact", "title": "Priya Raman",
     "text": "Commercial contracts lawyer who reviews SaaS contracts, MSAs and liability caps "
             "for startups.", "tags": ["legal", "contracts", "lawyer"]},
    {"id": "art-marathon", "type": "article", "title": "Training for your first marathon",
     "text": "A sixteen-week marathon training plan for first-time runners: long runs, "
             "mileage and avoiding injury.", "url": "https://example.org/marathon",
     "tags": ["running", "marathon"]},
    {"id": "art-bridge", "type": "article", "title": "Contract bridge club for beginners",
     "text": "How to join a contract bridge club and learn bidding.", "tags": ["card games"]},
    {"id": "off-deck", "type": "offer", "title": "Review your pitch deck",
     "text": "An hour on the story and the numbers of a seed pitch deck before you raise.",
     "tags": ["fundraising"]},
]  # fmt: skip

NOTES = [
    {"id": "m1", "contact": "Maria Lopez", "date": "2026-01-10",
     "text": "Coffee. [need:contracts lawyer] [interest:marathon training]"},
    {"id": "m2", "contact": "Maria Lopez", "date": "2026-03-01",
     "text": "Update: [resolved/need:contracts lawyer]"},
    {"id": "t1", "contact": "Tom Becker", "date": "2026-02-01",
     "text": "Call. [need:contracts lawyer]"},
    {"id": "p1", "contact": "Priya Raman", "date": "2026-02-05",
     "text": "Lunch. [interest:saas contracts]"},
]  # fmt: skip
ALL_KEYS = {"contact", "item_id", "type", "title", "score", "reason", "evidence", "note_date",
            "draft"}  # fmt: skip


@pytest.fixture
def store(db_path: Path, tmp_path: Path, fake: FakeListener, embedder: Any) -> Path:
    """A store with the notes above (heard by the scripted listener) and the catalog."""
    notes = tmp_path / "notes.jsonl"
    notes.write_text("".join(json.dumps(n) + "\n" for n in NOTES))
    catalog = tmp_path / "gives.jsonl"
    catalog.write_text("".join(json.dumps(i) + "\n" for i in CATALOG))
    assert run(db_path, "note", "import", str(notes), listener=fake).exit_code == 0
    imported = run(db_path, "catalog", "import", str(catalog))
    assert imported.exit_code == 0, imported.output
    return db_path


def suggest_json(db_path: Path, *args: str) -> list[dict[str, Any]]:
    result = run(db_path, "suggest", "--json", *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


def ids(gives: list[dict[str, Any]], contact: str | None = None) -> list[str]:
    return [g["item_id"] for g in gives if contact is None or g["contact"] == contact]


def test_suggest_json_keys_and_the_status_rule(store: Path) -> None:
    gives = suggest_json(store, "--as-of", "2026-04-01")
    assert gives and all(set(g) >= ALL_KEYS for g in gives)
    # Maria's need was met on 2026-03-01: no lawyer for her. Tom's is open: the lawyer for him.
    assert "con-priya" not in ids(gives, "Maria Lopez")
    assert "art-marathon" in ids(gives, "Maria Lopez")
    assert ids(gives, "Tom Becker")[0] == "con-priya"
    # Never an introduction of a person to themselves, never the near-miss bridge club.
    assert "con-priya" not in ids(gives, "Priya Raman")
    assert "art-bridge" not in ids(gives)
    tom = next(g for g in gives if g["contact"] == "Tom Becker")
    assert tom["type"] == "contact" and tom["note_date"] == "2026-02-01"
    assert tom["evidence"] == "[need:contracts lawyer]" and "Priya" in tom["draft"]
    assert 0 < tom["score"] <= 2 and tom["reason"]


def test_as_of_ignores_later_notes(store: Path) -> None:
    before = suggest_json(store, "--contact", "Maria Lopez", "--as-of", "2026-02-15")
    assert "con-priya" in ids(before)  # the resolution of 2026-03-01 is not known yet
    assert {g["contact"] for g in before} == {"Maria Lopez"}
    assert suggest_json(store, "--as-of", "2025-12-31") == []  # before any note


def test_limit_applies_per_contact(store: Path) -> None:
    gives = suggest_json(store, "--limit", "1", "--as-of", "2026-04-01")
    per_contact = [g["contact"] for g in gives]
    assert len(per_contact) == len(set(per_contact)) >= 2


def test_give_excludes_the_item_afterwards(store: Path) -> None:
    assert "con-priya" in ids(suggest_json(store, "--contact", "Tom Becker", "--as-of",
                                           "2026-04-03"))  # fmt: skip
    given = run(store, "give", "--to", "Tom Becker", "--item", "con-priya", "--date",
                "2026-04-02", "--json")  # fmt: skip
    assert given.exit_code == 0, given.output
    entry = json.loads(given.stdout)
    assert entry == {"id": entry["id"], "contact": "Tom Becker", "direction": "given",
                     "kind": "introduction", "description": "Priya Raman",
                     "item_id": "con-priya", "date": "2026-04-02"}  # fmt: skip
    after = suggest_json(store, "--contact", "tom becker", "--as-of", "2026-04-03")
    assert "con-priya" not in ids(after)
    # As of a day before the give it is still a suggestion.
    assert "con-priya" in ids(suggest_json(store, "--contact", "Tom Becker", "--as-of",
                                           "2026-04-01"))  # fmt: skip


def test_next_is_one_give_per_relationship(store: Path) -> None:
    gives = json.loads(run(store, "next", "--json", "--as-of", "2026-04-01").stdout)
    contacts = [g["contact"] for g in gives]
    assert len(contacts) == len(set(contacts)) and {"Maria Lopez", "Tom Becker"} <= set(contacts)
    assert [g["score"] for g in gives] == sorted((g["score"] for g in gives), reverse=True)
    assert all(set(g) >= ALL_KEYS for g in gives)
    table = run(store, "next", "--as-of", "2026-04-01").stdout.splitlines()
    assert table[0].split() == ["contact", "give", "type", "why"]
    assert any(line.startswith("Tom Becker") and "Priya Raman" in line and "intro" in line
               for line in table)  # fmt: skip
    detailed = run(store, "next", "--drafts", "--as-of", "2026-04-01").stdout
    assert "draft  " in detailed and "why    " in detailed


def test_readable_suggestions_grouped_by_contact(store: Path) -> None:
    text = run(store, "suggest", "--as-of", "2026-04-01", "--limit", "2").stdout
    assert "Maria Lopez\n  1. " in text and "Tom Becker\n  1. Priya Raman  (intro, score" in text
    assert "     why    " in text and "     draft  " in text


def test_nothing_to_suggest_is_said_plainly(db_path: Path, fake: FakeListener) -> None:
    run(db_path, "note", "add", "--contact", "Ann", "-", listener=fake, stdin="[need:lawyer]")
    empty = run(db_path, "suggest")
    assert empty.exit_code == 0 and "the catalog is empty" in empty.stdout
    assert json.loads(run(db_path, "next", "--json").stdout) == []


def test_bad_input_is_one_error_line(store: Path) -> None:
    assert_one_error(run(store, "suggest", "--contact", "Nobody"), "no contact named 'Nobody'")
    assert_one_error(run(store, "suggest", "--as-of", "2026-13-01"), "is not a date")
    assert_one_error(run(store, "give", "--to", "Nobody", "--kind", "advice", "x"), "Nobody")
    assert_one_error(run(store, "give", "--to", "Tom Becker", "--item", "nope"), "'nope'")
    assert_one_error(run(store, "give", "--to", "Tom Becker", "Coffee"), "--kind")
    assert_one_error(run(store, "give", "--to", "Tom Becker", "--kind", "advice"), "what you gave")


def test_give_without_an_item_needs_no_model(db_path: Path, fake: FakeListener) -> None:
    run(db_path, "note", "add", "--contact", "Ann", "-", listener=fake, stdin="hello")
    args = ("give", "--to", "Ann", "--kind", "advice", "--date", "2026-05-02", "Read her essay")
    assert heavy_imports(db_path, *args) == ("", "0")
    text = run(db_path, *args).stdout
    assert text.strip() == "Recorded advice given to Ann on 2026-05-02: Read her essay"


def test_explain_shows_what_was_turned_down_and_why(
    store: Path, tmp_path: Path, fake: FakeListener
) -> None:
    # A later need of Maria's much like the one that was met: its lawyer stays out.
    later = tmp_path / "later.jsonl"
    later.write_text(
        json.dumps({"id": "m3", "contact": "Maria Lopez", "date": "2026-03-10",
                    "text": "Chat. [need:lawyer for contracts]"}) + "\n"
    )  # fmt: skip
    assert run(store, "note", "import", str(later), listener=fake).exit_code == 0
    args = ("suggest", "--contact", "Maria Lopez", "--as-of", "2026-04-01", "--explain")
    result = run(store, *args)
    assert result.exit_code == 0, result.output
    shown, turned = result.output.split("Turned down")
    assert "Training for your first marathon" in shown and "Priya Raman" not in shown
    lawyer = turned[turned.index("Priya Raman") :]
    assert 'for "[need:lawyer for contracts]"' in lawyer
    assert 'why: closer to what is over: "[resolved/need:contracts lawyer]" (2026-03-01' in lawyer
    explained = json.loads(run(store, *args, "--json").stdout)
    assert next(g["item_id"] for g in explained["gives"]) == "art-marathon"
    why = {t["item_id"]: t["why"] for t in explained["turned_down"]}
    assert why["con-priya"].startswith("closer to what is over")
    assert why["art-bridge"].startswith("too weak a match")


def test_explain_needs_one_contact(store: Path) -> None:
    assert_one_error(run(store, "suggest", "--explain"), "--explain needs --contact")


def test_the_tone_of_the_drafts_is_the_users_choice(store: Path) -> None:
    args = ("--contact", "Tom Becker", "--as-of", "2026-04-01")
    formal = suggest_json(store, *args, "--tone", "formal")[0]["draft"]
    short = suggest_json(store, *args, "--tone", "short")[0]["draft"]
    assert formal.startswith("Dear Tom,") and formal.endswith("Best regards.")
    assert short.startswith("Hi Tom,") and len(short) < len(formal)
