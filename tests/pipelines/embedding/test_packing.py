"""Packed encoding gives the library's own vectors, for any mix of lengths, in order."""

from __future__ import annotations

import numpy as np
import pytest

from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.embedding.packing import PackedEncoder, native_bf16, pack_rows, packable

QUERIES = [
    "seed round. She is looking for a lead investor for the seed round.",
    "x",
    "contracts lawyer. Needs a SaaS contracts lawyer; their last one retired. Big week.",
    "ünïcödé naïve café, with emoji 🎉 and a tab\tinside",
    "   surrounding spaces   ",
    "marathon training",
    "word " * 400,  # longer than the model's window: truncated exactly as encode truncates
    "Her husband might be looking for help with SOC 2 audits after the reorg at his company.",
]


def _plain(embedder: Embedder, texts: list[str]) -> np.ndarray:
    return embedder.model.encode(
        texts,
        batch_size=4,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )


def test_packed_vectors_equal_the_library_encode(embedder: Embedder) -> None:
    packed = PackedEncoder(embedder.model)
    assert packed.usable
    got = packed.encode(QUERIES)
    assert got.shape == (len(QUERIES), embedder.dims)
    assert np.abs(got - _plain(embedder, QUERIES)).max() < 1e-4
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("row_tokens", [8, 40, 96, 1000])
def test_any_row_size_gives_the_same_vectors(embedder: Embedder, row_tokens: int) -> None:
    texts = QUERIES[:6] * 3
    got = PackedEncoder(embedder.model, row_tokens=row_tokens).encode(texts)
    assert np.abs(got - _plain(embedder, texts)).max() < 1e-4


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    """An embedder on the torch backend (the configured one runs ONNX: test_onnx.py)."""
    return Embedder(backend="torch")


def test_the_embedder_packs_small_requests_and_keeps_order(torch_embedder: Embedder) -> None:
    embedder = torch_embedder
    assert embedder.onnx is None
    texts = list(reversed(QUERIES))
    got = embedder.encode(texts)
    assert embedder._packed is not None and embedder._packed.usable
    one = embedder.encode([texts[2]])  # alone: the plain float32 path
    if embedder._packed.bf16:
        assert _cosines(got, _plain(embedder, texts)).min() >= 0.9995
        assert _cosines(one, got[2:3]).min() >= 0.9995
    else:
        assert np.abs(got - _plain(embedder, texts)).max() < 1e-4
        assert np.abs(one[0] - got[2]).max() < 1e-4


def test_a_bulk_request_is_packed_a_slice_at_a_time_in_order(torch_embedder: Embedder) -> None:
    embedder = torch_embedder
    texts = [f"{QUERIES[i % len(QUERIES)]} (item {i})" for i in range(300)]  # two slices
    got = embedder.encode(texts)
    assert got.shape == (300, embedder.dims)
    plain = _plain(embedder, texts)
    assert embedder._packed is not None
    if embedder._packed.bf16:
        assert _cosines(got, plain).min() >= 0.9995
    else:
        assert np.abs(got - plain).max() < 1e-4  # row by row: order kept across slices


@pytest.mark.skipif(not native_bf16(), reason="this CPU has no native bfloat16")
def test_bfloat16_packing_stays_close_to_float32_and_to_itself(embedder: Embedder) -> None:
    packed = PackedEncoder(embedder.model, bf16=True)
    assert packed.usable and packed.bf16
    texts = QUERIES * 2 + ["x", "A much longer sentence " * 40]
    got = packed.encode(texts)
    assert _cosines(got, _plain(embedder, texts)).min() >= 0.9995
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-3)
    # Where a text lands in the rows does not change its vector beyond bfloat16 rounding.
    again = packed.encode(list(reversed(texts)))[::-1]
    assert _cosines(got, again).min() >= 0.9999
    # Not worse than float32 where it matters: the nearest text stays the nearest.
    plain = _plain(embedder, QUERIES)
    assert (
        np.argsort(-(got[: len(QUERIES)] @ plain.T), axis=1)[:, 0] == np.arange(len(QUERIES))
    ).all()


def test_bfloat16_is_off_unless_asked_and_supported(embedder: Embedder) -> None:
    assert not PackedEncoder(embedder.model).bf16
    assert PackedEncoder(embedder.model, bf16=True).bf16 == native_bf16()


def test_rows_are_balanced_and_hold_every_text_once() -> None:
    lengths = [50, 3, 40, 12, 12, 30, 7, 90, 20]
    rows = pack_rows(lengths, row_tokens=96)
    assert sorted(i for row in rows for i in row) == list(range(len(lengths)))
    fills = [sum(lengths[i] for i in row) for row in rows]
    assert len(rows) == 3 and max(fills) - min(fills) <= 20
    assert pack_rows([], 96) == []
    assert pack_rows([300], 96) == [[0]]  # a text longer than a row gets a row of its own


class Pooling:  # named as the library names it, pooling otherwise
    pooling_mode = "cls"


def test_models_of_another_shape_are_not_packed(embedder: Embedder) -> None:
    assert packable(embedder.model)
    assert not packable([embedder.model[0], Pooling()])
    assert not packable(object())
    assert not PackedEncoder([embedder.model[0], Pooling()]).usable
