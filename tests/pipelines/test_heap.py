"""Loaded models are frozen out of garbage collection; everything made later is collected."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
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


_SHORT_LIVED_PROBE = textwrap.dedent(
    """
    import gc, weakref
    from giveback.pipelines.heap import freeze_loaded_objects, short_lived_process

    class Node:
        other = None

    def garbage():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    gc.disable()  # only freeze_loaded_objects may collect
    short_lived_process()
    kept = garbage()
    freeze_loaded_objects()
    short_lived_process(False)
    collected = garbage()
    freeze_loaded_objects()
    print(kept() is not None, collected() is None, gc.get_freeze_count() > 0)
    """
)


def test_a_short_lived_process_freezes_without_collecting_first() -> None:
    # In a process of its own: unfreezing here would hand the shared models back to the collector.
    done = subprocess.run(
        [sys.executable, "-c", _SHORT_LIVED_PROBE], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["True", "True", "True"], done.stderr
