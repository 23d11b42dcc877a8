"""The learned ask scorer: its artifact, its training (seeded, chosen on left-out writers), and
asking with it on a real store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from giveback.engine.asks.needs import add_need
from giveback.engine.asks.ranking import Asker
from giveback.engine.asks.scorer import DEFAULT_PATH, FEATURES, AskScorer
from giveback.engine.eval.ask_training import (
    HARM_WEIGHTS,
    PairRow,
    _fit,
    score_rows,
    train_scorer,
)
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.hard_times.model import HardTimeModel
from giveback.pipelines.learned import extractor_version
from tests.support.asks import AS_OF, NEED


def _row(
    writer: str, need: str, name: str, strength: float, helper: bool, harmful: bool = False
) -> PairRow:
    features = np.zeros(len(FEATURES))
    features[FEATURES.index("best_note")] = strength
    features[FEATURES.index("fit")] = strength
    return PairRow(writer, need, name, features, helper, harmful)


def _rows() -> list[PairRow]:
    rows = []
    for writer in ("w1", "w2", "w3"):
        for k in range(6):
            need = f"n{k}"
            rows += [
                _row(writer, need, "right", 0.6 + 0.02 * k, True),
                _row(writer, need, "close", 0.45, False, harmful=True),
                _row(writer, need, "far", 0.1, False),
            ]
    return rows


def test_the_artifact_round_trips_and_refuses_other_features(tmp_path: Path) -> None:
    scorer = AskScorer(tuple(float(i) for i in range(len(FEATURES))), -1.0, 0.5, -1.0, ("w",))
    scorer.save(tmp_path / "scorer.json")
    loaded = AskScorer.load(tmp_path / "scorer.json")
    assert loaded == scorer and loaded.version == scorer.version
    assert AskScorer.load(tmp_path / "none.json") is None
    data = json.loads((tmp_path / "scorer.json").read_text())
    data["features"] = data["features"][:-1]
    (tmp_path / "old.json").write_text(json.dumps(data))
    assert AskScorer.load(tmp_path / "old.json") is None  # another model's features


def test_training_is_seeded_and_scored_on_left_out_writers() -> None:
    first, card = train_scorer(_rows())
    second, _ = train_scorer(_rows())
    assert first.version == second.version == card["version"]
    assert card["writers"] == ["w1", "w2", "w3"] and card["rows"] == 54
    assert card["harm_weight"] in HARM_WEIGHTS  # chosen with the rest, on left-out writers
    assert card["left_out_hit@1"] == 1.0  # the right person scores highest on every writer
    assert first.logit(_rows()[0].features) > first.logit(_rows()[1].features)
    # The margin keeps a close second out of the top 3, or the score says how much harm.
    assert score_rows(first, _rows())["hit@1"] == 1.0


def test_a_harmful_person_counts_more_than_another_wrong_one_when_fitting() -> None:
    rows = _rows()
    close = rows[1].features.reshape(1, -1)  # harmful: it looks close to the need
    even, weighed = _fit(rows, 1.0, 1.0), _fit(rows, 1.0, 4.0)
    assert weighed.decision_function(close)[0] < even.decision_function(close)[0]


def test_the_shipped_scorer_asks_the_right_people(store: Session, embedder: Embedder) -> None:
    scorer = AskScorer.load(DEFAULT_PATH)
    assert scorer is not None, "run `make train` (giveback train --asks)"
    add_need(store, NEED, date(2026, 11, 1))
    asks = Asker(store, embedder, scorer=scorer).ask(AS_OF, limit=5)
    names = [a.contact for a in asks]
    assert names and names[0] in ("Ana Ruiz", "Gus Moreau"), names
    assert not set(names) & {"Ben Okafor", "Cleo Park", "Eva Lind", "Finn Roe"}
    assert all(0 < a.score < 1 for a in asks)  # a probability


def test_the_shipped_scorer_was_trained_on_what_the_shipped_listener_hears() -> None:
    # Its features include the wants the listener heard in the dev scenarios: a scorer left
    # from an older listener is not what `make train` makes today.
    card = json.loads((DEFAULT_PATH.parent / "card.json").read_text())
    assert card["heard_by"] == extractor_version(), "run `make train` (giveback train --asks)"


def test_the_shipped_scorer_learned_from_the_people_the_shipped_guards_let_through() -> None:
    # Rows are only the people the guards do not hold back, and the guards hear hard times
    # with the hard-time detector: a scorer trained beside another detector saw other rows.
    card = json.loads((DEFAULT_PATH.parent / "card.json").read_text())
    detector = HardTimeModel.load()
    assert detector is not None and card["hard_times"] == detector.version, (
        "run `make train` (giveback train --asks)"
    )
