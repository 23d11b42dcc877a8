"""Exporting the embedding model to ONNX once, checked against the library before it is used.

The export needs torch and transformers, so it runs once per model and machine: at install time
(``giveback prepare``) or, failing that, on the first encode. The file lands in the cache folder
under a name made from the model's folder and the size and time of its weights, so a changed
model is exported again and an unchanged one never is. It is written aside and moved into
place only after its vectors agree with ``SentenceTransformer.encode`` on a few probe texts
(packed several to a row, so the mask is checked too); a model it can't reproduce stays on the
torch path.

Only a BERT-style model with absolute positions and mean pooling is exported: the shape
:mod:`giveback.pipelines.embedding.packing` reproduces exactly.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import AutoModel
from transformers.utils import logging as transformers_logging

from giveback.pipelines.embedding.onnx_encoder import OnnxEncoder
from giveback.pipelines.embedding.packing import (
    AGREEMENT,
    INNER_FROM_TOP,
    PROBE,
    pack_texts,
    packable,
)

log = logging.getLogger(__name__)


def export(model_dir: Path, target: Path, library_model: Any) -> Path | None:
    """Export the model to ``target`` and check it against ``library_model`` (the loaded
    SentenceTransformer); ``None``, with the reason logged, if it can't be reproduced."""
    if not packable(library_model):
        log.info("the embedding model is not one the ONNX export reproduces; using torch")
        return None
    aside = target.with_name(f".{target.name}.{os.getpid()}")
    # A loading bar in the middle of a command is noise.
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # unannotated upstream
    try:
        # A cache folder that can't be written (a read-only home) leaves torch in charge.
        target.parent.mkdir(parents=True, exist_ok=True)
        # Eager attention: the graph then adds the mask to the scores, which ONNX can trace.
        model = AutoModel.from_pretrained(
            str(model_dir), attn_implementation="eager", local_files_only=True
        ).eval()
        # Traced on texts packed two rows wide, one row padded: every part of the mask is used.
        sample = pack_texts([[101, 7592, 2088, 102], [101, 2748, 102], [101, 102]], row_tokens=5)
        # The tracer's warnings speak of code paths the checked inputs below rule out.
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Graph(model),
                (
                    torch.from_numpy(sample.input_ids),
                    torch.from_numpy(sample.positions),
                    torch.from_numpy(sample.mask[:, None]),
                ),
                str(aside),
                input_names=["input_ids", "position_ids", "attention_mask"],
                output_names=["last_hidden_state", "inner_hidden_state"],
                dynamic_axes={
                    "input_ids": {0: "rows", 1: "width"},
                    "position_ids": {0: "rows", 1: "width"},
                    "attention_mask": {0: "rows", 2: "width", 3: "width_too"},
                    "last_hidden_state": {0: "rows", 1: "width"},
                    "inner_hidden_state": {0: "rows", 1: "width"},
                },
                opset_version=17,
                dynamo=False,  # the traced exporter: no onnxscript, and the graph is plain
            )
        if not _agrees(OnnxEncoder(aside, model_dir), library_model):
            return None
        os.replace(aside, target)
        return target
    except Exception:  # the export fails in many ways inside torch; torch still works
        log.warning("exporting the embedding model to ONNX failed; using torch", exc_info=True)
        return None
    finally:
        with contextlib.suppress(OSError):  # nothing was written, or no folder to write in
            aside.unlink(missing_ok=True)


def _agrees(encoder: OnnxEncoder, library_model: Any) -> bool:
    got = encoder.encode(list(PROBE))
    want = library_model.encode(
        list(PROBE),
        normalize_embeddings=encoder.normalize,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    gap = float(np.abs(got - want).max())
    if gap > AGREEMENT:
        log.warning("the ONNX export strays from the library by %.2g; using torch", gap)
        return False
    return True


class _Graph(torch.nn.Module):
    """The transformer, with the boolean packing mask turned into additive scores; it gives
    the token states of the last layer and of the layer :data:`INNER_FROM_TOP` below it."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: Any, position_ids: Any, attention_mask: Any) -> Any:
        scores = (~attention_mask).float() * torch.finfo(torch.float32).min
        out = self.model(
            input_ids=input_ids,
            position_ids=position_ids,
            attention_mask=scores,
            token_type_ids=torch.zeros_like(input_ids),
            output_hidden_states=True,
        )
        return out.last_hidden_state, out.hidden_states[-1 - INNER_FROM_TOP]
