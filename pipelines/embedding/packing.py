"""Packed encoding: many short texts through the transformer in one forward pass.

A pasted note's signals give a dozen or so short queries. Encoded as a padded batch they cost
far more per token than one long text does: each forward pass has a fixed cost, and padding
to the longest query in a batch wastes the rest. Packing places several texts end to end in
one row, each with its own positions (0, 1, 2, ...) and an attention mask that lets a token
see only the tokens of its own text. Every text is then computed exactly as if it were
encoded alone (the vectors agree with ``SentenceTransformer.encode`` to float rounding),
while the whole request takes one forward pass over rows of nearly equal length.

This holds only for a BERT-style model with absolute position embeddings, mean pooling and
(optionally) normalisation, so :func:`packable` checks the model's shape and
:class:`PackedEncoder` checks itself against the library's own ``encode`` once, on first use.
Any other model is encoded the ordinary way.

Optionally the pass runs in bfloat16 (``torch.autocast``), on CPUs that compute it natively
(AVX-512 BF16 or AMX): about 30% faster for a note's queries and twice the library's speed
for an import, with vectors within cosine 0.9995 of float32 (the self-check holds it to that;
0.99997 measured). Elsewhere it would be emulated and slower,
so it is used only where oneDNN reports native support.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# Rows of about this many tokens measured fastest for a note's 13 queries on two cores
# (64: 81 ms, 96: 75 ms, 128: 87 ms): shorter rows add rows, longer ones attend over more pairs.
ROW_TOKENS = 96
# The encoder also hands out each text's token states this many layers below the top: the
# listener's kind tail (giveback.pipelines.learned.signals.tail) runs its own tuned copy of
# those top layers on them, so listening takes one pass of the model, not two.
INNER_FROM_TOP = 2
AGREEMENT = 1e-4  # largest difference from the library's encode the self-check accepts
_BF16_AGREEMENT = 0.9995  # smallest cosine to the library's float32 vector, in bfloat16
PROBE = (
    "She is looking for a contracts lawyer before the seed round closes.",
    "Really into marathon training.",
    "Moving to Denver in June; nervous about schools.",
)


def packable(model: Any) -> bool:
    """Whether a SentenceTransformer has the shape packed encoding reproduces exactly."""
    try:
        modules = list(model)
        names = [type(m).__name__ for m in modules]
        config = modules[0].auto_model.config
    except (AttributeError, IndexError, TypeError):
        return False
    if names[:2] != ["Transformer", "Pooling"] or names[2:] not in ([], ["Normalize"]):
        return False
    pooling = modules[1]
    return (
        getattr(pooling, "pooling_mode", None) == "mean"
        and getattr(config, "position_embedding_type", "absolute") == "absolute"
        and getattr(config, "model_type", "") == "bert"
    )


@lru_cache(maxsize=1)
def native_bf16() -> bool:
    """Whether this CPU computes bfloat16 matrix products natively (per oneDNN)."""
    import torch

    try:
        available = torch.backends.mkldnn.is_available()  # type: ignore[no-untyped-call]  # torch leaves it unannotated
        return bool(available and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def pack_rows(lengths: Sequence[int], row_tokens: int = ROW_TOKENS) -> list[list[int]]:
    """Indices of texts per row: longest first, each into the emptiest row (balanced rows).

    There are ``ceil(total / max(row_tokens, longest))`` rows, so rows run about
    ``row_tokens`` long (the longest text, if longer); the longest-first placement keeps
    their lengths close, which keeps the padding of the one batch small.
    """
    if not lengths:
        return []
    total, longest = sum(lengths), max(lengths)
    rows = max(1, math.ceil(total / max(row_tokens, longest)))
    fill = [0] * rows
    members: list[list[int]] = [[] for _ in range(rows)]
    for i in sorted(range(len(lengths)), key=lambda k: -lengths[k]):
        r = min(range(rows), key=fill.__getitem__)
        fill[r] += lengths[i]
        members[r].append(i)
    return [m for m in members if m]


@dataclass(frozen=True)
class PackedTexts:
    """Texts' word pieces laid end to end in rows, ready for one forward pass."""

    input_ids: np.ndarray  # (rows, width) int64, 0 where a row is padded
    positions: np.ndarray  # (rows, width) int64: each text counts from 0
    mask: np.ndarray  # (rows, width, width) bool: a token sees the tokens of its own text
    spans: list[tuple[int, int, int]]  # per text, in order: (row, start, length)


