"""Tuning the kind tail with torch (listening runs it in NumPy: ``tail.py``).

The top layers start as the embedding model's own and learn, with a fresh kind head, from the
token states below them, computed once per clause: each step runs two layers, not six.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import AutoModel

from giveback.pipelines.learned.signals.tail import TAIL_LAYERS, KindTail, TailLayer


@dataclass
class TailConfig:
    """The knobs of the tail's tuning (``[tail]`` in ``models/listener/config.toml``)."""

    epochs: int = 3
    batch: int = 32
    learning_rate: float = 1e-4  # the layers'; the fresh head learns ten times faster
    weight_decay: float = 0.01
    warmup: float = 0.06  # share of the steps the learning rate climbs over
    seed: int = 0


def top_layers(model_dir: Path) -> tuple[list[torch.nn.Module], float, int]:
    """Copies of the top :data:`TAIL_LAYERS` layers of the model in ``model_dir``, with its
    layer-norm epsilon and number of attention heads."""
    model = AutoModel.from_pretrained(
        str(model_dir), attn_implementation="eager", local_files_only=True
    )
    layers = [copy.deepcopy(layer) for layer in model.encoder.layer[-TAIL_LAYERS:]]
    return layers, float(model.config.layer_norm_eps), int(model.config.num_attention_heads)


def padded(states: Sequence[np.ndarray], rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """The states of ``rows`` as one zero-padded batch, with its mask (1 for a real token)."""
    width = max(len(states[r]) for r in rows)
    x = np.zeros((len(rows), width, states[rows[0]].shape[1]), dtype=np.float32)
    mask = np.zeros((len(rows), width), dtype=np.float32)
    for n, r in enumerate(rows):
        x[n, : len(states[r])] = states[r]
        mask[n, : len(states[r])] = 1.0
    return torch.from_numpy(x), torch.from_numpy(mask)


def _batches(states: Sequence[np.ndarray], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    # Shuffled, then sorted by length within runs of fifty batches: a batch pads to its longest
    # clause, and one long clause among short ones made most of a step padding.
    order = rng.permutation(len(states))
    run = size * 50
    batches = []
    for at in range(0, len(order), run):
        chunk = sorted(order[at : at + run], key=lambda r: len(states[r]))
        batches += [np.array(chunk[i : i + size]) for i in range(0, len(chunk), size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def torch_logits(
    layers: Sequence[torch.nn.Module], head: torch.nn.Linear, x: torch.Tensor, mask: torch.Tensor
) -> torch.Tensor:
    """The kind logits of a padded batch through the torch layers and head (as trained)."""
    additive = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
    for layer in layers:
        out = layer(x, attention_mask=additive)
        x = out[0] if isinstance(out, tuple) else out
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    return head(pooled)  # type: ignore[no-any-return]  # torch.nn.Module.__call__ returns Any


def fit_tail(
    states: Sequence[np.ndarray], truth: np.ndarray, model_dir: Path, config: TailConfig
) -> KindTail:
    """Tune the embedding model's top layers and a kind head on these clauses (their token
    states below the tail) and their kinds (clause by kind); seeded by ``config.seed``."""
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    layers, eps, heads = top_layers(model_dir)
    width = states[0].shape[1]
    head = torch.nn.Linear(width, truth.shape[1])
    trained = [p for layer in layers for p in layer.parameters()]
    optimiser = torch.optim.AdamW(
        [
            {"params": trained, "lr": config.learning_rate},
            {"params": list(head.parameters()), "lr": config.learning_rate * 10},
        ],
        weight_decay=config.weight_decay,
    )
    steps = config.epochs * len(_batches(states, config.batch, np.random.default_rng(0)))
    warm = max(1.0, config.warmup * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / steps)
    )
    # Rare kinds count more, by the square root of their rarity: all of it over-hears them.
    share = np.clip(truth.mean(axis=0), 1e-3, 1 - 1e-3)
    loss_of = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(np.sqrt((1 - share) / share), dtype=torch.float32)
    )
    target = torch.from_numpy(truth.astype(np.float32))
    for layer in layers:
        layer.train()
    for _ in range(config.epochs):
        for rows in _batches(states, config.batch, rng):
            x, mask = padded(states, rows)
            loss = loss_of(torch_logits(layers, head, x, mask), target[torch.from_numpy(rows)])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*trained, *head.parameters()], 1.0)
            optimiser.step()
            schedule.step()
    # Kept in float16 (the tail widens them as it runs): half the bytes, the same kinds.
    return as_tail(layers, head, heads, eps, np.float16)


def as_tail(
    layers: Sequence[torch.nn.Module],
    head: torch.nn.Linear,
    heads: int,
    eps: float,
    dtype: type[np.floating[Any]] = np.float32,
) -> KindTail:
    """The NumPy tail of these torch BERT layers and kind head, its weights in ``dtype``."""

    def array(tensor: torch.Tensor) -> np.ndarray:
        return tensor.detach().numpy().astype(dtype)

    return KindTail(
        tuple(_exported(layer, array) for layer in layers),
        array(head.weight),
        array(head.bias),
        heads,
        eps,
    )


def _exported(layer: torch.nn.Module, array: Callable[[torch.Tensor], np.ndarray]) -> TailLayer:
    parts = dict(layer.named_parameters())
    names = {
        "query": "attention.self.query",
        "key": "attention.self.key",
        "value": "attention.self.value",
        "attention_out": "attention.output.dense",
        "attention_norm": "attention.output.LayerNorm",
        "intermediate": "intermediate.dense",
        "output": "output.dense",
        "output_norm": "output.LayerNorm",
    }
    fields = {}
    for field, name in names.items():
        fields[field] = array(parts[f"{name}.weight"])
        fields[f"{field}_bias"] = array(parts[f"{name}.bias"])
    return TailLayer(**fields)
