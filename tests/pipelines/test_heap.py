"""Loaded models are frozen out of garbage collection; everything made later is collected."""

from __future__ import annotations

import gc
import weakref

from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import Listener


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_a_loaded_model_is_frozen_and_later_garbage_still_goes(
    embedder: Embedder, listener: Listener
) -> None:
    assert embedder.model is not None and listener.nlp is not None
    assert gc.get_freeze_count() > 100_000  # the models' objects: out of every collection
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector can free it
    gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None
