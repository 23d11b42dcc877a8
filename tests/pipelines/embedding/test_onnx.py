"""The ONNX Runtime encoder gives the library's own vectors, and its export looks after itself."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from giveback.pipelines.embedding.encoder import Embedder, bundled_model_path
from giveback.pipelines.embedding.onnx_encoder import PASS_TEXTS, exportable, exported_path
from giveback.pipelines.embedding.packing import native_bf16
from tests.pipelines.embedding.test_packing import QUERIES


def _library(embedder: Embedder, texts: list[str]) -> np.ndarray:
    return embedder.model.encode(
        texts, batch_size=4, normalize_embeddings=True, convert_to_numpy=True,
        show_progress_bar=False,
    )  # fmt: skip


def test_the_configured_embedder_runs_onnx_with_the_librarys_vectors(embedder: Embedder) -> None:
    assert embedder.onnx is not None and embedder.dims == 384
    texts = list(reversed(QUERIES))
    got = embedder.encode(texts)
    assert got.dtype == np.float32 and got.shape == (len(texts), 384)
    assert np.abs(got - _library(embedder, texts)).max() < 1e-4
    # Alone or among others, in whichever row it lands: the same vector.
    assert np.abs(embedder.encode([texts[2]])[0] - got[2]).max() < 1e-5
    assert embedder.encode([]).shape == (0, 384)


def test_a_larger_request_runs_pass_after_pass_in_order(embedder: Embedder) -> None:
    texts = [f"{QUERIES[i % len(QUERIES)]} (item {i})" for i in range(PASS_TEXTS + 5)]
    got = embedder.encode(texts)
    assert np.abs(got - _library(embedder, texts)).max() < 1e-4


def test_an_import_runs_in_bfloat16_where_the_cpu_has_it(embedder: Embedder) -> None:
    if not (embedder.bf16 and native_bf16()):
        pytest.skip("bfloat16 is off, or this CPU has no native bfloat16")
    texts = [f"{QUERIES[i % len(QUERIES)]} (catalog item {i})" for i in range(300)]
    got = embedder.encode(texts)
    assert embedder._packed is not None and embedder._packed.bf16
    assert embedder.onnx is not None
    float32 = embedder.onnx.encode(texts)
    assert float((got * float32).sum(axis=1).min()) >= 0.9995


def test_a_damaged_export_is_made_again(tmp_path: Path, embedder: Embedder) -> None:
    fresh = Embedder(backend="onnx", cache_dir=tmp_path)
    fresh._model = embedder.model  # the library model is what the export is checked against
    path = exported_path(bundled_model_path(), tmp_path, fresh.model_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an onnx file")
    assert fresh.onnx is not None and path.stat().st_size > 1_000_000
    assert np.abs(fresh.encode(QUERIES) - embedder.encode(QUERIES)).max() < 1e-5


def test_the_torch_backend_exports_nothing(tmp_path: Path) -> None:
    assert Embedder(backend="torch", cache_dir=tmp_path).onnx is None
    assert not (tmp_path / "onnx").exists()


def test_only_the_shape_the_export_reproduces_is_exported(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(bundled_model_path(), model, ignore=shutil.ignore_patterns("*.safetensors"))
    assert exportable(model)
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text("utf-8"))
    pooling.write_text(
        json.dumps(config | {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}),
        "utf-8",
    )
    assert not exportable(model)
    assert not exportable(tmp_path / "nowhere")


def test_a_changed_model_gets_a_new_export(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    weights = model / "model.safetensors"
    weights.write_bytes(b"1")
    first = exported_path(model, tmp_path, "m")
    weights.write_bytes(b"22")
    assert exported_path(model, tmp_path, "m") != first
    assert first.parent == tmp_path / "onnx" and first.name.startswith("m-")


@pytest.mark.parametrize("text", ["", "   padded   ", "x " * 600, "🎉🎉", "Ünïcödé"])
def test_hard_texts_match_the_library(embedder: Embedder, text: str) -> None:
    got = embedder.encode([text, "a neighbour in the same pass"])
    assert np.abs(got - _library(embedder, [text, "a neighbour in the same pass"])).max() < 1e-4


def test_a_cache_folder_that_cannot_be_written_leaves_torch_in_charge(
    tmp_path: Path, embedder: Embedder
) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x", "utf-8")
    fresh = Embedder(backend="onnx", cache_dir=blocked)
    fresh._model = embedder.model
    assert fresh.onnx is None
    assert np.abs(fresh.encode(QUERIES[:2]) - embedder.encode(QUERIES[:2])).max() < 1e-4


def test_encodes_from_several_threads_at_once_agree(embedder: Embedder) -> None:
    texts = list(QUERIES)
    want = embedder.encode(texts)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _: embedder.encode(texts), range(8)))
    assert embedder.thread_safe
    assert all(np.abs(g - want).max() < 1e-5 for g in got)


def test_an_exported_session_opens_ahead_of_use_with_the_same_vectors(
    embedder: Embedder,
) -> None:
    early = Embedder(backend="onnx", cache_dir=embedder.cache_dir)
    opening = early.open_in_background()
    assert opening is not None
    opening.join(timeout=60)
    assert early._onnx_tried and early.onnx is not None  # opened by the thread, not by encode
    assert early.open_in_background() is None  # nothing left to open
    assert np.abs(early.encode(QUERIES) - embedder.encode(QUERIES)).max() < 1e-6


def test_nothing_is_exported_ahead_of_use(tmp_path: Path) -> None:
    # Exporting imports torch, which must not race spaCy's import: only the first encode does.
    early = Embedder(backend="onnx", cache_dir=tmp_path)
    assert early.open_in_background() is None
    assert not early._onnx_tried and not (tmp_path / "onnx").exists()


def test_a_damaged_export_opened_ahead_is_left_to_the_first_encode(
    tmp_path: Path, embedder: Embedder
) -> None:
    early = Embedder(backend="onnx", cache_dir=tmp_path)
    path = exported_path(bundled_model_path(), tmp_path, early.model_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an onnx file")
    opening = early.open_in_background()
    assert opening is not None
    opening.join(timeout=60)
    assert not early._onnx_tried  # the first encode tries again (and exports it anew)
    early._model = embedder.model
    assert early.onnx is not None and path.stat().st_size > 1_000_000
