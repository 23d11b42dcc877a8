"""The hard-time model's artifact: it saves and loads as it was, a missing file is no model, a
damaged one is one clear error, and the shipped one reads the bundled embedder's vectors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from giveback.core.errors import ModelUnavailable
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.hard_times.model import DEFAULT_PATH, HardTimeModel


def _model() -> HardTimeModel:
    return HardTimeModel(np.array([2.0, -1.0, 0.5]), -0.25, 0.6, "test-model", ("w1",))


def test_it_saves_and_loads_as_it_was(tmp_path: Path) -> None:
    model = _model()
    model.save(tmp_path / "m.json")
    loaded = HardTimeModel.load(tmp_path / "m.json")
    assert loaded is not None
    assert loaded.version == model.version
    assert np.allclose(loaded.weights, model.weights)
    vectors = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert np.allclose(loaded.probabilities(vectors), 1 / (1 + np.exp(-np.array([1.75, -1.25]))))
    assert loaded.hard(vectors).tolist() == [True, False]
    assert loaded.reads("test-model") and not loaded.reads("other-model")


def test_no_file_is_no_model(tmp_path: Path) -> None:
    assert HardTimeModel.load(tmp_path / "none.json") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(weights=[1.0, "x"]),
        lambda d: d.update(intercept=-1.0),  # the content no longer matches its version
        lambda d: d.pop("threshold"),
        lambda d: d.update(format=99),
    ],
)
def test_a_damaged_file_is_one_clear_error(tmp_path: Path, damage) -> None:
    path = tmp_path / "m.json"
    _model().save(path)
    data = json.loads(path.read_text())
    damage(data)
    path.write_text(json.dumps(data))
    with pytest.raises(ModelUnavailable, match=r"damaged.*giveback train --hard-times"):
        HardTimeModel.load(path)


def test_a_file_that_is_not_json_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{not json")
    with pytest.raises(ModelUnavailable, match="damaged"):
        HardTimeModel.load(path)


def test_the_shipped_model_reads_the_bundled_embedders_vectors(embedder: Embedder) -> None:
    model = HardTimeModel.load(DEFAULT_PATH)
    assert model is not None
    assert model.reads(embedder.model_id)
    assert model.weights.shape == (embedder.dims,)
