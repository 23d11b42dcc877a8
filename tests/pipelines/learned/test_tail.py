"""The kind tail: NumPy runs the encoder's top layers as torch does, on the states the encoder
hands over, and tuning it is seeded and learns."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.learned.signals.tail import KindTail, run_layer
from giveback.pipelines.learned.signals.tail_fit import (
    TailConfig,
    as_tail,
    fit_tail,
    padded,
    top_layers,
    torch_logits,
)

TEXTS = [
    "She is looking for a contracts lawyer before the seed round closes.",
    "back on the bike",
    "Do you run every day?",
    "don't send her anything about wine, she quit",
    "I'll send him the term sheet primer 🚀 tonight",
]


def _base_tail(
    embedder: Embedder, kinds: int = 5
) -> tuple[KindTail, list[torch.nn.Module], torch.nn.Linear]:
    layers, eps, heads = top_layers(embedder.location)
    torch.manual_seed(0)
    head = torch.nn.Linear(embedder.dims, kinds)
    return as_tail(layers, head, heads, eps), layers, head


def test_the_encoders_own_top_layers_in_numpy_give_back_its_vectors(embedder: Embedder) -> None:
    # The states handed over are the right layer's: the model's own top layers, run in NumPy
    # on them, end where the encoder ends.
    tail, _, _ = _base_tail(embedder)
    vectors, states = embedder.encode_inner(TEXTS)
    assert len(states) == len(TEXTS) and all(s.shape[1] == embedder.dims for s in states)
    for vector, x in zip(vectors, states, strict=True):
        for layer in tail.layers:
            x = run_layer(layer, x, tail.heads, tail.eps)
        pooled = x.mean(axis=0)
        assert np.abs(pooled / np.linalg.norm(pooled) - vector).max() < 1e-4


def test_numpy_and_torch_give_the_same_kind_probabilities(embedder: Embedder) -> None:
    tail, layers, head = _base_tail(embedder)
    for layer in layers:
        layer.eval()
    _, states = embedder.encode_inner(TEXTS)
    x, mask = padded(states, np.arange(len(states)))
    with torch.inference_mode():
        want = torch.sigmoid(torch_logits(layers, head, x, mask)).numpy()
    assert np.abs(tail.probabilities(states) - want).max() < 1e-4
    assert tail.probabilities([]).shape == (0, 5)


def test_the_torch_path_hands_over_the_same_states(embedder: Embedder) -> None:
    torch_only = Embedder(backend="torch")
    torch_only._model = embedder.model
    vectors, states = embedder.encode_inner(TEXTS)
    again, torch_states = torch_only.encode_inner(TEXTS)
    assert np.abs(vectors - again).max() < 1e-4
    for a, b in zip(states, torch_states, strict=True):
        assert a.shape == b.shape and np.abs(a - b).max() < 1e-3


@pytest.fixture(scope="module")
def taught(embedder: Embedder) -> tuple[KindTail, list[np.ndarray], np.ndarray]:
    needs = [f"she needs a {w} before the move" for w in ("lawyer", "nanny", "van", "tutor")]
    hobbies = [f"he loves {w} on weekends" for w in ("climbing", "sailing", "baking", "chess")]
    texts = (needs + hobbies) * 3
    truth = np.array([[t in needs, t in hobbies] for t in texts])
    _, states = embedder.encode_inner(texts)
    config = TailConfig(epochs=4, batch=8, learning_rate=3e-4)
    return fit_tail(states, truth, embedder.location, config), states, truth


def test_the_tuned_tail_learns_its_kinds(
    taught: tuple[KindTail, list[np.ndarray], np.ndarray], embedder: Embedder
) -> None:
    tail, states, truth = taught
    assert tail.head.dtype == np.float16  # half the bytes on disk
    got = tail.probabilities(states)
    assert ((got >= 0.5) == truth).all()
    _, unseen = embedder.encode_inner(
        ["my sister needs a plumber this week", "she adores kayaking"]
    )
    assert tail.probabilities(unseen).argmax(axis=1).tolist() == [0, 1]


def test_tuning_is_seeded(
    taught: tuple[KindTail, list[np.ndarray], np.ndarray], embedder: Embedder
) -> None:
    tail, states, truth = taught
    again = fit_tail(
        states, truth, embedder.location, TailConfig(epochs=4, batch=8, learning_rate=3e-4)
    )
    assert np.array_equal(again.head, tail.head)
    assert np.array_equal(again.layers[0].query, tail.layers[0].query)
