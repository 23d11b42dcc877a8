"""The kind tail: the embedding model's last layers, tuned to hear which kinds a clause carries.

The ranker's MiniLM is frozen: its sentence vectors must stay those the catalog was embedded
with. Its lower layers read a clause as well for the listener as for the ranker; the top ones
pool it into a vector made for similarity, which a linear head can only partly read kinds from.
So the listener keeps its own copy of the top :data:`TAIL_LAYERS` layers, tuned on the labeled
clauses with a kind head (``tail_fit.py``), and runs them here, in NumPy, on the token states the
encoder's one pass already computes below them (``Embedder.encode_inner``). Listening costs those
two layers more, not a second model.

Tried on the dev split, clause by clause, best threshold per kind (stop 51): the tail alone
heard interests at F1 0.691 and needs at 0.718, against 0.624 and 0.694 for the logistic kind
heads on the frozen vector, words and shape; their mean 0.679 and 0.732, and every other kind
rose too (caution 0.779 -> 0.841). The whole model tuned, with the clause before as context,
did no better than the logistic heads (0.610 and 0.686): the lower layers gain nothing from
four thousand notes and the top ones gain most.

It speaks to the kinds ``tail_kinds`` names (``models/listener/config.toml``): on every kind,
the listener heard more of what the corpus labels and the dev suggestion networks got more
harmful top-3s; on promises and cautions it is even there (see the config's comment).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import erf

# The layers the tail owns, counted from the top: the encoder hands over the states below them.
TAIL_LAYERS = 2


@dataclass(frozen=True, slots=True)
class TailLayer:
    """One BERT layer's weights, as ``torch.nn.Linear`` keeps them (out by in)."""

    query: np.ndarray
    query_bias: np.ndarray
    key: np.ndarray
    key_bias: np.ndarray
    value: np.ndarray
    value_bias: np.ndarray
    attention_out: np.ndarray
    attention_out_bias: np.ndarray
    attention_norm: np.ndarray
    attention_norm_bias: np.ndarray
    intermediate: np.ndarray
    intermediate_bias: np.ndarray
    output: np.ndarray
    output_bias: np.ndarray
    output_norm: np.ndarray
    output_norm_bias: np.ndarray

    def widened(self) -> TailLayer:
        """The same layer in float32 (it is kept in float16 on disk)."""
        return TailLayer(*(np.asarray(getattr(self, f), dtype=np.float32) for f in _FIELDS))


_FIELDS = tuple(TailLayer.__dataclass_fields__)


def _norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return np.asarray((x - mean) / np.sqrt(var + eps) * weight + bias)


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU (erf), as the layers were trained with.
    return np.asarray(0.5 * x * (1.0 + erf(x / np.sqrt(2.0))))


def run_layer(
    layer: TailLayer, x: np.ndarray, heads: int, eps: float, same: np.ndarray | None = None
) -> np.ndarray:
    """One BERT layer over token states (tokens by width): one text's, or several texts' laid
    end to end, ``same`` saying which tokens may see which (those of their own text)."""
    tokens, width = x.shape
    size = width // heads

    def split(w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray((x @ w.T + b).reshape(tokens, heads, size).transpose(1, 0, 2))

    q, k, v = (
        split(layer.query, layer.query_bias),
        split(layer.key, layer.key_bias),
        split(layer.value, layer.value_bias),
    )
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
    if same is not None:
        scores = np.where(same[None], scores, np.float32(-1e30))
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(1, 0, 2).reshape(tokens, width)
    attended = context @ layer.attention_out.T + layer.attention_out_bias
    x = _norm(x + attended, layer.attention_norm, layer.attention_norm_bias, eps)
    inner = _gelu(x @ layer.intermediate.T + layer.intermediate_bias)
    out = inner @ layer.output.T + layer.output_bias
    return _norm(x + out, layer.output_norm, layer.output_norm_bias, eps)


@dataclass(frozen=True, slots=True)
class KindTail:
    """The tuned top layers and a kind head over their mean-pooled output (KINDS order)."""

    layers: tuple[TailLayer, ...]
    head: np.ndarray  # kinds by width
    head_bias: np.ndarray
    heads: int
    eps: float

    def probabilities(self, states: Sequence[np.ndarray]) -> np.ndarray:
        """Per text (its token states below the tail, tokens by width) and kind, the
        probability the text carries the kind."""
        out = np.zeros((len(states), self.head.shape[0]), dtype=np.float32)
        if not len(states):
            return out
        layers, head, bias = self._widened()
        # Texts end to end, each token seeing its own text's: one set of large products
        # instead of many small ones (a note's clauses took 8.7 ms each, one by one).
        for start in range(0, len(states), _TEXTS_AT_ONCE):
            group = [
                np.asarray(x, dtype=np.float32) for x in states[start : start + _TEXTS_AT_ONCE]
            ]
            owner = np.repeat(np.arange(len(group)), [len(x) for x in group])
            same = owner[:, None] == owner[None, :]
            x = np.vstack(group)
            for layer in layers:
                x = run_layer(layer, x, self.heads, self.eps, same)
            counts = np.bincount(owner, minlength=len(group)).astype(np.float32)
            pooled = np.zeros((len(group), x.shape[1]), dtype=np.float32)
            np.add.at(pooled, owner, x)
            logits = (pooled / counts[:, None]) @ head.T + bias
            out[start : start + len(group)] = 1.0 / (1.0 + np.exp(-logits))
        return out

    def _widened(self) -> tuple[list[TailLayer], np.ndarray, np.ndarray]:
        # Widened once per tail (12 ms a time), kept while the tail lives.
        kept = _WIDE.get(id(self))
        if kept is None or kept[0] is not self:
            kept = (
                self,
                [layer.widened() for layer in self.layers],
                np.asarray(self.head, dtype=np.float32),
                np.asarray(self.head_bias, dtype=np.float32),
            )
            _WIDE[id(self)] = kept
        return kept[1], kept[2], kept[3]


# Texts run together (the mask grows with the square of their tokens).
_TEXTS_AT_ONCE = 32
_WIDE: dict[int, tuple[KindTail, list[TailLayer], np.ndarray, np.ndarray]] = {}
