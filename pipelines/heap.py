"""Keeping loaded models out of the garbage collector's way.

Loading the embedding model and the spaCy pipeline leaves about half a million Python objects
that live as long as the process. Every full collection walks them all again (0.3 s on two
cores), and one lands, unasked, in the middle of a paste or an import now and then. Frozen
once, right after a model loads, they are left alone; everything created later is collected as
before.
"""

from __future__ import annotations

import gc


def freeze_loaded_objects() -> None:
    """Collect what is garbage now, then move every live object out of future collections.

    Whatever else is alive at that moment is frozen too: a one-time cost of a few objects that
    may never be collected, for a process that keeps its models to the end.
    """
    gc.collect()
    gc.freeze()