def pack_texts(pieces: Sequence[Sequence[int]], row_tokens: int = ROW_TOKENS) -> PackedTexts:
    """Rows for the word pieces of each text (see :func:`pack_rows`), with positions and mask."""
    rows = pack_rows([len(p) for p in pieces], row_tokens)
    width = max(sum(len(pieces[i]) for i in row) for row in rows)
    input_ids = np.zeros((len(rows), width), dtype=np.int64)
    positions = np.zeros((len(rows), width), dtype=np.int64)
    owner = np.full((len(rows), width), -1, dtype=np.int64)
    spans: list[tuple[int, int, int]] = [(0, 0, 0)] * len(pieces)
    for r, row in enumerate(rows):
        at = 0
        for i in row:
            n = len(pieces[i])
            input_ids[r, at : at + n] = pieces[i]
            positions[r, at : at + n] = np.arange(n)
            owner[r, at : at + n] = i
            spans[i] = (r, at, n)
            at += n
    # A token attends to the tokens of its own text; padding attends to itself only, so
    # no row of the mask is empty (an empty row would turn the softmax into NaN).
    mask = (owner[:, :, None] == owner[:, None, :]) & (owner[:, :, None] >= 0)
    mask |= np.eye(width, dtype=bool)[None]
    return PackedTexts(input_ids, positions, mask, spans)


class PackedEncoder:
    """Unit vectors for texts packed into rows: the model's own ``encode`` to float32 rounding
    (or to bfloat16's, when asked for and the CPU has it)."""

    def __init__(self, model: Any, row_tokens: int = ROW_TOKENS, bf16: bool = False) -> None:
        self.model = model
        self.row_tokens = row_tokens
        self.normalize = len(list(model)) > 2
        self.bf16 = bf16 and native_bf16()
        self._checked: bool | None = None

    @property
    def usable(self) -> bool:
        """Whether packing reproduces the library's vectors for this model (checked once)."""
        if self._checked is None:
            self._checked = packable(self.model) and self._agrees()
            if not self._checked:
                log.info(
                    "packed encoding is off for this model; encoding texts one batch at a time"
                )
        return self._checked

    def _agrees(self) -> bool:
        try:
            packed = self._encode(list(PROBE))
        except Exception:  # any failure means: not this model; the plain path still works
            log.debug("packed encoding failed its self-check", exc_info=True)
            return False
        plain = self.model.encode(
            list(PROBE),
            normalize_embeddings=self.normalize,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        if not self.bf16:
            return bool(np.abs(packed - plain).max() <= AGREEMENT)
        cosines = np.sum(packed * plain, axis=1) / (
            np.linalg.norm(packed, axis=1) * np.linalg.norm(plain, axis=1)
        )
        if float(cosines.min()) >= _BF16_AGREEMENT:
            return True
        log.info(
            "bfloat16 vectors strayed from float32 (cosine %.5f); packing in float32",
            float(cosines.min()),
        )
        self.bf16 = False
        return self._agrees()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Float32 vectors for ``texts``, in order (normalised when the model normalises)."""
        return self._encode(list(texts))

    def _encode(self, texts: list[str]) -> np.ndarray:
        import torch

        features = self.model.preprocess(texts)
        ids, real = features["input_ids"], features["attention_mask"].bool()
        packed = pack_texts([ids[i][real[i]].tolist() for i in range(len(texts))], self.row_tokens)
        input_ids = torch.from_numpy(packed.input_ids)
        with torch.inference_mode(), torch.autocast("cpu", torch.bfloat16, enabled=self.bf16):
            hidden = (
                self.model[0]
                .auto_model(
                    input_ids=input_ids,
                    attention_mask=torch.from_numpy(packed.mask[:, None]),
                    position_ids=torch.from_numpy(packed.positions),
                    token_type_ids=torch.zeros_like(input_ids),
                )
                .last_hidden_state
            )
            vectors = torch.stack([hidden[r, at : at + n].mean(dim=0) for r, at, n in packed.spans])
            if self.normalize:
                vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
        return vectors.float().numpy()
