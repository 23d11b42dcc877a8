"""The trained listener on disk: it round-trips, and an unusable file says what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import joblib
import numpy as np
import pytest

from giveback.core.errors import ModelUnavailable
from giveback.pipelines.learned.artifact import (
    FORMAT,
    load,
    save,
    stored_version,
    version_of,
    version_path,
)
from giveback.pipelines.learned.corpus import KINDS
from tests.pipelines.learned.conftest import EMBEDDING_MODEL, Trained

WHAT_TO_DO = "make train"


def copy_of(trained: Trained, folder: Path) -> Path:
    """The trained bundle and its version file copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / trained.path.name
    shutil.copyfile(trained.path, path)
    shutil.copyfile(version_path(trained.path), version_path(path))
    return path


def test_training_writes_the_bundle_and_its_version_file(trained: Trained) -> None:
    assert trained.path.is_file()
    assert version_path(trained.path).read_text(encoding="utf-8") == trained.bundle.version + "\n"
    assert stored_version(trained.path) == trained.bundle.version
    assert trained.bundle.format == FORMAT
    assert trained.bundle.embedding_model == EMBEDDING_MODEL
    assert any("version" in line for line in trained.progress)


def test_save_then_load_round_trips(trained: Trained, tmp_path: Path) -> None:
    path = save(trained.bundle, tmp_path / "nested" / "listener.joblib")
    got = load(path)
    assert (got.version, got.embedding_model, got.format) == (
        trained.bundle.version,
        EMBEDDING_MODEL,
        FORMAT,
    )
    assert got.card == trained.bundle.card
    assert got.signals.thresholds == trained.bundle.signals.thresholds
    assert got.closure.threshold == trained.bundle.closure.threshold
    assert len(got.signals.kinds) == len(KINDS)
    for model, original in zip(got.signals.kinds, trained.bundle.signals.kinds, strict=True):
        assert np.array_equal(model.coef, original.coef)
    assert np.array_equal(got.closure.trees.value, trained.bundle.closure.trees.value)
    assert np.array_equal(got.closure.trees.threshold, trained.bundle.closure.trees.threshold)
    assert np.array_equal(got.closure.linear.coef, trained.bundle.closure.linear.coef)
    # The TF-IDF vocabulary comes along with the weights that read it.
    assert got.signals.words.vocabulary == trained.bundle.signals.words.vocabulary


def test_the_card_says_what_it_was_trained_on(trained: Trained) -> None:
    card = trained.bundle.card
    assert (card["train_notes"], card["dev_notes"]) == (8, 6)
    assert (card["train_writers"], card["dev_writers"]) == (["w1"], ["w2"])
    assert set(card["kind_thresholds"]) == set(KINDS)
    assert 0.5 <= card["closure_threshold"] <= 0.95
    assert card["fraction"] == 1.0


def test_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="missing") as caught:
        load(tmp_path / "listener.joblib")
    assert WHAT_TO_DO in str(caught.value)
    assert "GIVEBACK_LISTENER=rules" in str(caught.value)


def test_a_missing_version_file_says_what_to_do(trained: Trained, tmp_path: Path) -> None:
    path = copy_of(trained, tmp_path)
    version_path(path).unlink()
    with pytest.raises(ModelUnavailable, match=WHAT_TO_DO):
        stored_version(path)
    with pytest.raises(ModelUnavailable, match=WHAT_TO_DO):
        load(path)


def test_a_truncated_file_is_damaged(trained: Trained, tmp_path: Path) -> None:
    path = copy_of(trained, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelUnavailable, match="damaged") as caught:
        load(path)
    assert WHAT_TO_DO in str(caught.value)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not a model at all\n", bytes(range(256)) * 8],
    ids=["empty", "text", "bytes"],
)
def test_a_garbage_file_is_damaged(trained: Trained, tmp_path: Path, garbage: bytes) -> None:
    path = copy_of(trained, tmp_path)
    path.write_bytes(garbage)
    with pytest.raises(ModelUnavailable, match="damaged") as caught:
        load(path)
    assert WHAT_TO_DO in str(caught.value)


def test_a_foreign_object_is_not_a_listener(trained: Trained, tmp_path: Path) -> None:
    path = copy_of(trained, tmp_path)
    joblib.dump({"version": trained.bundle.version}, path)
    with pytest.raises(ModelUnavailable, match="not a trained listener") as caught:
        load(path)
    assert WHAT_TO_DO in str(caught.value)


def test_another_format_is_refused(trained: Trained, tmp_path: Path) -> None:
    path = copy_of(trained, tmp_path)
    bundle = load(path)
    bundle.format = FORMAT + 1
    save(bundle, path)
    with pytest.raises(ModelUnavailable, match=f"format {FORMAT}") as caught:
        load(path)
    assert WHAT_TO_DO in str(caught.value)


def test_a_version_file_that_does_not_match_says_what_to_do(
    trained: Trained, tmp_path: Path
) -> None:
    path = copy_of(trained, tmp_path)
    version_path(path).write_text("0123456789ab\n", encoding="utf-8")
    assert stored_version(path) == "0123456789ab"
    with pytest.raises(ModelUnavailable, match="does not match its version file") as caught:
        load(path)
    assert WHAT_TO_DO in str(caught.value)


def test_versions_depend_on_every_part_and_its_order() -> None:
    assert version_of(b"a", b"b") == version_of(b"a", b"b")
    assert len(version_of(b"a")) == 12
    assert len({version_of(b"a", b"b"), version_of(b"b", b"a"), version_of(b"ab")}) == 3
