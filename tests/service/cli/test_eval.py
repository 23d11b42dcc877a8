"""``giveback eval extract`` and ``eval suggest`` on small labeled sets written here.

These check that the commands run end to end with the real models and report what they
should; the numbers themselves are measured on data/eval by the commands, not asserted here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from giveback.service.cli.eval_asks import ASKS_DEV, ASKS_TEST, scenario_folders
from tests.support.cli import assert_one_error, run

GOLD_NOTES: list[dict[str, Any]] = [
    {"id": "t-1", "thread": "t", "writer": "x", "contact": "Maria Lopez", "aliases": ["Maria"],
     "date": "2026-03-04",
     "text": "Coffee with Maria. She is looking for a contracts lawyer. "
             "She is training for the Chicago marathon.",
     "signals": [
         {"id": "s1", "kind": "need", "phrase": "contracts lawyer",
          "evidence": "looking for a contracts lawyer", "about": "contact", "status": "active"},
         {"id": "s2", "kind": "interest", "phrase": "chicago marathon",
          "evidence": "training for the Chicago marathon", "about": "contact",
          "status": "active"}],
     "closures": []},
    {"id": "t-2", "thread": "t", "writer": "x", "contact": "Maria Lopez", "aliases": ["Maria"],
     "date": "2026-04-01", "text": "Update: Maria found a contracts lawyer through Priya.",
     "signals": [
         {"id": "s1", "kind": "need", "phrase": "contracts lawyer",
          "evidence": "Maria found a contracts lawyer", "about": "contact",
          "status": "resolved"}],
     "closures": [{"closes": "t-1/s1", "evidence": "Maria found a contracts lawyer",
                   "how": "met"}]},
    {"id": "u-1", "thread": "u", "writer": "y", "contact": "Tom Becker", "aliases": ["Tom"],
     "date": "2026-03-05",
     "text": "Call with Tom. He is not looking for a new job. I'll send him the deck.",
     "signals": [
         {"id": "s1", "kind": "need", "phrase": "new job", "evidence": "not looking for a new job",
          "about": "contact", "status": "negated"},
         {"id": "s2", "kind": "commitment", "phrase": "send him the deck",
          "evidence": "I'll send him the deck", "about": "user", "status": "active"}],
     "closures": []},
    {"id": "v-1", "thread": "v", "writer": "y", "contact": "Ann Lee", "aliases": ["Ann"],
     "date": "2026-03-06",
     "text": "Lunch with Ann at the new place downtown. The weather was awful.",
     "signals": [], "closures": []},
]  # fmt: skip


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A labeled corpus with a dev split by two writers."""
    folder = tmp_path / "annotation"
    write_jsonl(folder / "dev" / "x.jsonl", GOLD_NOTES[:2])
    write_jsonl(folder / "dev" / "y.jsonl", GOLD_NOTES[2:])
    return folder


SYSTEMS = ("learned", "rules", "keywords")
KINDS = ("interest", "need", "event", "commitment", "caution", "interest+need", "all")


def test_eval_extract_json(db_path: Path, corpus: Path, listener: Any) -> None:
    result = run(db_path, "eval", "extract", "--data", str(corpus), "--json", "--per-writer",
                 listener=listener)  # fmt: skip
    assert result.exit_code == 0, (result.output, result.exception)
    [split] = json.loads(result.stdout)
    assert (split["split"], split["notes"], split["gold_signals"], split["gold_closures"]) == (
        "dev", 4, 5, 1)  # fmt: skip
    for system in SYSTEMS:
        report = split["systems"][system]
        for kind in KINDS:
            assert 0 <= report["kinds"][kind]["f1"] <= 1
        assert report["kinds"]["all"]["gold"] == 5 and report["kinds"]["interest+need"]["gold"] == 4
        assert 0 <= report["status_accuracy"] <= 1 and 0 <= report["about_accuracy"] <= 1
        assert report["closures"]["gold"] == 1
        assert set(split["writers"][system]) == {"x", "y"}
    # The rule listener closes the lawyer with the later "found a contracts lawyer".
    assert split["systems"]["rules"]["closures"]["recall"] == 1.0
    assert split["systems"]["keywords"]["closures"]["found"] == 0
    assert not db_path.exists()  # evaluation never touches the store


def test_eval_extract_table_and_missing_splits(db_path: Path, corpus: Path, listener: Any) -> None:
    result = run(db_path, "eval", "extract", "--data", str(corpus), "--split", "all",
                 listener=listener)  # fmt: skip
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("dev: 4 notes, 5 gold signals, 1 gold closure")
    assert lines[1].split() == ["gold", "learned", "P", "R", "F1", "rules", "P", "R", "F1",
                                "keywords", "P", "R", "F1"]  # fmt: skip
    assert [line.split()[0] for line in lines[2:14]] == [
        *KINDS,
        "status",
        "about",
        "phrase",
        "event",
        "closures",
    ]
    # train and test are absent here: "all" reports what there is.
    missing = run(db_path, "eval", "extract", "--data", str(corpus), "--split", "test")
    assert_one_error(missing, "no labeled notes in", "test")


