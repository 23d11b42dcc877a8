"""``giveback train --hard-times`` and ``giveback eval hard-times`` end to end, on the real
labeled sentences and the real embedder."""

from __future__ import annotations

import json
from pathlib import Path

from giveback.pipelines.hard_times.model import DEFAULT_PATH, HardTimeModel
from tests.support.cli import assert_one_error, run


def test_training_writes_the_model_its_card_and_the_same_model_twice(
    db_path: Path, tmp_path: Path
) -> None:
    result = run(db_path, "train", "--hard-times", "--out", str(tmp_path), "--json")
    assert result.exit_code == 0, (result.output, result.exception)
    card = json.loads(result.stdout)
    model = HardTimeModel.load(tmp_path / "hard_time.json")
    assert model is not None and card["version"] == model.version
    assert (
        (tmp_path / "MODEL_CARD.md")
        .read_text()
        .startswith(f"# Model card: the hard-time detector, version {model.version}")
    )
    assert set(card["dev"]["systems"]) == {"lexicon", "learned", "lexicon or learned"}
    assert card["train"]["writers"] and card["dev"]["writers"]
    assert not set(card["train"]["writers"]) & set(card["dev"]["writers"])
    # Reproducible: the shipped model is what this recipe makes of the data in the repo.
    shipped = HardTimeModel.load(DEFAULT_PATH)
    assert shipped is not None and shipped.version == model.version


def test_eval_prints_the_three_systems_on_a_split(db_path: Path) -> None:
    result = run(db_path, "eval", "hard-times", "--split", "dev", "--json")
    assert result.exit_code == 0, (result.output, result.exception)
    report = json.loads(result.stdout)
    assert report["split"] == "dev" and report["sentences"] > 100
    systems = report["systems"]
    assert list(systems) == ["lexicon", "learned", "lexicon or learned"]
    union, lexicon = systems["lexicon or learned"], systems["lexicon"]
    # Either may hear a sentence, so together they miss no more than the lexicon alone.
    assert union["recall"] >= lexicon["recall"]
    assert set(union["recall_by_kind"]) and set(union["false_alarms_by_near_miss"])
    text = run(db_path, "eval", "hard-times").output
    assert "lexicon or learned" in text and "false alarms by near miss" in text


def test_a_damaged_model_is_one_clear_error(db_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "hard_time.json"
    broken.write_text("{ not json")
    result = run(db_path, "eval", "hard-times", "--model", str(broken))
    assert_one_error(result, "damaged")
