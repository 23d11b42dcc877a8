"""The NLP models the service shares: loaded once at start-up, used one call at a time.

Handlers are plain ``def`` functions, so FastAPI runs them in worker threads and the event loop
never waits on a model. spaCy pipelines are not documented as safe to call from several threads
at once, so a listener or an encoder is used under a lock unless it says it is safe to share.
The learned listener is: it parses one batch at a time itself, and embeds and classifies
concurrently. So is the embedder: ONNX Runtime runs concurrent calls, and its torch path locks
itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from giveback.core.domain import ContactRef, NoteInput
from giveback.pipelines.embedding.encoder import get_embedder
from giveback.pipelines.learned import get_listener

if TYPE_CHECKING:
    import numpy as np

    from giveback.core.domain import Extraction, NoteInput
    from giveback.engine.catalog.embedding_cache import Encoder
    from giveback.engine.listening.notes import NoteListener


log = logging.getLogger(__name__)


class LockedListener:
    """A listener whose calls run one at a time."""

    def __init__(self, inner: NoteListener) -> None:
        self._inner = inner
        self._lock = threading.Lock()

    def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
        """Listen to notes (serialised with other callers, unless the listener is safe to
        share: the learned listener parses one batch at a time and does the rest
        concurrently)."""
        if getattr(self._inner, "thread_safe", False):
            return self._inner.listen_many(notes)
        with self._lock:
            return self._inner.listen_many(notes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class LockedEncoder:
    """An encoder whose calls run one at a time."""

    def __init__(self, inner: Encoder) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self.model_id = inner.model_id

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (serialised with other callers, unless the encoder is safe to share)."""
        if getattr(self._inner, "thread_safe", False):
            return self._inner.encode(texts)
        with self._lock:
            return self._inner.encode(texts)


def _warm_up_note() -> NoteInput:
    return NoteInput(
        text="Met Sam for coffee on Monday. She is looking for a designer and loves climbing.",
        note_date=date(2026, 1, 5),
        contact=ContactRef("Sam Lee", ("Sam",)),
    )


@dataclass
class ModelHost:
    """Where handlers get the listener and the encoder; ``load`` runs once at start-up."""

    listener_factory: Callable[[], NoteListener] | None = None
    encoder_factory: Callable[[], Encoder] | None = None
    _listener: LockedListener | None = field(default=None, init=False)
    _encoder: LockedEncoder | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def loaded(self) -> bool:
        """Both models are in memory."""
        return self._listener is not None and self._encoder is not None

    def load(self) -> None:
        """Load both models and run each once, so the first request pays nothing."""
        with self._lock:
            if self._listener is None:
                if self.listener_factory is not None:
                    listener = self.listener_factory()
                else:
                    listener = get_listener()
                # The spaCy pipeline (and the date parser) load on the first note: pay it here.
                listener.listen_many([_warm_up_note()])
                self._listener = LockedListener(listener)
            if self._encoder is None:
                if self.encoder_factory is not None:
                    encoder = self.encoder_factory()
                else:
                    encoder = get_embedder()
                # Two texts: the first paste's queries take the packed path, whose one-time
                # self-check against the library's encode is paid here too.
                encoder.encode(["warm up", "and check the packed encoder"])
                self._encoder = LockedEncoder(encoder)

    def warm_in_background(self) -> threading.Thread:
        """Load the models in a thread of their own: the service answers at once, ``/health``
        says when the models are warm, and a request that needs them first waits for them."""

        def warm() -> None:
            try:
                self.load()
            except Exception:  # the request that needs the models reports it (503)
                log.warning("the models did not load at start-up", exc_info=True)

        thread = threading.Thread(target=warm, name="giveback-warm-models", daemon=True)
        thread.start()
        return thread

    @property
    def listener(self) -> LockedListener:
        """The shared listener (loaded on first use if start-up did not)."""
        if self._listener is None:
            self.load()
        assert self._listener is not None
        return self._listener

    @property
    def encoder(self) -> LockedEncoder:
        """The shared encoder (loaded on first use if start-up did not)."""
        if self._encoder is None:
            self.load()
        assert self._encoder is not None
        return self._encoder