def test_eval_extract_reads_the_older_single_file_sets(
    db_path: Path, tmp_path: Path, listener: Any
) -> None:
    older = [{k: v for k, v in n.items() if k not in ("thread", "writer", "closures")}
             for n in GOLD_NOTES]  # fmt: skip
    for note in older:
        note["signals"] = [{k: v for k, v in s.items() if k != "id"} for s in note["signals"]]
    write_jsonl(tmp_path / "eval" / "extract_dev2.jsonl", older)
    result = run(db_path, "eval", "extract", "--data", str(tmp_path / "eval"), "--split", "dev2",
                 "--json", listener=listener)  # fmt: skip
    assert result.exit_code == 0, (result.output, result.exception)
    [split] = json.loads(result.stdout)
    assert (split["notes"], split["gold_signals"], split["gold_closures"]) == (4, 5, 0)


def test_eval_extract_refuses_a_broken_label_file(db_path: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "dev" / "w.jsonl", [{"id": "x", "text": "no contact or date"}])
    result = run(db_path, "eval", "extract", "--data", str(tmp_path))
    assert_one_error(result, "w.jsonl:1: not a labeled note")


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


def test_eval_suggest_scores_promises_where_they_are_labeled(
    db_path: Path, tmp_path: Path, listener: Any, embedder: Any
) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    scenario = {**SCENARIO, "gold.jsonl": [dict(g) for g in SCENARIO["gold.jsonl"]]}
    scenario["gold.jsonl"][0]["promises"] = [
        {"note": "n1", "evidence": "send her the marathon plan", "item": "art-marathon"}
    ]
    for name, rows in scenario.items():
        write_jsonl(folder / name, rows)
    data = json.loads(run(db_path, "eval", "suggest", "--data", str(folder), "--json").stdout)
    ranker, rules, *baselines = data["systems"]
    # The ranker, and beside it the ranker with the rules alone matching promises to items
    # (before the learned promise keeper); the baselines keep no promises.
    assert rules["system"] == "giveback ranker, promises by the rules"
    assert ranker["promises"] in (0.0, 1.0) and rules["promises"] in (0.0, 1.0)
    assert [b["system"] for b in baselines] == [
        "baseline: tf-idf of notes",
        "baseline: embedding of notes",
    ]
    assert all(b["promises"] is None for b in baselines)
    table = run(db_path, "eval", "suggest", "--data", str(folder)).stdout.splitlines()
    assert table[1].split()[-1] == "promises"


# Four dev writers, the first and three recent, score in about a minute; the whole pool (23
# writers) takes over four and is left to `giveback eval asks`. writer-ai is the hardest: its
# helpers are said once, in passing.
ASKS_DEV_SAMPLE = ("writer-a", "writer-m", "writer-ag", "writer-ai")


def test_eval_asks_reads_every_dev_writer_by_default() -> None:
    folders = scenario_folders("dev", ())
    written = sorted(p for p in ASKS_DEV.iterdir() if p.is_dir())
    assert folders == written and len(folders) > 20
    assert scenario_folders("test", ()) == sorted(p for p in ASKS_TEST.iterdir() if p.is_dir())
    assert scenario_folders("dev", (ASKS_DEV / "writer-a",)) == [ASKS_DEV / "writer-a"]


def test_eval_asks_on_dev_scenarios(db_path: Path, listener: Any, embedder: Any) -> None:
    folders = [ASKS_DEV / name for name in ASKS_DEV_SAMPLE]
    data_options = [arg for folder in folders for arg in ("--data", str(folder))]
    result = run(db_path, "eval", "asks", "--json", *data_options, listener=listener)
    assert result.exit_code == 0, (result.output, result.exception)
    data = json.loads(result.stdout)
    labeled = sum(
        len((folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()) for folder in folders
    )
    assert data["scenarios"] == [str(f) for f in folders]
    assert data["needs"] == labeled > 70 and not db_path.exists()
    systems = {s["system"]: s for s in data["systems"]}
    assert list(systems) == [
        "giveback asks (scorer)",
        "giveback asks, hand-set fit",
        "hand-set fit, guards off",
        "baseline: similarity only",
    ]
    ours, baseline = systems["giveback asks (scorer)"], systems["baseline: similarity only"]
    kinds = ("over_asked", "struggling_now", "same_struggle", "stranger", "near_miss")
    assert set(ours) == {
        "system",
        "hit@1",
        "hit@3",
        "mrr",
        "harm@3",
        "told@2",
        *(f"harm:{k}" for k in kinds),
    }
    assert "told@2" not in baseline  # it drafts nothing
    assert 0.1 <= ours["told@2"] <= 1.0  # dev drafts tell why for about 0.2 of these asks
    # The dev scenarios are where asking was tuned and the scorer trained: this guards
    # against regressions only (the held-out writers are scored by `--split test`). These
    # four scored hit@1 0.527 and harm@3 0.189 at stop 49 (the whole pool 0.650 / 0.129).
    assert ours["hit@1"] >= 0.49 and ours["harm@3"] <= 0.23, ours
    assert systems["giveback asks, hand-set fit"]["harm@3"] <= 0.3
    assert ours["hit@1"] > baseline["hit@1"] and ours["harm@3"] < baseline["harm@3"]
    assert ours["harm:over_asked"] == ours["harm:stranger"] == 0.0  # rules, not guesses


def test_eval_asks_needs_a_complete_scenario(db_path: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "contacts.jsonl", SCENARIO["contacts.jsonl"])
    result = run(db_path, "eval", "asks", "--data", str(tmp_path))
    assert_one_error(result, "lacks catalog.jsonl, notes.jsonl, needs.jsonl, gold.jsonl")
