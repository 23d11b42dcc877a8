"""``giveback eval extract`` and ``eval suggest`` on small labeled sets written here.

These check that the commands run end to end with the real models and report what they
should; the numbers themselves are measured on data/eval by the commands, not asserted here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import assert_one_error, run

GOLD_NOTES: list[dict[str, Any]] = [
    {"id": "t-1", "contact": "Maria Lopez", "aliases": ["Maria"], "date": "2026-03-04",
     "text": "Coffee with Maria. She is looking for a contracts lawyer. "
             "She is training for the Chicago marathon.",
     "signals": [
         {"kind": "need", "phrase": "contracts lawyer",
          "evidence": "looking for a contracts lawyer", "about": "contact", "status": "active"},
         {"kind": "interest", "phrase": "chicago marathon",
          "evidence": "training for the Chicago marathon", "about": "contact",
          "status": "active"}]},
    {"id": "t-2", "contact": "Tom Becker", "aliases": ["Tom"], "date": "2026-03-05",
     "text": "Call with Tom. He is not looking for a new job. I'll send him the deck.",
     "signals": [
         {"kind": "need", "phrase": "new job", "evidence": "not looking for a new job",
          "about": "contact", "status": "negated"},
         {"kind": "commitment", "phrase": "send him the deck",
          "evidence": "I'll send him the deck", "about": "user", "status": "active"}]},
    {"id": "t-3", "contact": "Ann Lee", "aliases": ["Ann"], "date": "2026-03-06",
     "text": "Lunch with Ann at the new place downtown. The weather was awful.", "signals": []},
]  # fmt: skip


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "eval"
    folder.mkdir()
    write_jsonl(folder / "extract_dev.jsonl", GOLD_NOTES)
    return folder


def test_eval_extract_json(db_path: Path, gold_dir: Path, listener: Any) -> None:
    result = run(db_path, "eval", "extract", "--data", str(gold_dir), "--json")
    assert result.exit_code == 0, (result.output, result.exception)
    [split] = json.loads(result.stdout)
    assert (split["split"], split["notes"]) == ("dev", 3)
    rows = {(r["system"], r["kind"]): r for r in split["rows"]}
    kinds = ("interest", "need", "event", "commitment", "interest+need", "all")
    for system in ("giveback", "baseline: noun chunks"):
        for kind in kinds:
            assert 0 <= rows[(system, kind)]["f1"] <= 1
        assert 0 <= rows[(system, "status accuracy")]["value"] <= 1
        assert 0 <= rows[(system, "about accuracy")]["value"] <= 1
    assert rows[("giveback", "all")]["gold"] == 4
    assert rows[("giveback", "interest+need")]["gold"] == 3
    # Plain sentences: the listener must beat every-noun-chunk-is-an-interest.
    assert rows[("giveback", "all")]["f1"] > rows[("baseline: noun chunks", "all")]["f1"]
    assert not (db_path.exists())  # evaluation never touches the store


def test_eval_extract_table_and_missing_splits(
    db_path: Path, gold_dir: Path, listener: Any
) -> None:
    result = run(db_path, "eval", "extract", "--data", str(gold_dir), "--split", "all")
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("dev: 3 notes, 4 gold signals")
    assert lines[1].split() == ["kind", "gold", "ours", "P", "ours", "R", "ours", "F1", "base",
                                "P", "base", "R", "base", "F1"]  # fmt: skip
    assert [line.split()[0] for line in lines[2:10]] == [
        "interest",
        "need",
        "event",
        "commitment",
        "interest+need",
        "all",
        "status",
        "about",
    ]
    # dev2 and test are absent here: skipped, each with a warning.
    assert result.stderr.count("warning: skipping") == 2
    missing = run(db_path, "eval", "extract", "--data", str(gold_dir), "--split", "test")
    assert_one_error(missing, "extract_test.jsonl does not exist")


def test_eval_extract_refuses_a_broken_label_file(db_path: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "extract_dev.jsonl", [{"id": "x", "text": "no contact or date"}])
    result = run(db_path, "eval", "extract", "--data", str(tmp_path))
    assert_one_error(result, "extract_dev.jsonl is not a valid labeled set")


SCENARIO: dict[str, list[dict[str, Any]]] = {
    "contacts.jsonl": [
        {"name": "Maria Lopez", "aliases": ["Maria"]},
        {"name": "Tom Becker", "aliases": ["Tom"]},
        {"name": "Priya Raman", "aliases": ["Priya"]},
    ],
    "catalog.jsonl": [
        {"id": "con-priya", "type": "contact", "title": "Priya Raman",
         "text": "Commercial lawyer who reviews SaaS contracts for startups."},
        {"id": "art-marathon", "type": "article", "title": "Training for your first marathon",
         "text": "A sixteen-week plan for first-time marathon runners."},
        {"id": "art-bridge", "type": "article", "title": "Contract bridge club for beginners",
         "text": "Learn bidding and join a contract bridge club."},
        {"id": "art-python", "type": "article", "title": "Python for data analysis",
         "text": "Pandas and notebooks for analysts moving off spreadsheets."},
    ],
    "notes.jsonl": [
        {"id": "n1", "contact": "Maria Lopez", "date": "2026-03-01",
         "text": "Coffee with Maria. She is looking for a contracts lawyer. She is training "
                 "for the Chicago marathon."},
        {"id": "n2", "contact": "Tom Becker", "date": "2026-03-02",
         "text": "Call with Tom. He wants to learn Python for data analysis."},
    ],
    "given.jsonl": [{"contact": "Tom Becker", "item_id": "art-python", "date": "2026-03-03"}],
    "gold.jsonl": [
        {"contact": "Maria Lopez", "as_of": "2026-04-01", "relevant": ["con-priya"],
         "harmful": ["art-bridge"]},
        {"contact": "Tom Becker", "as_of": "2026-04-01", "relevant": ["art-marathon"],
         "harmful": ["art-python"]},
    ],
}  # fmt: skip


def test_eval_suggest_smoke(db_path: Path, tmp_path: Path, listener: Any, embedder: Any) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    for name, rows in SCENARIO.items():
        write_jsonl(folder / name, rows)
    result = run(db_path, "eval", "suggest", "--data", str(folder), "--json")
    assert result.exit_code == 0, (result.output, result.exception)
    data = json.loads(result.stdout)
    assert data["contacts"] == 2
    assert [s["system"] for s in data["systems"]] == [
        "giveback ranker",
        "baseline: tf-idf of notes",
        "baseline: embedding of notes",
    ]
    for system in data["systems"]:
        assert set(system) == {"system", "hit@1", "hit@3", "mrr", "harm@3"}
        assert all(0 <= system[k] <= 1 for k in ("hit@1", "hit@3", "mrr", "harm@3"))
    assert not db_path.exists()  # a throwaway store; the user's is not touched

    table = run(db_path, "eval", "suggest", "--data", str(folder)).stdout.splitlines()
    assert table[0].startswith("suggest: 2 labeled contacts")
    assert table[1].split() == ["system", "hit@1", "hit@3", "MRR", "harm@3"]
    assert table[2].split()[:2] == ["giveback", "ranker"]


def test_eval_suggest_needs_a_complete_scenario(db_path: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "contacts.jsonl", SCENARIO["contacts.jsonl"])
    result = run(db_path, "eval", "suggest", "--data", str(tmp_path))
    assert_one_error(result, "lacks catalog.jsonl, notes.jsonl, gold.jsonl")


LEDGER: list[dict[str, Any]] = [
    {"type": "received", "contact": "Tom Becker", "kind": "advice", "date": "2026-03-20",
     "what": "Reviewed my budget model"},
    {"type": "dismissed", "contact": "Maria Lopez", "item_id": "art-marathon",
     "alike": ["art-bridge"]},
    {"type": "tier", "contact": "Maria Lopez", "tier": "close"},
    {"type": "priority", "contact": "Maria Lopez"},
]  # fmt: skip


def test_eval_suggest_with_a_ledger_scores_the_ranker_before_and_after(
    db_path: Path, tmp_path: Path, listener: Any, embedder: Any
) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    for name, rows in {**SCENARIO, "ledger.jsonl": LEDGER}.items():
        write_jsonl(folder / name, rows)
    data = json.loads(run(db_path, "eval", "suggest", "--data", str(folder), "--json").stdout)
    assert data["ledger"] == {"lines": 4, "k": 1}
    systems = {s["system"]: s for s in data["systems"]}
    assert list(systems) == [
        "giveback ranker, ledger off",
        "giveback ranker + ledger",
        "baseline: tf-idf of notes",
        "baseline: embedding of notes",
    ]
    for name in ("giveback ranker, ledger off", "giveback ranker + ledger"):
        row = systems[name]
        assert set(row) == {
            "system",
            "hit@1",
            "hit@3",
            "mrr",
            "harm@3",
            "alike@3",
            "first@k",
            "junk@next",
        }
        assert row["harm@3"] == 0.0 and row["junk@next"] == 0.0  # the dismissal holds
    # Maria is close and a month past: her relationship comes first in `next`.
    assert systems["giveback ranker + ledger"]["first@k"] == 1.0
    assert systems["baseline: tf-idf of notes"]["first@k"] is None
    # The baselines know nothing of the dismissal: the marathon plan is harm for them now.
    assert systems["baseline: embedding of notes"]["harm@3"] > 0
    broken = tmp_path / "broken"
    broken.mkdir()
    for name, rows in {**SCENARIO, "ledger.jsonl": [{"type": "gift", "contact": "x"}]}.items():
        write_jsonl(broken / name, rows)
    assert_one_error(
        run(db_path, "eval", "suggest", "--data", str(broken)),
        "is not a valid scenario",
        "type must be one of",
    )
