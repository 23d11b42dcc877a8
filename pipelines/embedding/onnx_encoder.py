"""Sentence embeddings through ONNX Runtime: the same MiniLM weights, without torch.

Importing sentence-transformers, transformers and torch costs a command about five seconds
before it has done any work; ONNX Runtime and the tokenizers library cost a tenth of one. The
model is exported once (see :mod:`giveback.pipelines.embedding.onnx_export`), checked against
the library's own ``encode``, and run here with the same packed rows as the torch path
(:mod:`giveback.pipelines.embedding.packing`), so a note's queries still take one forward pass.
The word pieces come from the model's own ``tokenizer.json``, cut at the model's window as the
library cuts them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from giveback.core.errors import ModelUnavailable
from giveback.pipelines.embedding.packing import ROW_TOKENS, pack_texts

# Bump when the exported graph changes shape: older files are then left unused.
# 2: the token states below the listener's tail as a second output
EXPORT_FORMAT = 2
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# Texts per forward pass: a note's queries fit in one; an import runs pass after pass.
PASS_TEXTS = 128
_NORMALIZE = "sentence_transformers.models.Normalize"
_MEAN = "pooling_mode_mean_tokens"


def exportable(model_dir: Path) -> bool:
    """Whether the model folder holds a model this export reproduces (read from its files)."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text("utf-8"))
        config = json.loads((model_dir / "config.json").read_text("utf-8"))
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((model_dir / pooling_dir / "config.json").read_text("utf-8"))
    except (OSError, ValueError, KeyError, StopIteration, TypeError):
        return False
    types = [m["type"].rsplit(".", 1)[-1] for m in modules]
    return (
        types[:2] == ["Transformer", "Pooling"]
        and types[2:] in ([], ["Normalize"])
        and config.get("model_type") == "bert"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and bool(pooling.get(_MEAN))
        and not any(
            on for mode, on in pooling.items() if mode.startswith("pooling_mode_") and mode != _MEAN
        )
        and (model_dir / "tokenizer.json").is_file()
    )


def exported_path(model_dir: Path, cache_dir: Path, name: str) -> Path:
    """Where the export of the model ``name`` in ``model_dir`` lives (it may not exist yet)."""
    digest = hashlib.sha256(f"{EXPORT_FORMAT}|{model_dir.resolve()}".encode())
    for weights in _WEIGHT_FILES:
        if (model_dir / weights).is_file():
            stat = (model_dir / weights).stat()
            digest.update(f"|{weights}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return cache_dir / "onnx" / f"{Path(name).name}-{digest.hexdigest()[:16]}.onnx"


class OnnxEncoder:
    """Unit (or raw, if the model does not normalise) float32 vectors from an exported model."""

    def __init__(self, onnx_path: Path, model_dir: Path, row_tokens: int = ROW_TOKENS) -> None:
        # The runtime loads with the model, never with this module: a command that has nothing
        # to embed (a catalog import with every vector cached) loads neither.
        import onnxruntime

        try:
            self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            window = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
            modules = json.loads((model_dir / "modules.json").read_text("utf-8"))
            config = json.loads((model_dir / "config.json").read_text("utf-8"))
            options = onnxruntime.SessionOptions()
            # The library's own log lines would clutter every command's output.
            options.log_severity_level = 3
            # Idle threads sleep rather than spin: the same time per encode for a fifth less
            # CPU (measured), which a busy service gives to the parse of the next note.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self.session = onnxruntime.InferenceSession(
                str(onnx_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # ONNX Runtime's load errors derive from Exception alone
            raise ModelUnavailable(
                f"the exported embedding model {onnx_path} won't load: {exc}"
            ) from exc
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(window["max_seq_length"]))
        self.lowercase = bool(window.get("do_lower_case", False))
        self.normalize = any(m.get("type") == _NORMALIZE for m in modules)
        self.dims = int(config["hidden_size"])
        self.row_tokens = row_tokens
        self.path = onnx_path

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` as a ``(len(texts), dims)`` float32 array, in order."""
        return self.encode_inner(texts)[0]

    def encode_inner(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The vectors of :meth:`encode`, and each text's token states (tokens by dims)
        ``packing.INNER_FROM_TOP`` layers below the top, from the same pass."""
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32), []
        # As the library does: surrounding white space is dropped before tokenising.
        cleaned = [str(t).strip() for t in texts]
        if self.lowercase:
            cleaned = [t.lower() for t in cleaned]
        pieces = [e.ids for e in self.tokenizer.encode_batch(cleaned)]
        passes = [self._pass(pieces[i : i + PASS_TEXTS]) for i in range(0, len(pieces), PASS_TEXTS)]
        return np.vstack([v for v, _ in passes]), [s for _, states in passes for s in states]

    def _pass(self, pieces: list[list[int]]) -> tuple[np.ndarray, list[np.ndarray]]:
        packed = pack_texts(pieces, self.row_tokens)
        hidden, inner = self.session.run(
            None,
            {
                "input_ids": packed.input_ids,
                "position_ids": packed.positions,
                "attention_mask": packed.mask[:, None],
            },
        )
        vectors = np.stack([hidden[r, at : at + n].mean(axis=0) for r, at, n in packed.spans])
        if self.normalize:
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        states = [np.asarray(inner[r, at : at + n], dtype=np.float32) for r, at, n in packed.spans]
        return np.asarray(vectors, dtype=np.float32), states
