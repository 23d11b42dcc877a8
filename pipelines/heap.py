"""Keeping loaded models out of the garbage collector's way.

Loading the embedding model and the spaCy pipeline leaves about half a million Python objects
that live as long as the process. Every full collection walks them all again (0.3 s on two
cores), and one lands, unasked, in the middle of a paste or an import now and then. Frozen
once, right after a model loads, they are left alone; everything created later is collected as
before. A process that runs one command and ends (the ``giveback`` console script) says so, and
skips the collection that freezing starts with: 0.05 s that buys nothing in a process about to
exit.
"""

from __future__ import annotations

import gc

_short_lived = False


def short_lived_process(short: bool = True) -> None:
    """Declare that this process runs one command and ends (or, with ``False``, that it
    serves on): loading a model then skips the collection it would otherwise start with
    (see :func:`freeze_loaded_objects`)."""
    global _short_lived
    _short_lived = short


def freeze_loaded_objects() -> None:
    """Collect what is garbage now, then move every live object out of future collections.

    Whatever else is alive at that moment is frozen too: a one-time cost of a few objects that
    may never be collected, for a process that keeps its models to the end. In a short-lived
    process the garbage is not collected first: it is freed with the process, moments later.
    """
    if not _short_lived:
        gc.collect()
    gc.freeze()
