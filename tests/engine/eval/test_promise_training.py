"""Training the promise keeper: which networks it reads, the groups it learns from (a real
store, the real models), and the fit (chosen on left-out networks, deterministic)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.orm import Session

from giveback.engine.eval.gold import load_gold
from giveback.engine.eval.promise_training import (
    SUGGEST_V2,
    TEST_NETWORKS,
    PromiseGroup,
    dev_networks,
    promise_groups,
    train_keeper,
)
from giveback.engine.eval.suggest import load_scenario, run_systems
from giveback.engine.suggest.promise_keeper import FEATURES
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import Listener


def test_the_held_out_networks_are_those_the_readme_marks_test() -> None:
    readme = (SUGGEST_V2 / "README.md").read_text(encoding="utf-8")
    marked = set(re.findall(r"^\| `(s\d+)` \|[^\n]*\*\*test\*\*", readme, re.MULTILINE))
    assert marked == set(TEST_NETWORKS)
    names = {p.name for p in dev_networks()}
    assert not names & set(TEST_NETWORKS) and {"s1", "s26", "suggest"} <= names


def _group(network: str, k: int, labeled: bool) -> PromiseGroup:
    # Two candidates; the labeled one (the first) leads on the semantic score.
    features = np.zeros((2, len(FEATURES)))
    semantic = FEATURES.index("semantic")
    features[0, semantic] = 0.7 + 0.01 * k if labeled else 0.3
    features[1, semantic] = 0.35
    label = "a" if labeled else None
    return PromiseGroup(network, f"promise {k}", ("a", "b"), features, None, label)


def test_the_fit_learns_the_labeled_item_and_when_to_take_none() -> None:
    groups = [_group(n, k, k % 3 != 0) for n in ("s1", "s9", "s10") for k in range(9)]
    keeper, card = train_keeper(groups)
    assert card["left_out_right"] == len(groups) and card["rules_right"] == 9
    assert card["networks"] == ["s1", "s10", "s9"] and card["version"] == keeper.version
    assert train_keeper(groups)[0].version == keeper.version  # the same groups, the same keeper
    new = _group("s2", 5, True)  # the fitted weights take a clear leader, leave a weak best
    p = 1 / (1 + np.exp(-(new.features @ np.array(keeper.weights) + keeper.intercept)))
    assert p[0] >= keeper.threshold > p[1]
    weak = _group("s2", 0, False)
    q = 1 / (1 + np.exp(-(weak.features @ np.array(keeper.weights) + keeper.intercept)))
    assert q.max() < keeper.threshold


def test_promises_later_notes_followed_are_scored_as_the_rules_chose() -> None:
    from dataclasses import replace

    groups = [_group(n, k, k % 3 != 0) for n in ("s1", "s9", "s10") for k in range(9)]
    # Not owed, heard after later notes: the rules drew an item, and the keeper cannot undo it.
    stale = [replace(_group(n, 7, False), rules_chose="b", owed=False, keeper_decides=False)
             for n in ("s1", "s9")]  # fmt: skip
    keeper, card = train_keeper(groups + stale)
    assert card["left_out_right"] == len(groups) and card["owed"] == len(groups)
    assert card["weighed"] == len(groups) and card["promises"] == len(groups) + 2
    # Not owed, no later note: the keeper learns nothing from it (it is fitted on the owed
    # alone), but its threshold is chosen to leave it, here at the cost of no owed promise.
    moot = [replace(_group(n, 2, False), labeled=None, owed=False) for n in ("s1", "s9", "s10")]
    moot = [replace(g, features=g.features * 0) for g in moot]  # nothing like an item
    keeper, card = train_keeper(groups + moot)
    assert card["left_out_right"] == len(groups) + len(moot)
    assert card["not_owed_weighed"] == len(moot)
    assert keeper.weights == train_keeper(groups)[0].weights


def test_nothing_to_learn_is_an_error() -> None:
    with pytest.raises(ValueError, match="nothing to learn"):
        train_keeper([])
    with pytest.raises(ValueError, match="nothing to learn"):
        train_keeper([_group("s1", 0, False)])


def _write(folder: Path, name: str, rows: list[dict[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_groups_are_the_labeled_promises_as_the_suggester_weighs_them(
    tmp_path: Path, session: Session, listener: Listener, embedder: Embedder
) -> None:
    folder = tmp_path / "net"
    _write(folder, "contacts.jsonl", [{"name": "Marisa Quintana"}, {"name": "Tom Reyes"}])
    _write(folder, "catalog.jsonl", [
        {"id": "offer-1", "type": "offer", "title": "Pro bono translation of a short document",
         "text": "I translate a leaflet or a letter into Spanish for free."},
        {"id": "art-1", "type": "article", "title": "Choosing a tennis racket",
         "text": "Grip sizes and string tension for club players."},
        {"id": "art-2", "type": "article", "title": "Parkinson's exercise at home",
         "text": "Simple daily exercises for people living with Parkinson's disease."},
    ])  # fmt: skip
    _write(folder, "notes.jsonl", [
        {"id": "n1", "contact": "Marisa Quintana", "date": "2026-10-02",
         "text": "Coffee with Marisa. Her dad has Parkinson's. I told Marisa I'd translate the "
                 "PD exercise leaflet for him."},
        {"id": "n2", "contact": "Tom Reyes", "date": "2026-10-05",
         "text": "Tom is into tennis. I'll ask around about coaches for him."},
    ])  # fmt: skip
    _write(folder, "gold.jsonl", [
        {"contact": "Marisa Quintana", "as_of": "2026-11-20", "relevant": ["offer-1"],
         "harmful": [], "promises": [{"note": "n1", "evidence": "I'd translate the PD exercise "
                                      "leaflet", "item": "offer-1"}]},
        {"contact": "Tom Reyes", "as_of": "2026-11-20", "relevant": [], "harmful": [],
         "promises": [{"note": "n2", "evidence": "I'll ask around about coaches", "item": None}]},
    ])  # fmt: skip
    gold = load_gold(folder)
    assert gold[0].as_of == date(2026, 11, 20)
    load_scenario(session, folder, listener)
    groups = promise_groups(session, embedder, "net", gold)
    by_said = {g.labeled: g for g in groups}
    assert set(by_said) == {"offer-1", None}, groups
    marisa = by_said["offer-1"]
    assert "offer-1" in marisa.candidates  # the item the writer labeled was weighed
    assert marisa.features.shape == (len(marisa.candidates), len(FEATURES))
    assert "translate" in marisa.said
    assert marisa.owed and marisa.keeper_decides  # listed as owed; no note about Marisa after it
    # The suggestion eval scores the ranker with the keeper beside the rules alone.
    systems = run_systems(session, embedder, gold)
    assert {"giveback ranker", "giveback ranker, promises by the rules"} <= set(systems)
    assert all(systems[name]["promises"] is not None for name in list(systems)[:2])
